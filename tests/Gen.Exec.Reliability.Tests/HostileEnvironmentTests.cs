using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec.Reliability.Tests.Graphs;
using Gen.Exec.Reliability.Tests.Support;

namespace Gen.Exec.Reliability.Tests;

/// <summary>Synchronization contexts, exception shapes and cancellation for its own reasons.</summary>
public sealed class HostileEnvironmentTests
{
    private static readonly TimeSpan s_watchdog = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Runs_awaited_on_a_single_threaded_context_complete_with_every_layer_succeeded()
    {
        using var context = new SingleThreadedContext();
        var executor = new ContextGraph.Executor(new ContextGraph());
        int[] finals = await context.Run(async () =>
        {
            var values = new System.Collections.Generic.List<int>();
            for (int i = 0; i < 30; i++)
            {
                ContextGraph.Results sequential = await executor.RunAsync();
                Assert.True(sequential.Last.Succeeded, string.Join("; ", sequential.Layers));
                values.Add(sequential.Last.Value);
            }

            ContextGraph.Results[] concurrent = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => executor.RunAsync()));
            Assert.All(concurrent, r => Assert.True(r.Stats.Succeeded == 5, string.Join("; ", r.Layers)));
            values.AddRange(concurrent.Select(r => r.Last.Value));
            return values.ToArray();
        }).WaitAsync(s_watchdog);

        Assert.Equal(60, finals.Length);
        Assert.All(finals, value => Assert.Equal(30, value));
    }

    [Fact]
    public async Task A_context_thread_blocked_on_its_own_run_does_not_deadlock_it()
    {
        using var context = new SingleThreadedContext();
        var executor = new ContextGraph.Executor(new ContextGraph());

        // Sync over async on the context's only thread. Layers never run on the caller's context, so the
        // layer that awaits without ConfigureAwait(false) resumes on the pool and every layer succeeds.
        ContextGraph.Results results = await context.Run(() => Task.FromResult(executor.RunAsync().GetAwaiter().GetResult()))
            .WaitAsync(s_watchdog);

        Assert.All(results.Layers, layer => Assert.Equal(LayerStatus.Succeeded, layer.Status));
        Assert.Equal(30, results.Last.Value);
        Assert.Equal(1, results.Tolerant.Value);
    }

    [Theory]
    [InlineData(ExecutorOptions.Unbounded, true)]
    [InlineData(1, true)]
    [InlineData(ExecutorOptions.Unbounded, false)]
    public async Task Every_shape_of_exception_fails_its_layer_as_the_contract_says(int maxConcurrency, bool parallel)
    {
        var faults = new ExceptionGraph.Faults();
        var executor = new ExceptionGraph.Executor(new ExceptionGraph(faults), new ExecutorOptions { MaxConcurrency = maxConcurrency, Parallel = parallel });
        using var caller = new CancellationTokenSource();

        ExceptionGraph.Results r = await executor.RunAsync(caller.Token).WaitAsync(s_watchdog);

        // A Task-returning method that throws before returning its task: Failed, same exception, dependents as usual.
        Assert.Equal(LayerStatus.Failed, r.ThrowsBeforeTask.Status);
        Assert.Same(faults.BeforeTask, r.ThrowsBeforeTask.Error);
        Assert.Equal(LayerStatus.Skipped, r.NeedsValue.Status);
        Assert.Same(faults.BeforeTask, r.SeesFailure.Value);

        // An AggregateException is the layer's exception, kept whole.
        Assert.Equal(LayerStatus.Failed, r.ThrowsAggregate.Status);
        Assert.Same(faults.Aggregate, r.ThrowsAggregate.Error);
        Assert.Equal(2, ((AggregateException)r.ThrowsAggregate.Error!).InnerExceptions.Count);

        // Several failures behind one await: the first, as await reports it.
        Assert.Equal(LayerStatus.Failed, r.FailsTwice.Status);
        Assert.Same(faults.FirstOfMany, r.FailsTwice.Error);

        // OperationCanceledException for the layer's own reasons, its token untouched: Failed, never Canceled.
        Assert.Equal(LayerStatus.Failed, r.OwnCancellationAsync.Status);
        Assert.IsAssignableFrom<OperationCanceledException>(r.OwnCancellationAsync.Error);
        Assert.Equal(LayerStatus.Failed, r.OwnCancellationSync.Status);
        Assert.IsAssignableFrom<OperationCanceledException>(r.OwnCancellationSync.Error);
        Assert.Equal(LayerStatus.Failed, r.OwnCancellationFromAnotherSource.Status);
        Assert.IsAssignableFrom<OperationCanceledException>(r.OwnCancellationFromAnotherSource.Error);

        Assert.Equal(LayerStatus.Failed, r.VoidThrows.Status);
        Assert.Same(faults.FromVoid, r.VoidThrows.Error);
        Assert.Equal(LayerStatus.Failed, r.ValueTaskThrowsSynchronously.Status);
        Assert.Same(faults.FromVoid, r.ValueTaskThrowsSynchronously.Error);

        Assert.Equal((1, 8, 0, 0, 1), (r.Stats.Succeeded, r.Stats.Failed, r.Stats.TimedOut, r.Stats.Canceled, r.Stats.Skipped));
        InvalidOperationException noValue = Assert.Throws<InvalidOperationException>(() => r.ThrowsBeforeTask.Value);
        Assert.Contains("Failed", noValue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Task_layer_that_blocks_past_its_deadline_before_returning_its_task_is_TimedOut()
    {
        var executor = new BlockingTaskGraph.Executor(new BlockingTaskGraph());

        BlockingTaskGraph.Results r = await Task.Run(() => executor.RunAsync()).WaitAsync(s_watchdog);

        Assert.Equal(LayerStatus.TimedOut, r.BlocksBeforeReturning.Status);
        Assert.IsType<TimeoutException>(r.BlocksBeforeReturning.Error);
    }

    // Documented limitation (docs/concepts.md): a Task-returning layer runs on the starting thread until its first
    // await, like any async method; if it blocks there, the roots started after it wait. This pins that behaviour.
    [Fact]
    public async Task A_Task_layer_that_blocks_before_its_first_await_delays_only_the_roots_started_after_it()
    {
        var executor = new BlockingTaskGraph.Executor(new BlockingTaskGraph());

        BlockingTaskGraph.Results r = await Task.Run(() => executor.RunAsync()).WaitAsync(s_watchdog);

        // Only the start matters here: under load the sibling's own time-out may or may not hold.
        Assert.True(r.Sibling.StartOffset >= TimeSpan.FromMilliseconds(300), $"Sibling started at {r.Sibling.StartOffset.TotalMilliseconds:0} ms.");
    }

    [Fact]
    public async Task A_finished_layers_token_is_not_cancelled_by_a_later_layers_time_out()
    {
        var box = new TokenBox();
        var executor = new TokenReuseGraph.Executor(new TokenReuseGraph());

        TokenReuseGraph.Results r = await executor.RunAsync(box).WaitAsync(s_watchdog);

        Assert.Equal(LayerStatus.Succeeded, r.First.Status);
        Assert.Equal(LayerStatus.TimedOut, r.Second.Status);
        Assert.NotEqual(box.First, box.Second);
        Assert.False(box.First.IsCancellationRequested, "First finished within its time-out, yet its token was cancelled by Second's time-out.");
    }
}
