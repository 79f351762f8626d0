using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Gen.Exec.Benchmarks.Graphs;

namespace Gen.Exec.Benchmarks;

/// <summary>
/// Issue 15 item 2: the cost of synchronous layers. One run of the same six-layer graph (five layers plus merge,
/// same bodies) written with synchronous <c>int</c> layers and with completed <c>ValueTask&lt;int&gt;</c> layers,
/// generated executor both times. Ratio and Alloc Ratio of the synchronous row are the figures (target: at most
/// 1.5x the time and 2.0x the bytes).
/// </summary>
[MemoryDiagnoser]
public class SyncLayerBenchmarks
{
    private readonly ValueTaskFanOutGraph.Executor _completed = new(new ValueTaskFanOutGraph());
    private readonly SyncFanOutGraph.Executor _executor = new(new SyncFanOutGraph());

    [Benchmark(Baseline = true, Description = "6 completed ValueTask<int> layers")]
    public async Task<int> SixCompletedValueTaskLayers() => (await _completed.RunAsync(1).ConfigureAwait(false)).Merge.Value;

    [Benchmark(Description = "6 synchronous int layers")]
    public async Task<int> SixSynchronousLayers() => (await _executor.RunAsync(1).ConfigureAwait(false)).Merge.Value;
}
