using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using Gen.Exec.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Gen.Exec.Benchmarks;

/// <summary>
/// Figure 4 (build side): the source generator driven in-process on the scale graphs. Each operation builds
/// a fresh compilation from already-parsed trees and runs the generator once, so symbol binding of the graph
/// is included (a cold run: the IDE's incremental runs are cheaper).
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private ImmutableArray<MetadataReference> _references;
    private SyntaxTree _tree = null!;

    [Params(10, 100, 1000)]
    public int Layers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _references = CompilationInputs.References();
        _tree = CompilationInputs.ParseGraph(Layers);
    }

    [Benchmark(Description = "generator, cold run")]
    public int RunGenerator()
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new ExecutorGenerator())
            .RunGenerators(CompilationInputs.Compile(_tree, _references));
        return driver.GetRunResult().GeneratedTrees.Length;
    }
}

/// <summary>What the in-process generator and analyzer benchmarks compile: a scale graph and the framework.</summary>
public static class CompilationInputs
{
    public static ImmutableArray<MetadataReference> References()
    {
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        IEnumerable<string> framework = trusted.Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is string name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll" || name is "mscorlib.dll"));
        return framework
            .Append(typeof(LayerAttribute).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }

    public static SyntaxTree ParseGraph(int layers)
        => CSharpSyntaxTree.ParseText(ReadGraphSource(layers), new CSharpParseOptions(LanguageVersion.Latest), path: $"ScaleGraph{layers}.cs");

    public static CSharpCompilation Compile(SyntaxTree tree, ImmutableArray<MetadataReference> references)
        => CSharpCompilation.Create(
            "ScaleGraph",
            new[] { tree },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static string ReadGraphSource(int layers)
    {
        string resource = $"ScaleGraph{layers}.cs";
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded graph source '{resource}' not found.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
