using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Gen.Exec;
using Gen.Exec.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Gen.Exec.Benchmarks.Orleans;

/// <summary>
/// One run of a three-layer graph whose middle layer is [Distributed]: in process, and dispatched to a two-silo
/// in-process cluster (client to silo through Orleans' in-memory transport, with full serialization). The
/// difference is the cost of one hop: what a distributed layer must save to be worth distributing.
/// </summary>
[MemoryDiagnoser]
public class DispatchBenchmarks
{
    private InProcessTestCluster _cluster = null!;
    private Pipeline.Executor _local = null!;
    private Pipeline.Executor _distributed = null!;

    [GlobalSetup]
    public async Task SetUp()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo(static (_, silo) =>
        {
            silo.AddGenExec();
            silo.Services.AddScoped<Pipeline>();
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        _local = new Pipeline.Executor(new Pipeline());
        _distributed = new Pipeline.Executor(new Pipeline(), new ExecutorOptions { Dispatcher = new OrleansLayerDispatcher(_cluster.Client) });

        // Every worker key activated once, so that the measurement is of calls, not of activations.
        for (int i = 0; i < OrleansLayerDispatcher.WorkerKeys; i++)
        {
            await _distributed.RunAsync(i);
        }
    }

    [GlobalCleanup]
    public async Task TearDown() => await _cluster.DisposeAsync();

    [Benchmark(Baseline = true, Description = "in process")]
    public async Task<int> InProcess() => (await _local.RunAsync(42)).Total.Value;

    [Benchmark(Description = "one distributed layer")]
    public async Task<int> Distributed() => (await _distributed.RunAsync(42)).Total.Value;
}

/// <summary>Parse, a distributed square (the hop), a total: cheap layers, so that the figures are the overhead.</summary>
[Timeout(10_000)]
public sealed partial class Pipeline
{
    [Layer]
    public int Parse(int input) => input + 1;

    [Layer, Distributed, DependsOn(nameof(Parse))]
    public int Square(int parse) => parse * parse;

    [Layer, DependsOn(nameof(Square))]
    public int Total(int square) => square + 1;
}
