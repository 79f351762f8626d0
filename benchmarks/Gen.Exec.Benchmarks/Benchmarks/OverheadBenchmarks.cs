using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Gen.Exec.Benchmarks.Baselines;
using Gen.Exec.Benchmarks.Graphs;

namespace Gen.Exec.Benchmarks;

/// <summary>How the layers of the fan-out complete.</summary>
public enum LayerCompletion
{
    /// <summary>Every layer returns a completed ValueTask: pure scheduling overhead.</summary>
    Synchronous,

    /// <summary>Every layer awaits Task.Yield() once: one real asynchronous hop per layer.</summary>
    YieldOnce,
}

/// <summary>What the caller passes as its token.</summary>
public enum CallerToken
{
    /// <summary>CancellationToken.None: nothing to register.</summary>
    None,

    /// <summary>A cancellable token (as a request-aborted token is): cancellation must be honoured.</summary>
    Cancellable,
}

/// <summary>Figure 1: the cost of one run of a 5-layer fan-out plus merge, for each way of running it.</summary>
[MemoryDiagnoser]
public class OverheadBenchmarks
{
    private readonly CancellationTokenSource _callerSource = new();
    private FanOutGraph _graph = null!;
    private FanOutGraph.Executor _generated = null!;
    private HandWrittenFanOut _handWritten = null!;
    private BareWhenAll _bare = null!;
    private ConventionalDagExecutor _conventional = null!;
    private DataflowFanOut _dataflow = null!;
    private CancellationToken _token;

    [ParamsAllValues]
    public LayerCompletion Layers { get; set; }

    [ParamsAllValues]
    public CallerToken Token { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _graph = new FanOutGraph { YieldOnce = Layers == LayerCompletion.YieldOnce };
        _generated = new FanOutGraph.Executor(_graph);
        _handWritten = new HandWrittenFanOut(_graph);
        _bare = new BareWhenAll(_graph);
        _conventional = ConventionalFanOut(_graph);
        _dataflow = new DataflowFanOut();
        _token = Token == CallerToken.Cancellable ? _callerSource.Token : CancellationToken.None;
    }

    [GlobalCleanup]
    public void Cleanup() => _callerSource.Dispose();

    [Benchmark(Baseline = true, Description = "hand-written floor")]
    public async Task<int> HandWritten() => (await _handWritten.RunAsync(1, _token).ConfigureAwait(false)).Merge.Value;

    [Benchmark(Description = "generated executor")]
    public async Task<int> Generated() => (await _generated.RunAsync(1, _token).ConfigureAwait(false)).Merge.Value;

    [Benchmark(Description = "bare Task.WhenAll")]
    public Task<int> Bare() => _bare.RunAsync(1, _token);

    [Benchmark(Description = "conventional DAG executor")]
    public async Task<int> Conventional()
        => (int)(await _conventional.RunAsync(s_inputs, _token).ConfigureAwait(false))["Merge"].Value!;

    [Benchmark(Description = "TPL Dataflow")]
    public async Task<int> Dataflow() => (await _dataflow.RunAsync(_graph, 1, _token).ConfigureAwait(false)).Value;

    private static readonly Dictionary<string, object?> s_inputs = new() { ["input"] = 1 };

    internal static ConventionalDagExecutor ConventionalFanOut(FanOutGraph graph)
    {
        TimeSpan timeout = TimeSpan.FromMilliseconds(1000);
        return new ConventionalDagExecutor(maxConcurrency: 16)
            .Add("A", timeout, async (v, ct) => await graph.A((int)v["input"]!, ct).ConfigureAwait(false))
            .Add("B", timeout, async (v, ct) => await graph.B((int)v["input"]!, ct).ConfigureAwait(false))
            .Add("C", timeout, async (v, ct) => await graph.C((int)v["input"]!, ct).ConfigureAwait(false))
            .Add("D", timeout, async (v, ct) => await graph.D((int)v["input"]!, ct).ConfigureAwait(false))
            .Add("E", timeout, async (v, ct) => await graph.E((int)v["input"]!, ct).ConfigureAwait(false))
            .Add(
                "Merge",
                timeout,
                async (v, ct) => await graph.Merge((int)v["A"]!, (int)v["B"]!, (int)v["C"]!, (int)v["D"]!, (int)v["E"]!, ct).ConfigureAwait(false),
                "A", "B", "C", "D", "E");
    }
}
