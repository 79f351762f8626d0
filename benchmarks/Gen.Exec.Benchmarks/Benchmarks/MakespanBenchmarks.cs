using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Gen.Exec.Benchmarks.Baselines;
using Gen.Exec.Benchmarks.Graphs;

namespace Gen.Exec.Benchmarks;

/// <summary>
/// Few iterations of one invocation each: these runs last 50-500 ms of real (delayed) wall time. Marked as a
/// default job so that a job given on the command line (the smoke run's --job Dry) replaces it.
/// </summary>
public sealed class WallTimeConfig : ManualConfig
{
    public WallTimeConfig()
        => AddJob(Job.Default.WithWarmupCount(2).WithIterationCount(15).WithInvocationCount(1).WithUnrollFactor(1).WithId("WallTime").AsDefault());
}

/// <summary>Figure 2: wall time on uneven graphs, dependency-driven (ours) versus per-batch barriers.</summary>
[MemoryDiagnoser]
[Config(typeof(WallTimeConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class MakespanBenchmarks
{
    private readonly UnevenChainsGraph _chains = new();
    private readonly MemoryGraph _memory = new();
    private UnevenChainsGraph.Executor _chainsExecutor = null!;
    private MemoryGraph.Executor _memoryExecutor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _chainsExecutor = new UnevenChainsGraph.Executor(_chains);
        _memoryExecutor = new MemoryGraph.Executor(_memory);
    }

    [Benchmark(Baseline = true, Description = "chains: batch barrier"), BenchmarkCategory("chains")]
    public Task<int> ChainsBarrier() => BarrierSchedulers.RunChainsAsync(_chains, 1);

    [Benchmark(Description = "chains: generated (dependency-driven)"), BenchmarkCategory("chains")]
    public async Task<int> ChainsGenerated() => (await _chainsExecutor.RunAsync(1).ConfigureAwait(false)).C4L4.Value;

    // The ideal on this machine: the critical path's own delays awaited one after another, nothing else.
    [Benchmark(Description = "chains: critical path alone (ideal)"), BenchmarkCategory("chains")]
    public async Task<int> ChainsIdeal()
    {
        await Task.Delay(100).ConfigureAwait(false);
        for (int level = 0; level < 4; level++)
        {
            await Task.Delay(1).ConfigureAwait(false);
        }

        return 0;
    }

    [Benchmark(Description = "memory: slowest store alone (ideal)"), BenchmarkCategory("memory")]
    public Task<int> MemoryIdeal() => MemoryGraph.Store(120, default);

    [Benchmark(Baseline = true, Description = "memory: batch barrier"), BenchmarkCategory("memory")]
    public Task<int> MemoryBarrier() => BarrierSchedulers.RunMemoryAsync(_memory, "q");

    [Benchmark(Description = "memory: generated (dependency-driven)"), BenchmarkCategory("memory")]
    public async Task<int> MemoryGenerated() => (await _memoryExecutor.RunAsync("q").ConfigureAwait(false)).Merge.Value;
}

/// <summary>Figure 3: MaxConcurrency = 2, six independent 10 ms layers then a chain of four.</summary>
[MemoryDiagnoser]
[Config(typeof(WallTimeConfig))]
public class PriorityBenchmarks
{
    private readonly PriorityGraph _graph = new();
    private PriorityGraph.Executor _executor = null!;

    [GlobalSetup]
    public void Setup() => _executor = new PriorityGraph.Executor(_graph, new ExecutorOptions { MaxConcurrency = 2 });

    [Benchmark(Baseline = true, Description = "first-come-first-served")]
    public Task FirstComeFirstServedRun() => FirstComeFirstServed.RunPriorityGraphAsync(_graph, maxConcurrency: 2);

    // The ideal on this machine: five 10 ms layers one after another (the optimum schedule's length).
    [Benchmark(Description = "five 10 ms delays in sequence (ideal)")]
    public async Task Ideal()
    {
        for (int i = 0; i < 5; i++)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    [Benchmark(Description = "generated (longest remaining path first)")]
    public Task Generated() => _executor.RunAsync();
}
