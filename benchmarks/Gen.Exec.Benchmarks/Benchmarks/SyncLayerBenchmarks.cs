using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Gen.Exec.Benchmarks.Graphs;

namespace Gen.Exec.Benchmarks;

/// <summary>The cost of synchronous layers: one run of a 5-layer fan-out plus merge whose six layers are all synchronous methods.</summary>
[MemoryDiagnoser]
public class SyncLayerBenchmarks
{
    private readonly SyncFanOutGraph.Executor _executor = new(new SyncFanOutGraph());

    [Benchmark(Description = "6 synchronous layers")]
    public async Task<int> SixSynchronousLayers() => (await _executor.RunAsync(1).ConfigureAwait(false)).Merge.Value;
}
