using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Gen.Exec.Benchmarks.Baselines;
using Gen.Exec.Benchmarks.Graphs;

namespace Gen.Exec.Benchmarks;

/// <summary>What the layers of issue 15's floors are.</summary>
public enum FloorLayers
{
    /// <summary><see cref="TaskFanOutGraph"/>: five yield-once <c>Task&lt;int&gt;</c> layers and a synchronous merge.</summary>
    YieldOnce,

    /// <summary><see cref="SyncFanOutGraph"/>: six synchronous <c>int</c> layers, each offloaded by every guarded contender.</summary>
    Synchronous,
}

/// <summary>Columns "÷ guarded floor" and "÷ raw floor" beside BenchmarkDotNet's Ratio (÷ the idiomatic floor, the baseline).</summary>
public sealed class FloorRatiosConfig : ManualConfig
{
    public FloorRatiosConfig()
    {
        AddColumn(new RatioToColumn(nameof(FloorBenchmarks.Guarded), "guarded", bytes: false));
        AddColumn(new RatioToColumn(nameof(FloorBenchmarks.Guarded), "guarded", bytes: true));
        AddColumn(new RatioToColumn(nameof(FloorBenchmarks.Raw), "raw", bytes: false));
        AddColumn(new RatioToColumn(nameof(FloorBenchmarks.Raw), "raw", bytes: true));
    }
}

/// <summary>
/// Issue 15 items 1 and 6: one run of the five layers plus merge, generated executor against three floors
/// measured in the same run. Ratio / Alloc Ratio are ÷ the idiomatic floor (baseline); the extra columns are ÷ the
/// guarded floor and ÷ the raw floor. Read the "generated executor" rows.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(FloorRatiosConfig))]
public class FloorBenchmarks
{
    private TaskFanOutGraph.Executor _generated = null!;
    private IdiomaticFanOut _idiomatic = null!;
    private GuardedTaskFanOut _guarded = null!;
    private RawTaskFanOut _raw = null!;
    private SyncFanOutGraph.Executor _generatedSync = null!;
    private IdiomaticSyncFanOut _idiomaticSync = null!;
    private GuardedSyncFanOut _guardedSync = null!;
    private RawSyncFanOut _rawSync = null!;

    [ParamsAllValues]
    public FloorLayers Layers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var graph = new TaskFanOutGraph();
        _generated = new TaskFanOutGraph.Executor(graph);
        _idiomatic = new IdiomaticFanOut(graph);
        _guarded = new GuardedTaskFanOut(graph);
        _raw = new RawTaskFanOut(graph);
        var syncGraph = new SyncFanOutGraph();
        _generatedSync = new SyncFanOutGraph.Executor(syncGraph);
        _idiomaticSync = new IdiomaticSyncFanOut(syncGraph);
        _guardedSync = new GuardedSyncFanOut(syncGraph);
        _rawSync = new RawSyncFanOut(syncGraph);
    }

    [Benchmark(Baseline = true, Description = "idiomatic floor")]
    public async Task<int> Idiomatic()
        => Layers == FloorLayers.YieldOnce
            ? (await _idiomatic.RunAsync(1).ConfigureAwait(false)).Merge.Value
            : (await _idiomaticSync.RunAsync(1).ConfigureAwait(false)).Merge.Value;

    [Benchmark(Description = "guarded floor")]
    public async Task<int> Guarded()
        => Layers == FloorLayers.YieldOnce
            ? (await _guarded.RunAsync(1).ConfigureAwait(false)).Merge.Value
            : (await _guardedSync.RunAsync(1).ConfigureAwait(false)).Merge.Value;

    [Benchmark(Description = "generated executor")]
    public async Task<int> Generated()
        => Layers == FloorLayers.YieldOnce
            ? (await _generated.RunAsync(1).ConfigureAwait(false)).Merge.Value
            : (await _generatedSync.RunAsync(1).ConfigureAwait(false)).Merge.Value;

    [Benchmark(Description = "raw floor (Task.WhenAll, no guarantees)")]
    // Awaited like every other row, so that each row pays the same benchmark wrapper.
    public async Task<int> Raw() => Layers == FloorLayers.YieldOnce ? await _raw.RunAsync(1).ConfigureAwait(false) : await _rawSync.RunAsync(1).ConfigureAwait(false);
}
