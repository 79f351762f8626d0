using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Gen.Exec.Benchmarks.Baselines;
using Gen.Exec.Benchmarks.Graphs;

namespace Gen.Exec.Benchmarks;

/// <summary>
/// Figure 5: 64 concurrent callers each running the trivial fan-out <see cref="RunsPerCaller"/> times against
/// one shared executor. Reported per run (OperationsPerInvoke), so runs/second = 1 / mean.
/// </summary>
[MemoryDiagnoser]
public class ThroughputBenchmarks
{
    public const int Callers = 64;
    public const int RunsPerCaller = 200;
    private const int RunsPerInvoke = Callers * RunsPerCaller;

    private readonly CancellationTokenSource _callerSource = new();
    private readonly Task[] _callers = new Task[Callers];
    private FanOutGraph.Executor _generated = null!;
    private HandWrittenFanOut _handWritten = null!;

    [ParamsAllValues]
    public LayerCompletion Layers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var graph = new FanOutGraph { YieldOnce = Layers == LayerCompletion.YieldOnce };
        _generated = new FanOutGraph.Executor(graph);
        _handWritten = new HandWrittenFanOut(graph);
    }

    [GlobalCleanup]
    public void Cleanup() => _callerSource.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = RunsPerInvoke, Description = "hand-written floor, 64 callers")]
    public Task HandWritten()
    {
        for (int i = 0; i < Callers; i++)
        {
            _callers[i] = Task.Run(HandWrittenCaller);
        }

        return Task.WhenAll(_callers);
    }

    [Benchmark(OperationsPerInvoke = RunsPerInvoke, Description = "generated executor, 64 callers")]
    public Task Generated()
    {
        for (int i = 0; i < Callers; i++)
        {
            _callers[i] = Task.Run(GeneratedCaller);
        }

        return Task.WhenAll(_callers);
    }

    private async Task HandWrittenCaller()
    {
        CancellationToken token = _callerSource.Token;
        for (int run = 0; run < RunsPerCaller; run++)
        {
            _ = (await _handWritten.RunAsync(run, token).ConfigureAwait(false)).Merge.Value;
        }
    }

    private async Task GeneratedCaller()
    {
        CancellationToken token = _callerSource.Token;
        for (int run = 0; run < RunsPerCaller; run++)
        {
            _ = (await _generated.RunAsync(run, token).ConfigureAwait(false)).Merge.Value;
        }
    }
}
