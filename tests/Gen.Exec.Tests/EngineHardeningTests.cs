using System;
using System.CodeDom.Compiler;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Gen.Exec.Tests;

/// <summary>Regression tests for the defects of issue 10 (each failed on the engine before the fix).</summary>
public sealed class EngineHardeningTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // Defect 1: the caller's code must never run inside its own Cancel().
    [Fact]
    public async Task Cancelling_the_caller_token_runs_no_continuation_and_no_layer_callback_inside_Cancel()
    {
        var graph = new WaitsForCaller();
        var executor = new WaitsForCaller.Executor(graph);
        using var caller = new CancellationTokenSource();
        Task<WaitsForCaller.Results> run = executor.RunAsync(caller.Token);
        await graph.Started.Task.WaitAsync(Patience);

        bool continuationRanInsideCancel = false;
        Task observed = run.ContinueWith(
            _ => continuationRanInsideCancel = graph.CancellingThread == Environment.CurrentManagedThreadId,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        graph.CancellingThread = Environment.CurrentManagedThreadId;
        caller.Cancel();
        graph.CancellingThread = 0;

        await observed.WaitAsync(Patience);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.False(continuationRanInsideCancel, "The continuation of RunAsync ran inside the caller's Cancel().");
        Assert.False(graph.CallbackRanInsideCancel, "A layer's token callback ran inside the caller's Cancel().");
    }

    // Defect 2: a TimeProvider that cannot create timers must not hang the run.
    [Fact]
    public async Task A_time_provider_whose_CreateTimer_throws_fails_the_layer_instead_of_hanging_the_run()
    {
        var graph = new ReleasedByTest();
        var clock = new BrokenClock { TimersThrow = true };
        var executor = new ReleasedByTest.Executor(graph, new ExecutorOptions { TimeProvider = clock });

        Task<ReleasedByTest.Results> run = executor.RunAsync();
        ReleasedByTest.Results results = await run.WaitAsync(Patience);
        graph.Release.TrySetResult(1);

        Assert.Equal(LayerStatus.Failed, results.Work.Status);
        Assert.Same(clock.TimerError, results.Work.Error);
    }

    // Defect 2: a clock that fails while a layer runs must not hang the run or lose the exception.
    [Fact]
    public async Task A_clock_that_fails_mid_run_faults_RunAsync_with_its_exception_instead_of_hanging()
    {
        var graph = new ReleasedByTest();
        var clock = new BrokenClock();
        var executor = new ReleasedByTest.Executor(graph, new ExecutorOptions { TimeProvider = clock });

        Task<ReleasedByTest.Results> run = executor.RunAsync();
        await graph.Started.Task.WaitAsync(Patience);
        clock.TimestampsThrow = true;
        graph.Release.TrySetResult(1);

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => run.WaitAsync(Patience));
        Assert.Same(clock.TimestampError, error);
    }

    [Fact]
    public async Task A_clock_that_fails_at_the_start_faults_the_returned_task()
    {
        var executor = new ReleasedByTest.Executor(new ReleasedByTest(), new ExecutorOptions { TimeProvider = new BrokenClock { TimestampsThrow = true } });

        Task<ReleasedByTest.Results> run = executor.RunAsync();

        Assert.True(run.IsFaulted);
        await Assert.ThrowsAsync<InvalidOperationException>(() => run);
    }

    // Defect 3: past its deadline a layer is TimedOut, whether it then returned or threw.
    [Fact]
    public async Task A_layer_that_finishes_past_its_deadline_is_TimedOut_whether_it_returned_or_threw()
    {
        var time = new FakeTimeProvider();
        var executor = new OverrunsThenEnds.Executor(new OverrunsThenEnds(time), new ExecutorOptions { TimeProvider = time, Parallel = false });

        OverrunsThenEnds.Results results = await executor.RunAsync().WaitAsync(Patience);

        Assert.All(results.Layers, layer =>
        {
            Assert.Equal(LayerStatus.TimedOut, layer.Status);
            Assert.IsType<TimeoutException>(layer.Error);
        });

        // What the layer did is kept as the inner exception.
        Assert.IsType<InvalidOperationException>(results.ThrowsLate.Error!.InnerException);
        Assert.IsType<InvalidOperationException>(results.ThrowsLateInsideItsTask.Error!.InnerException);
        Assert.Equal(5, results.Stats.TimedOut);
    }

    // Defect 4: layers start on the default scheduler, whatever scheduler the caller runs on.
    [Fact]
    public async Task A_caller_blocking_on_an_exclusive_scheduler_does_not_starve_the_layers()
    {
        var graph = new YieldsOnce();
        var executor = new YieldsOnce.Executor(graph);
        var pair = new ConcurrentExclusiveSchedulerPair();

        // Sync over async on the exclusive scheduler: nothing else can run on it until the run returns.
        YieldsOnce.Results results = await Task.Factory.StartNew(
            () => executor.RunAsync().GetAwaiter().GetResult(),
            CancellationToken.None,
            TaskCreationOptions.None,
            pair.ExclusiveScheduler).WaitAsync(Patience);

        Assert.True(graph.StartedOnDefaultScheduler, "A layer started on the caller's scheduler.");
        Assert.Equal(LayerStatus.Succeeded, results.Yields.Status);
        Assert.Equal(2, results.After.Value);
    }

    // Issue 10, item 11: a null Task names its layer.
    [Fact]
    public async Task A_layer_that_returns_a_null_task_fails_with_an_error_naming_it()
    {
        var executor = new ReturnsNullTask.Executor(new ReturnsNullTask());

        ReturnsNullTask.Results results = await executor.RunAsync().WaitAsync(Patience);

        Assert.Equal(LayerStatus.Failed, results.Broken.Status);
        Assert.Contains("'Broken'", Assert.IsType<InvalidOperationException>(results.Broken.Error).Message, StringComparison.Ordinal);
        Assert.Contains("'AlsoBroken'", Assert.IsType<InvalidOperationException>(results.AlsoBroken.Error).Message, StringComparison.Ordinal);
    }

    // Defect 10: synchronous layers do not run on (or wait for) thread-pool threads.
    [Fact]
    public async Task Sixteen_synchronous_layers_that_block_until_all_have_started_all_run_at_once_off_the_thread_pool()
    {
        var graph = new Rendezvous();
        var executor = new Rendezvous.Executor(graph);

        Rendezvous.Results results = await executor.RunAsync().WaitAsync(Patience);

        Assert.All(results.Layers, layer => Assert.Equal(LayerStatus.Succeeded, layer.Status));
        Assert.All(new[] { results.L00, results.L07, results.L15 }, layer => Assert.True(layer.Value, "A layer gave up waiting for the others."));
        Assert.False(graph.RanOnPoolThread, "A synchronous layer ran on a thread-pool thread.");
    }

    // Defect 10, the issue's scenario: a blocked synchronous layer must not turn finished work into time-outs.
    [Fact]
    public async Task A_blocked_synchronous_layer_times_out_alone_while_the_layers_beside_it_succeed()
    {
        var graph = new BlockingBesideAsync();
        var executor = new BlockingBesideAsync.Executor(graph);
        try
        {
            var clock = Stopwatch.StartNew();
            BlockingBesideAsync.Results results = await executor.RunAsync().WaitAsync(Patience);
            clock.Stop();

            Assert.Equal(LayerStatus.TimedOut, results.Blocks.Status);
            Assert.All(new[] { results.A, results.B, results.C, results.D }, layer => Assert.Equal(LayerStatus.Succeeded, layer.Status));

            output.WriteLine($"Run: {clock.Elapsed.TotalMilliseconds:0} ms; {string.Join("; ", results.Layers)}");

            // About 200 ms (the blocked layer's deadline); far from the sum of anything. Generous for a loaded machine.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"The run took {clock.Elapsed.TotalMilliseconds:0} ms.");
        }
        finally
        {
            graph.Unblock.Set();
        }
    }

    // Defect 10: synchronous layers run side by side, not one after the other.
    [Fact]
    public async Task Two_synchronous_layers_that_each_sleep_300_ms_overlap()
    {
        var executor = new TwoSleepers.Executor(new TwoSleepers());

        TwoSleepers.Results results = await executor.RunAsync().WaitAsync(Patience);

        LayerResult first = results.First, second = results.Second;
        Assert.True(first.Succeeded && second.Succeeded, string.Join("; ", results.Layers));
        Assert.True(
            second.StartOffset < first.StartOffset + first.Elapsed && first.StartOffset < second.StartOffset + second.Elapsed,
            $"They ran one after the other: {first}; {second}.");
    }

    // Issue 10, item 9: [GeneratedCode] carries the generator's version, which is the package's.
    [Fact]
    public void Generated_code_carries_the_version_of_the_package()
    {
        GeneratedCodeAttribute attribute = typeof(FanOut.Executor).GetCustomAttribute<GeneratedCodeAttribute>()!;

        Assert.Equal("Gen.Exec.Generators", attribute.Tool);
        Assert.Equal(typeof(ExecutorOptions).Assembly.GetName().Version!.ToString(3), attribute.Version);
    }

    /// <summary>A clock that can be made to fail: its timestamps, or its timers.</summary>
    private sealed class BrokenClock : TimeProvider
    {
        public InvalidOperationException TimestampError { get; } = new("The clock is broken.");

        public InvalidOperationException TimerError { get; } = new("No timers today.");

        public volatile bool TimestampsThrow;

        public bool TimersThrow { get; init; }

        public override long GetTimestamp() => TimestampsThrow ? throw TimestampError : base.GetTimestamp();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
            => TimersThrow ? throw TimerError : base.CreateTimer(callback, state, dueTime, period);
    }
}
