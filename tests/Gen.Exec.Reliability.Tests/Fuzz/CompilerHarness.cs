using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Gen.Exec.Analyzers;
using Gen.Exec.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Gen.Exec.Reliability.Tests.Fuzz;

/// <summary>What compiling one source with the generator and every analyzer produced.</summary>
internal sealed record CompileOutcome(
    IReadOnlyList<string> Crashes,
    IReadOnlyList<Diagnostic> UserErrors,
    IReadOnlyList<Diagnostic> GexDiagnostics,
    IReadOnlyList<Diagnostic> GeneratedCodeErrors,
    IReadOnlyList<string> LayerTypes,
    IReadOnlyList<string> GeneratedTypes)
{
    public bool HasGexError => GexDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}

/// <summary>Runs the generator and every analyzer of Gen.Exec.Analyzers in-process, as a build would.</summary>
internal static class CompilerHarness
{
    private const string UserPath = "User.cs";

    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Latest);

    private static readonly CSharpCompilationOptions s_compilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        allowUnsafe: true);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    /// <summary>Every concrete DiagnosticAnalyzer in the analyzers assembly, found by reflection.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = typeof(GraphAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static CompileOutcome Compile(string source)
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText(source, s_parseOptions, UserPath);
        var compilation = CSharpCompilation.Create("Fuzz", [tree], s_references.Value, s_compilationOptions);
        var crashes = new List<string>();

        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new ExecutorGenerator().AsSourceGenerator()],
            parseOptions: s_parseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        foreach (GeneratorRunResult result in driver.GetRunResult().Results)
        {
            if (result.Exception is { } exception)
            {
                crashes.Add("generator threw " + exception);
            }
        }

        crashes.AddRange(generatorDiagnostics.Where(d => d.Id == "CS8785").Select(d => "CS8785: " + d.GetMessage()));

        var analyzerExceptions = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            (exception, analyzer, _) => analyzerExceptions.Enqueue($"{analyzer.GetType().Name} threw {exception}"),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        ImmutableArray<Diagnostic> all = output.WithAnalyzers(Analyzers, options)
            .GetAllDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        crashes.AddRange(analyzerExceptions);
        crashes.AddRange(all.Where(d => d.Id == "AD0001").Select(d => "AD0001: " + d.GetMessage()));

        bool InUserCode(Diagnostic d) => d.Location.SourceTree is null || d.Location.SourceTree.FilePath == UserPath;
        List<Diagnostic> gex = all.Where(d => d.Id.StartsWith("GEX", StringComparison.Ordinal)).ToList();
        List<Diagnostic> userErrors = all.Where(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("GEX", StringComparison.Ordinal) && InUserCode(d)).ToList();
        List<Diagnostic> generatedErrors = all.Where(d => d.Severity == DiagnosticSeverity.Error && !InUserCode(d)).ToList();

        var layerTypes = new List<string>();
        var generatedTypes = new List<string>();
        INamedTypeSymbol? layerAttribute = output.GetTypeByMetadataName("Gen.Exec.LayerAttribute");
        foreach (INamedTypeSymbol type in SourceTypes(output.Assembly.GlobalNamespace))
        {
            bool hasLayers = type.GetMembers().OfType<IMethodSymbol>()
                .Any(m => m.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, layerAttribute)));
            if (!hasLayers || !type.DeclaringSyntaxReferences.Any(r => r.SyntaxTree.FilePath == UserPath))
            {
                continue;
            }

            layerTypes.Add(type.ToDisplayString());
            if (type.GetTypeMembers("Executor").Any(e => e.DeclaringSyntaxReferences.Any(r => r.SyntaxTree.FilePath != UserPath)))
            {
                generatedTypes.Add(type.ToDisplayString());
            }
        }

        return new CompileOutcome(crashes, userErrors, gex, generatedErrors, layerTypes, generatedTypes);
    }

    private static IEnumerable<INamedTypeSymbol> SourceTypes(INamespaceSymbol ns)
    {
        foreach (INamespaceOrTypeSymbol member in ns.GetMembers())
        {
            if (member is INamespaceSymbol inner)
            {
                foreach (INamedTypeSymbol type in SourceTypes(inner))
                {
                    yield return type;
                }
            }
            else if (member is INamedTypeSymbol type && type.Locations.Any(l => l.IsInSource))
            {
                foreach (INamedTypeSymbol nested in WithNested(type))
                {
                    yield return nested;
                }
            }
        }
    }

    private static IEnumerable<INamedTypeSymbol> WithNested(INamedTypeSymbol type)
    {
        yield return type;
        foreach (INamedTypeSymbol nested in type.GetTypeMembers().SelectMany(WithNested))
        {
            yield return nested;
        }
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // The running framework's reference pack when the SDK is installed, else its own assemblies.
        string runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string version = Path.GetFileName(runtimeDirectory);
        string dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        string moniker = "net" + Environment.Version.Major + "." + Environment.Version.Minor;
        string referencePack = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref", version, "ref", moniker);
        string directory = Directory.Exists(referencePack) ? referencePack : runtimeDirectory;
        string[] names = ["System.Runtime.dll", "System.Threading.dll", "System.Threading.Tasks.dll", "System.Collections.dll", "System.Linq.dll", "System.ComponentModel.dll", "System.Private.CoreLib.dll", "netstandard.dll"];
        return names.Select(name => Path.Combine(directory, name))
            .Where(File.Exists)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .Append(MetadataReference.CreateFromFile(typeof(LayerAttribute).Assembly.Location))
            .ToImmutableArray();
    }
}
