using System.Collections.Immutable;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Gen.Exec.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Gen.Exec.Benchmarks;

/// <summary>
/// Figure 4 (build side): the graph analyzer driven in-process on the scale graphs. Each operation analyses a
/// fresh compilation, so the wall time includes the compiler declaring and binding what the analyzer asks
/// for; the analyzer's own share is printed by the <c>build-times</c> command (Roslyn's telemetry).
/// </summary>
[MemoryDiagnoser]
public class AnalyzerBenchmarks
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

    [Benchmark(Description = "analyzer, cold compilation")]
    public async Task<int> RunAnalyzer()
    {
        CompilationWithAnalyzers analysis = CompilationInputs.Compile(_tree, _references)
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new GraphAnalyzer()));
        ImmutableArray<Diagnostic> diagnostics = await analysis.GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
        return diagnostics.Length;
    }
}
