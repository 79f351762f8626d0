using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Tests;

/// <summary>
/// The dispatcher contract without a cluster: what a <see cref="LayerDispatcher"/> receives, what the engine keeps
/// (deadline, retries with fresh tokens, fallback on the caller), and that without one the layer runs in process.
/// </summary>
public sealed class DistributedDispatchTests
{
    [Fact]
    public async Task The_dispatcher_gets_graph_layer_and_arguments_and_its_typed_value_is_the_layers()
    {
        var dispatcher = new RecordingDispatcher(call => call.Layer switch
        {
            "Score" => ((string[])call.Arguments[0]!).Length * (int)call.Arguments[1]!,
            _ => null,
        });
        var executor = new Dispatched.Executor(new Dispatched(), new ExecutorOptions { Dispatcher = dispatcher });

        Dispatched.Results results = await executor.RunAsync("a b c", 7);

        Assert.Equal(21, results.Score.Value);
        Assert.Equal(LayerStatus.Succeeded, results.Touch.Status);
        Assert.Equal("21!", results.Report.Value);
        DistributedLayerCall score = Assert.Single(dispatcher.Calls, c => c.Layer == "Score");
        Assert.Equal("Gen.Exec.Tests.Dispatched", score.Graph);
        Assert.Equal(new[] { "a", "b", "c" }, (string[])score.Arguments[0]!);
        Assert.Equal(7, score.Arguments[1]);
        Assert.Equal(2, score.Arguments.Count);
        Assert.Empty(Assert.Single(dispatcher.Calls, c => c.Layer == "Touch").Arguments);
        Assert.DoesNotContain(dispatcher.Calls, c => c.Layer is "Split" or "Report");
    }

    [Fact]
    public async Task Without_a_dispatcher_distributed_layers_run_in_process()
    {
        var graph = new Dispatched();
        var executor = new Dispatched.Executor(graph);

        Dispatched.Results results = await executor.RunAsync("a b", 5);

        Assert.Equal(10, results.Score.Value);
        Assert.Equal(1, graph.Touched);
    }

    [Fact]
    public async Task The_deadline_holds_when_the_dispatcher_never_answers_and_each_retry_gets_a_fresh_token()
    {
        var tokens = new ConcurrentQueue<CancellationToken>();
        var dispatcher = new HangingDispatcher(tokens);
        var executor = new Stuck.Executor(new Stuck(), new ExecutorOptions { Dispatcher = dispatcher });

        Stuck.Results results = await executor.RunAsync(3).WaitAsync(TimeSpan.FromSeconds(30));

        // Two attempts timed out, then the fallback ran here, on the caller.
        Assert.Equal(LayerStatus.FellBack, results.Slow.Status);
        Assert.Equal(-3, results.Slow.Value);
        Assert.Equal(2, results.Slow.Attempts);
        Assert.Equal(2, tokens.Count);
        Assert.All(tokens, token => Assert.True(token.IsCancellationRequested, "The deadline did not cancel the attempt's token."));
        Assert.Equal(2, tokens.Distinct().Count());
    }

    private sealed class RecordingDispatcher(Func<DistributedLayerCall, object?> answer) : LayerDispatcher
    {
        public ConcurrentBag<DistributedLayerCall> Calls { get; } = new();

        public override ValueTask<TValue> DispatchAsync<TValue>(DistributedLayerCall call, CancellationToken cancellationToken)
        {
            Calls.Add(call);
            return new ValueTask<TValue>((TValue)answer(call)!);
        }
    }

    private sealed class HangingDispatcher(ConcurrentQueue<CancellationToken> tokens) : LayerDispatcher
    {
        public override ValueTask<TValue> DispatchAsync<TValue>(DistributedLayerCall call, CancellationToken cancellationToken)
        {
            tokens.Enqueue(cancellationToken);

            // Never completes, whatever the token says: the engine's deadline must end the attempt.
            return new ValueTask<TValue>(new TaskCompletionSource<TValue>(TaskCreationOptions.RunContinuationsAsynchronously).Task);
        }
    }
}

[Timeout(5_000)]
public sealed partial class Dispatched
{
    public int Touched;

    [Layer]
    public string[] Split(string text) => text.Split(' ');

    [Layer, Distributed, DependsOn(nameof(Split))]
    public Task<int> Score(string[] split, int weight, CancellationToken ct) => Task.FromResult(split.Length * weight);

    [Layer, Distributed]
    public void Touch() => Interlocked.Increment(ref Touched);

    [Layer, DependsOn(nameof(Score))]
    public string Report(int score) => score + "!";
}

[Timeout(150), Retry(1, DelayMilliseconds = 1, Jitter = false)]
public sealed partial class Stuck
{
    [Layer, Distributed, Fallback(nameof(Negative))]
    public Task<int> Slow(int x, CancellationToken ct) => Task.FromResult(x);

    private static int Negative(int x) => -x;
}
