using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Gen.Exec.Benchmarks.Baselines;
using Gen.Exec.Benchmarks.Graphs;

namespace Gen.Exec.Benchmarks;

/// <summary>
/// Issue 15 item 6, what each guarantee costs: the idiomatic hand-written fan-out built up one guarantee at a
/// time from the raw floor (baseline) to the idiomatic floor, with the generated executor (which has them all)
/// for comparison, in one run. Each rung's Ratio / Alloc Ratio minus the one above it is that guarantee's price.
/// </summary>
[MemoryDiagnoser]
public class GuaranteeBenchmarks
{
    private RawTaskFanOut _raw = null!;
    private RawSyncFanOut _rawSync = null!;
    private IdiomaticFanOut[] _rungs = null!;
    private IdiomaticSyncFanOut[] _syncRungs = null!;
    private TaskFanOutGraph.Executor _generated = null!;
    private SyncFanOutGraph.Executor _generatedSync = null!;

    [ParamsAllValues]
    public FloorLayers Layers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var graph = new TaskFanOutGraph();
        var syncGraph = new SyncFanOutGraph();
        _raw = new RawTaskFanOut(graph);
        _rawSync = new RawSyncFanOut(syncGraph);
        _rungs = [new(graph, Guarantees.Isolation), new(graph, Guarantees.Timings), new(graph, Guarantees.Cancellation), new(graph, Guarantees.All)];
        _syncRungs = [new(syncGraph, Guarantees.Isolation), new(syncGraph, Guarantees.Timings), new(syncGraph, Guarantees.Cancellation), new(syncGraph, Guarantees.All)];
        _generated = new TaskFanOutGraph.Executor(graph);
        _generatedSync = new SyncFanOutGraph.Executor(syncGraph);
    }

    [Benchmark(Baseline = true, Description = "raw floor (no guarantees)")]
    // Awaited like every other row, so that each row pays the same benchmark wrapper.
    public async Task<int> Raw() => Layers == FloorLayers.YieldOnce ? await _raw.RunAsync(1).ConfigureAwait(false) : await _rawSync.RunAsync(1).ConfigureAwait(false);

    [Benchmark(Description = "+ isolation (try/catch into LayerResult)")]
    public Task<int> Isolation() => Rung(Guarantees.Isolation);

    [Benchmark(Description = "+ timings (start offset, elapsed)")]
    public Task<int> Timings() => Rung(Guarantees.Timings);

    [Benchmark(Description = "+ cancellation (linked token per layer)")]
    public Task<int> Cancellation() => Rung(Guarantees.Cancellation);

    [Benchmark(Description = "+ time-out (CancelAfter, WaitAsync, merge offloaded) = idiomatic floor")]
    public Task<int> Timeout() => Rung(Guarantees.All);

    [Benchmark(Description = "generated executor (all guarantees)")]
    public async Task<int> Generated()
        => Layers == FloorLayers.YieldOnce
            ? (await _generated.RunAsync(1).ConfigureAwait(false)).Merge.Value
            : (await _generatedSync.RunAsync(1).ConfigureAwait(false)).Merge.Value;

    private async Task<int> Rung(Guarantees guarantees)
        => Layers == FloorLayers.YieldOnce
            ? (await _rungs[(int)guarantees].RunAsync(1).ConfigureAwait(false)).Merge.Value
            : (await _syncRungs[(int)guarantees].RunAsync(1).ConfigureAwait(false)).Merge.Value;
}
