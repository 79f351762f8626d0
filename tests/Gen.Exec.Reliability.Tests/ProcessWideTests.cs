using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec.Reliability.Tests.Graphs;
using Gen.Exec.Reliability.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Gen.Exec.Reliability.Tests;

/// <summary>Hostile environments that touch process-wide state: a tiny thread pool, unobserved task exceptions.</summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ProcessWideTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_watchdog = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Blocking_and_async_layers_complete_on_a_thread_pool_smaller_than_the_blocking_work()
    {
        ThreadPool.GetMinThreads(out int minWorkers, out int minIo);
        ThreadPool.GetMaxThreads(out int maxWorkers, out int maxIo);
        int smallPool = Math.Max(Environment.ProcessorCount, 4);
        Assert.True(ThreadPool.SetMinThreads(1, 1));
        Assert.True(ThreadPool.SetMaxThreads(smallPool, maxIo));
        try
        {
            var starvation = new StarvationGraph.Executor(new StarvationGraph());
            var overrun = new StarvedTimeoutGraph.Executor(new StarvedTimeoutGraph());
            var clock = Stopwatch.StartNew();

            // 16 runs x 4 blocking layers: 64 blocking calls on a pool of 4 threads, beside async layers and time-outs.
            Task<StarvationGraph.Results>[] runs = Enumerable.Range(0, 16).Select(_ => starvation.RunAsync()).ToArray();
            Task<StarvedTimeoutGraph.Results>[] overruns = Enumerable.Range(0, 4).Select(_ => overrun.RunAsync()).ToArray();
            StarvationGraph.Results[] results = await Task.WhenAll(runs).WaitAsync(s_watchdog);
            StarvedTimeoutGraph.Results[] overrunResults = await Task.WhenAll(overruns).WaitAsync(s_watchdog);

            Assert.All(results, r => Assert.Equal(40, r.Sum.Value));
            Assert.All(overrunResults, r =>
            {
                // Overruns returns after 400 ms, four times its time-out: however late a starved pool fires the
                // timer, a layer that finishes past its deadline is TimedOut.
                Assert.Equal(LayerStatus.TimedOut, r.Overruns.Status);
                Assert.IsType<TimeoutException>(r.Overruns.Error);

                // Quick's 1 ms delay needs a pool thread to resume: a saturated pool may hold it past its
                // deadline, so either outcome is legal for it, and its dependent follows it.
                Assert.True(r.Quick.Status is LayerStatus.TimedOut or LayerStatus.Succeeded, r.Quick.ToString());
                Assert.Equal(r.Quick.Succeeded ? LayerStatus.Succeeded : LayerStatus.Skipped, r.After.Status);
            });
            output.WriteLine($"pool of {smallPool} threads: 16 + 4 runs in {clock.ElapsedMilliseconds} ms; overrun statuses: {string.Join(", ", overrunResults.Select(r => r.Overruns.Status))}");
        }
        finally
        {
            Assert.True(ThreadPool.SetMaxThreads(maxWorkers, maxIo));
            Assert.True(ThreadPool.SetMinThreads(minWorkers, minIo));
        }
    }

    [Fact]
    public async Task Work_abandoned_at_its_time_out_that_fails_later_never_surfaces_as_an_unobserved_task_exception()
    {
        int runs = LongMode.Pick(ci: 200, @long: 2_000);

        // One blocking layer per run: enough threads that its time-out timer is not starved (a pool with too
        // few threads fires time-outs late; see the small-pool test).
        ThreadPool.GetMinThreads(out int minWorkers, out int minIo);
        ThreadPool.SetMinThreads(Math.Max(minWorkers, runs + 32), minIo);
        try
        {
            await AbandonedFailuresAreObservedAsync(runs);
        }
        finally
        {
            ThreadPool.SetMinThreads(minWorkers, minIo);
        }
    }

    private static async Task AbandonedFailuresAreObservedAsync(int runs)
    {
        using var unobserved = new UnobservedExceptionMonitor();
        var executor = new LateFailureGraph.Executor(new LateFailureGraph());
        int finishedBefore = Volatile.Read(ref LateFailureGraph.Finished);

        LateFailureGraph.Results[] results = await Task.WhenAll(Enumerable.Range(0, runs).Select(_ => executor.RunAsync())).WaitAsync(s_watchdog);
        await WaitUntilAsync(() => Volatile.Read(ref LateFailureGraph.Finished) - finishedBefore == 2 * runs);

        Assert.All(results, r =>
        {
            AssertTimedOutOrFailedLate(r.ThrowsLate);
            AssertTimedOutOrFailedLate(r.ThrowsLateSync);
            Assert.Equal(((int)r.ThrowsLate.Status * 10) + (int)r.ThrowsLateSync.Status, r.Sees.Value);
        });
        Exception[] surfaced = unobserved.CollectAndList();
        Assert.True(surfaced.Length == 0, $"{surfaced.Length} unobserved task exception(s), first: {surfaced.FirstOrDefault()}");
    }

    // Regression test: the runtime once decided to observe a timed-out layer's task by `!task.IsCompleted`, so a
    // layer failing between WaitAsync's cancellation and that check went unobserved (1 in 20 runs here).
    [Fact]
    public async Task A_layer_that_fails_just_as_the_runtime_gives_up_on_it_is_observed()
    {
        using var unobserved = new UnobservedExceptionMonitor();
        int runs = 20;
        var tasks = new System.Collections.Generic.List<WeakReference>();
        for (int i = 0; i < runs; i++)
        {
            tasks.Add(await RunLayerThatFailsAsItsTimeoutFiresAsync());
        }

        Exception[] surfaced = unobserved.CollectAndList();
        Assert.True(surfaced.Length == 0, $"{surfaced.Length} of {runs} failures went unobserved ({tasks.Count(t => t.IsAlive)} alive), first: {surfaced.FirstOrDefault()}");
    }

    // A separate method, so that nothing in the caller keeps the layer's task reachable afterwards.
    private static async Task<WeakReference> RunLayerThatFailsAsItsTimeoutFiresAsync()
    {
        var time = new HookedTimeProvider();
        var source = new TaskCompletionSource<int>();

        // The runtime disposes the time-out timer after WaitAsync gave up and before it checks the task:
        // fail the layer exactly there.
        time.OnTimerDisposed = () => source.TrySetException(new InvalidOperationException("failed as its time-out fired"));
        var executor = new ExternallyCompletedGraph.Executor(new ExternallyCompletedGraph(), new ExecutorOptions { TimeProvider = time });

        Task<ExternallyCompletedGraph.Results> run = executor.RunAsync(source);
        time.Inner.Advance(TimeSpan.FromMilliseconds(25));
        ExternallyCompletedGraph.Results r = await run.WaitAsync(s_watchdog);

        Assert.Equal(LayerStatus.TimedOut, r.Waits.Status);
        Assert.True(source.Task.IsFaulted);
        return new WeakReference(source.Task);
    }

    [Fact]
    public async Task A_layer_that_throws_its_own_exception_the_moment_its_token_is_cancelled_is_always_observed()
    {
        int runs = LongMode.Pick(ci: 3_000, @long: 30_000);
        ThreadPool.GetMinThreads(out int minWorkers, out int minIo);
        ThreadPool.SetMinThreads(Math.Max(minWorkers, 128), minIo);
        try
        {
            using var unobserved = new UnobservedExceptionMonitor();
            var executor = new ThrowOnCancellationGraph.Executor(new ThrowOnCancellationGraph());
            int startedBefore = Volatile.Read(ref ThrowOnCancellationGraph.Started);
            int finishedBefore = Volatile.Read(ref ThrowOnCancellationGraph.Finished);
            int timedOut = 0, failed = 0;
            int next = -1;
            await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
            {
                while (Interlocked.Increment(ref next) < runs)
                {
                    ThrowOnCancellationGraph.Results r = await executor.RunAsync();
                    foreach (LayerResult layer in r.Layers)
                    {
                        // Either the runtime saw the time-out first, or the layer's own exception won the race.
                        Assert.True(
                            layer.Status == LayerStatus.TimedOut || (layer.Status == LayerStatus.Failed && layer.Error is InvalidOperationException),
                            layer.ToString());
                        Interlocked.Increment(ref layer.Status == LayerStatus.TimedOut ? ref timedOut : ref failed);
                    }
                }
            }))).WaitAsync(s_watchdog);
            // Every layer that started finishes once its token is cancelled; each run's asynchronous layer always starts.
            await WaitUntilAsync(() => Volatile.Read(ref ThrowOnCancellationGraph.Finished) - finishedBefore
                == Volatile.Read(ref ThrowOnCancellationGraph.Started) - startedBefore);
            Assert.InRange(Volatile.Read(ref ThrowOnCancellationGraph.Started) - startedBefore, runs, 2 * runs);

            Exception[] surfaced = unobserved.CollectAndList();
            output.WriteLine($"{runs} runs: {timedOut} layers timed out, {failed} failed with their own exception first; {surfaced.Length} unobserved");
            Assert.True(surfaced.Length == 0, $"{surfaced.Length} unobserved task exception(s) from layers that failed as their time-out fired, first: {surfaced.FirstOrDefault()}");
        }
        finally
        {
            ThreadPool.SetMinThreads(minWorkers, minIo);
        }
    }

    [Fact]
    public async Task A_token_callback_that_throws_when_a_time_out_fires_is_contained_under_a_fake_time_provider()
    {
        var time = new FakeTimeProvider();
        var executor = new ThrowingCallbackGraph.Executor(new ThrowingCallbackGraph(), new ExecutorOptions { TimeProvider = time });

        Task<ThrowingCallbackGraph.Results> run = executor.RunAsync();
        time.Advance(TimeSpan.FromMilliseconds(25));
        ThrowingCallbackGraph.Results r = await run.WaitAsync(s_watchdog);

        Assert.Equal(LayerStatus.TimedOut, r.Waits.Status);
    }

    [Fact]
    public async Task A_token_callback_that_throws_when_a_time_out_fires_is_contained_under_the_system_clock()
    {
        var executor = new ThrowingCallbackGraph.Executor(new ThrowingCallbackGraph());

        ThrowingCallbackGraph.Results r = await executor.RunAsync().WaitAsync(s_watchdog);

        Assert.Equal(LayerStatus.TimedOut, r.Waits.Status);
    }

    private static void AssertTimedOutOrFailedLate(LayerResult<int> layer)
    {
        // A stalled machine can fire the time-out after the layer failed: then it is Failed, after its deadline.
        if (layer.Status == LayerStatus.TimedOut)
        {
            Assert.IsType<TimeoutException>(layer.Error);
        }
        else
        {
            Assert.Equal(LayerStatus.Failed, layer.Status);
            Assert.IsType<InvalidOperationException>(layer.Error);
            Assert.True(layer.Elapsed >= TimeSpan.FromMilliseconds(20), layer.ToString());
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < s_watchdog, "Abandoned layers did not finish.");
            await Task.Delay(20);
        }
    }
}
