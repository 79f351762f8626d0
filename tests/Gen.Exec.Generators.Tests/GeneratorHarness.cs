using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Gen.Exec.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Gen.Exec.Generators.Tests;

/// <summary>Runs the real generator in-process over source text, against the running framework and Gen.Exec.</summary>
internal static class GeneratorHarness
{
    // Diagnose documentation comments, as a user project with GenerateDocumentationFile does (CS1591 etc.).
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    {
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        IEnumerable<string> framework = trusted.Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll");
        return framework
            .Append(typeof(LayerAttribute).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    });

    /// <summary>What a service project references: DI and logging abstractions, options, Polly.Core (any combination).</summary>
    public static CSharpCompilation WithIntegration(CSharpCompilation compilation, bool di = true, bool logging = true, bool options = true, bool polly = true)
    {
        var assemblies = new List<System.Reflection.Assembly>();
        if (di)
        {
            assemblies.Add(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly);
        }

        if (logging)
        {
            assemblies.Add(typeof(Microsoft.Extensions.Logging.ILogger).Assembly);
            assemblies.Add(typeof(Microsoft.Extensions.Logging.Abstractions.NullLogger).Assembly);
        }

        if (options)
        {
            assemblies.Add(typeof(Microsoft.Extensions.Options.IOptions<>).Assembly);
            assemblies.Add(typeof(Microsoft.Extensions.Primitives.StringValues).Assembly);
        }

        if (polly)
        {
            assemblies.Add(typeof(Polly.ResiliencePipeline).Assembly);
        }

        return compilation.AddReferences(assemblies.Distinct().Select(a => MetadataReference.CreateFromFile(a.Location)));
    }

    public static CSharpCompilation Compile(params string[] sources)
        => CSharpCompilation.Create(
            "GraphUnderTest",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs")),
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver()
        => CSharpGeneratorDriver.Create(
            new[] { new ExecutorGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator and returns the run result and the compilation including generated code.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(CSharpCompilation compilation)
    {
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        Assert.Empty(diagnostics);
        GeneratorDriverRunResult result = driver.GetRunResult();
        Assert.All(result.Results, r => Assert.Null(r.Exception));
        return (result, output);
    }

    /// <summary>
    /// Errors anywhere in the compilation, and warnings (including documentation warnings such as CS1591)
    /// in generated code; the test sources themselves carry no documentation comments.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Problems(Compilation compilation)
        => compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error ||
                        (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true))
            .ToList();
}
