using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Gen.Exec.Benchmarks.Graphs;

namespace Gen.Exec.Benchmarks;

/// <summary>
/// Figure 4: one run of generated graphs of 10, 100 and 1,000 layers (2N - 10 edges), reported per layer
/// (OperationsPerInvoke = layer count), so flat rows mean the per-layer cost does not grow with the graph.
/// Ratio is the per-layer time over the 10-layer graph's per-layer time (issue 15 item 3: at most 1.2 at 1,000).
/// </summary>
[MemoryDiagnoser]
public class ScaleBenchmarks
{
    private ScaleGraph10.Executor _graph10 = null!;
    private ScaleGraph100.Executor _graph100 = null!;
    private ScaleGraph1000.Executor _graph1000 = null!;

    [ParamsAllValues]
    public LayerCompletion Layers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        bool yieldOnce = Layers == LayerCompletion.YieldOnce;
        _graph10 = new ScaleGraph10.Executor(new ScaleGraph10 { YieldOnce = yieldOnce });
        _graph100 = new ScaleGraph100.Executor(new ScaleGraph100 { YieldOnce = yieldOnce });
        _graph1000 = new ScaleGraph1000.Executor(new ScaleGraph1000 { YieldOnce = yieldOnce });
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = ScaleGraph10.LayerCount, Description = "10 layers, per layer")]
    public async Task<int> Layers10() => (await _graph10.RunAsync(1).ConfigureAwait(false)).L0009.Value;

    [Benchmark(OperationsPerInvoke = ScaleGraph100.LayerCount, Description = "100 layers, per layer")]
    public async Task<int> Layers100() => (await _graph100.RunAsync(1).ConfigureAwait(false)).L0099.Value;

    [Benchmark(OperationsPerInvoke = ScaleGraph1000.LayerCount, Description = "1,000 layers, per layer")]
    public async Task<int> Layers1000() => (await _graph1000.RunAsync(1).ConfigureAwait(false)).L0999.Value;
}

/// <summary>
/// Figure 4 with synchronous <c>int</c> layers (SyncScaleGraph10/1000, same shape): per-layer time and bytes
/// of 1,000 layers over those of 10, as Ratio / Alloc Ratio (issue 15 item 3: at most 1.2 in time).
/// </summary>
[MemoryDiagnoser]
public class SyncScaleBenchmarks
{
    private readonly SyncScaleGraph10.Executor _graph10 = new(new SyncScaleGraph10());
    private readonly SyncScaleGraph1000.Executor _graph1000 = new(new SyncScaleGraph1000());

    [Benchmark(Baseline = true, OperationsPerInvoke = SyncScaleGraph10.LayerCount, Description = "10 synchronous layers, per layer")]
    public async Task<int> Layers10() => (await _graph10.RunAsync(1).ConfigureAwait(false)).L0009.Value;

    [Benchmark(OperationsPerInvoke = SyncScaleGraph1000.LayerCount, Description = "1,000 synchronous layers, per layer")]
    public async Task<int> Layers1000() => (await _graph1000.RunAsync(1).ConfigureAwait(false)).L0999.Value;
}
