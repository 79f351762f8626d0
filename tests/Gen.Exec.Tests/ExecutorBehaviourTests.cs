using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Gen.Exec.Tests;

public sealed class ExecutorBehaviourTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Fan_out_runs_layers_in_parallel_and_passes_typed_values_to_the_merge()
    {
        var time = new FakeTimeProvider();
        var script = new Script();
        foreach (string layer in new[] { "A", "B", "C", "D", "E" })
        {
            script.On(layer, ct => Task.Delay(TimeSpan.FromMilliseconds(100), time, ct));
        }

        var executor = new FanOut.Executor(new FanOut(script), new ExecutorOptions { TimeProvider = time });
        Task<FanOut.Results> run = executor.RunAsync();
        await Task.WhenAll(new[] { "A", "B", "C", "D", "E" }.Select(script.Started)).WaitAsync(Patience);
        time.Advance(TimeSpan.FromMilliseconds(100));
        FanOut.Results results = await run.WaitAsync(Patience);

        Assert.Equal(15, results.Sum.Value);
        Assert.All(results.Layers, layer => Assert.Equal(LayerStatus.Succeeded, layer.Status));
        Assert.Equal(TimeSpan.FromMilliseconds(100), results.Stats.Elapsed);
        Assert.Equal(TimeSpan.FromMilliseconds(500), results.Stats.SequentialElapsed);
        Assert.Equal(5.0, results.Stats.Speedup, precision: 6);
        Assert.Equal(TimeSpan.FromMilliseconds(400), results.Stats.TimeSaved);
        Assert.Equal(6, results.Stats.Succeeded);
        Assert.Equal(5, script.MaxRunning);
    }

    [Fact]
    public async Task Fan_out_branches_of_different_lengths_overlap_and_the_merge_waits_only_for_the_slowest()
    {
        var time = new FakeTimeProvider();
        var script = new Script();
        string[] branches = ["A", "B", "C", "D", "E"];
        for (int i = 0; i < branches.Length; i++)
        {
            TimeSpan length = TimeSpan.FromMilliseconds(100 * (i + 1)); // A 100 ms ... E 500 ms
            script.On(branches[i], ct => Task.Delay(length, time, ct));
        }

        var executor = new FanOut.Executor(new FanOut(script), new ExecutorOptions { TimeProvider = time });
        Task<FanOut.Results> run = executor.RunAsync();

        // Every branch is running before any virtual time passes: one after the other, B would never start here.
        await Task.WhenAll(branches.Select(script.Started)).WaitAsync(Patience);
        Assert.Equal(5, script.MaxRunning);

        // 500 ms is the slowest branch; run one after the other they would need 1,500.
        time.Advance(TimeSpan.FromMilliseconds(500));
        FanOut.Results results = await run.WaitAsync(Patience);

        LayerResult<int>[] branchResults = [results.A, results.B, results.C, results.D, results.E];
        Assert.All(branchResults, branch => Assert.Equal(TimeSpan.Zero, branch.StartOffset));
        for (int i = 0; i < branchResults.Length; i++)
        {
            // At least its own length; when the engine reads the clock after a timer fires is up to the thread pool.
            Assert.InRange(branchResults[i].Elapsed, TimeSpan.FromMilliseconds(100 * (i + 1)), TimeSpan.FromMilliseconds(500));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(500), results.Sum.StartOffset);
        Assert.Equal(TimeSpan.FromMilliseconds(500), results.Stats.Elapsed);
        Assert.Equal(15, results.Sum.Value);
    }

    [Fact]
    public async Task A_layer_starts_when_its_own_dependencies_finish_not_when_an_unrelated_slow_layer_does()
    {
        var time = new FakeTimeProvider();
        var script = new Script();
        script.On("Fast", ct => Task.Delay(TimeSpan.FromMilliseconds(100), time, ct));
        script.On("Slow", ct => Task.Delay(TimeSpan.FromMilliseconds(300), time, ct));
        var executor = new Uneven.Executor(new Uneven(script), new ExecutorOptions { TimeProvider = time });

        Task<Uneven.Results> run = executor.RunAsync();
        await Task.WhenAll(script.Started("Fast"), script.Started("Slow")).WaitAsync(Patience);
        time.Advance(TimeSpan.FromMilliseconds(100));

        // Fast has finished and Slow (the rest of batch 0) has not, yet AfterFast (batch 1) starts.
        await script.Started("AfterFast").WaitAsync(Patience);
        Assert.False(run.IsCompleted);
        Assert.DoesNotContain("Join", script.StartOrder);

        time.Advance(TimeSpan.FromMilliseconds(200));
        Uneven.Results results = await run.WaitAsync(Patience);

        Assert.Equal("Succeeded:2:11", results.Join.Value);
        Assert.Equal(TimeSpan.FromMilliseconds(100), results.Fast.Elapsed);
        Assert.Equal(TimeSpan.FromMilliseconds(100), results.AfterFast.StartOffset); // when Fast finished, not Slow
        Assert.Equal(TimeSpan.FromMilliseconds(300), results.Slow.Elapsed);
        Assert.Equal(TimeSpan.FromMilliseconds(300), results.Join.StartOffset); // when the later of its two finished
        Assert.Equal(TimeSpan.FromMilliseconds(300), results.Stats.Elapsed);
    }

    [Fact]
    public async Task A_LayerResult_parameter_sees_a_failed_dependency_and_the_layer_still_runs()
    {
        var script = new Script();
        script.On("Slow", _ => Task.FromException(new InvalidOperationException("slow failed")));

        Uneven.Results results = await new Uneven.Executor(new Uneven(script)).RunAsync().WaitAsync(Patience);

        Assert.Equal(LayerStatus.Failed, results.Slow.Status);
        Assert.Equal("Failed:-1:11", results.Join.Value);
        Assert.Equal(1, results.Stats.Failed);
        Assert.Equal(3, results.Stats.Succeeded);
    }

    [Fact]
    public async Task Run_inputs_are_shared_by_name_and_every_return_shape_works()
    {
        var graph = new Shapes();

        // Inputs in order of first appearance: name, times (Greeting), loud (Shout).
        Shapes.Results results = await new Shapes.Executor(graph).RunAsync("ada", 2, true).WaitAsync(Patience);

        Assert.Equal("hi ada;hi ada;", results.Greeting.Value);
        Assert.Equal(3, results.Length.Value);
        Assert.Equal("HI ADA;HI ADA;", results.Shout.Value);
        Assert.Equal(LayerStatus.Succeeded, results.Count.Status);
        Assert.Equal(1, graph.SyncVoidCalls);
        Assert.Equal("HI ADA;HI ADA;|Succeeded", graph.Seen);
        Assert.True(results.Record.Succeeded);
        Assert.True(results.Done.Succeeded);
        Assert.Equal(new[] { "Greeting", "Length", "Shout", "Count", "Record", "Done" }, results.Layers.Select(l => l.Name));
    }

    [Fact]
    public async Task Failures_are_isolated_and_dependents_that_need_a_value_are_skipped()
    {
        var time = new FakeTimeProvider();
        var script = new Script();
        script.Gate("IgnoresToken"); // never released; ignores its token
        var executor = new Faulty.Executor(new Faulty(script), new ExecutorOptions { TimeProvider = time });

        Task<Faulty.Results> run = executor.RunAsync();
        await script.Started("IgnoresToken").WaitAsync(Patience);
        time.Advance(TimeSpan.FromMilliseconds(100));
        Faulty.Results results = await run.WaitAsync(Patience);

        Assert.Equal(LayerStatus.Succeeded, results.Ok.Status);

        Assert.Equal(LayerStatus.Failed, results.ThrowsAsync.Status);
        Assert.Equal("async boom", Assert.IsType<InvalidOperationException>(results.ThrowsAsync.Error).Message);
        Assert.Equal(LayerStatus.Skipped, results.NeedsThrower.Status);

        Assert.Equal(LayerStatus.Failed, results.ThrowsSynchronously.Status);
        Assert.IsType<FormatException>(results.ThrowsSynchronously.Error);
        Assert.Equal("1:Failed:sync boom", results.Tolerant.Value);

        Assert.Equal(LayerStatus.TimedOut, results.IgnoresToken.Status);
        Assert.IsType<TimeoutException>(results.IgnoresToken.Error);
        Assert.Equal(TimeSpan.FromMilliseconds(100), results.IgnoresToken.Elapsed);
        Assert.Equal(LayerStatus.Skipped, results.NeedsTimedOut.Status);

        RunStats stats = results.Stats;
        Assert.Equal((2, 2, 1, 0, 2), (stats.Succeeded, stats.Failed, stats.TimedOut, stats.Canceled, stats.Skipped));
        Assert.Equal(2, executor.Stats.Failures);
        Assert.Equal(1, executor.Stats.Timeouts);
        Assert.Equal(5, executor.Stats.LayersRun);
    }

    [Fact]
    public async Task Value_of_an_unsuccessful_layer_throws_naming_its_status_and_error()
    {
        var script = new Script();
        Faulty.Results results = await new Faulty.Executor(new Faulty(script), new ExecutorOptions { FailFast = false })
            .RunAsync().WaitAsync(Patience);

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => results.ThrowsAsync.Value);
        Assert.Contains("ThrowsAsync", error.Message);
        Assert.Contains("Failed", error.Message);
        Assert.Contains("async boom", error.Message);
        Assert.Same(results.ThrowsAsync.Error, error.InnerException);
        Assert.Contains("Skipped", Assert.Throws<InvalidOperationException>(() => results.NeedsThrower.Value).Message);
    }

    [Fact]
    public async Task A_synchronous_layer_that_blocks_and_ignores_its_token_times_out_at_the_deadline()
    {
        var time = new FakeTimeProvider();
        using var release = new ManualResetEventSlim();
        var graph = new Blocking(release);
        var executor = new Blocking.Executor(graph, new ExecutorOptions { TimeProvider = time });
        try
        {
            Task<Blocking.Results> run = executor.RunAsync();
            await graph.StuckStarted.Task.WaitAsync(Patience);
            time.Advance(TimeSpan.FromMilliseconds(200));
            Blocking.Results results = await run.WaitAsync(Patience);

            // The run returned at the deadline while Stuck is still blocked: it stopped waiting for it.
            Assert.False(graph.StuckReturned, "the run waited for the blocked layer to return");
            Assert.Equal(LayerStatus.TimedOut, results.Stuck.Status);
            Assert.IsType<TimeoutException>(results.Stuck.Error);
            Assert.Equal(TimeSpan.FromMilliseconds(200), results.Stuck.Elapsed);
            Assert.Equal(TimeSpan.FromMilliseconds(200), results.Stats.Elapsed);
            Assert.Equal(2, results.Quick.Value);
        }
        finally
        {
            release.Set();
        }
    }

    [Fact]
    public async Task MaxConcurrency_is_never_exceeded_and_is_used_in_full()
    {
        var script = new Script();
        string[] layers = Enumerable.Range(0, 10).Select(i => "L" + i).ToArray();
        Dictionary<string, TaskCompletionSource> gates = layers.ToDictionary(layer => layer, script.Gate);
        var executor = new Wide.Executor(new Wide(script), new ExecutorOptions { MaxConcurrency = 3 });

        Task<Wide.Results> run = executor.RunAsync();
        for (int finished = 0; finished < layers.Length; finished++)
        {
            // Every started layer is held at its gate until released here: exactly three run at a time.
            int expected = Math.Min(finished + 3, layers.Length);
            await script.StartedCount(expected).WaitAsync(Patience);
            Assert.Equal(expected, script.StartOrder.Count);
            Assert.Equal(3, script.MaxRunning);
            gates[script.StartOrder[finished]].SetResult();
        }

        Wide.Results results = await run.WaitAsync(Patience);
        Assert.Equal(10, results.Stats.Succeeded);
        Assert.Equal(3, script.MaxRunning);
    }

    [Fact]
    public async Task Under_a_limit_layers_start_by_priority_then_longest_remaining_path_then_declaration_order()
    {
        var script = new Script();
        var executor = new Prioritized.Executor(new Prioritized(script), new ExecutorOptions { MaxConcurrency = 1 });

        await executor.RunAsync().WaitAsync(Patience);

        Assert.Equal(new[] { "Urgent", "Head", "Tail", "Plain" }, script.StartOrder);
        Assert.Equal(1, script.MaxRunning);
    }

    [Fact]
    public async Task Sequential_mode_runs_one_layer_at_a_time_in_plan_order()
    {
        var script = new Script();
        foreach (string layer in new[] { "Fast", "Slow", "AfterFast" })
        {
            script.On(layer, async _ => await Task.Yield()); // each completes asynchronously
        }

        var executor = new Uneven.Executor(new Uneven(script), new ExecutorOptions { Parallel = false });
        Uneven.Results results = await executor.RunAsync().WaitAsync(Patience);

        Assert.Equal(Uneven.Executor.Plan.Layers, script.StartOrder);
        Assert.Equal(new[] { "Fast", "Slow", "AfterFast", "Join" }, script.StartOrder);
        Assert.Equal(1, script.MaxRunning);
        Assert.True(results.Join.Succeeded);
    }

    [Fact]
    public async Task Fail_fast_cancels_running_layers_skips_the_rest_and_returns_results()
    {
        var script = new Script();
        TaskCompletionSource optional = script.Gate("Optional");
        script.Gate("Running");
        var executor = new Guarded.Executor(new Guarded(script), new ExecutorOptions { FailFast = true });

        Task<Guarded.Results> run = executor.RunAsync();
        await script.Started("Running").WaitAsync(Patience);
        optional.SetException(new InvalidOperationException("optional failed"));
        Guarded.Results results = await run.WaitAsync(Patience);

        Assert.Equal(LayerStatus.Failed, results.Optional.Status);
        Assert.Equal(LayerStatus.Canceled, results.Running.Status);
        Assert.IsAssignableFrom<OperationCanceledException>(results.Running.Error);
        Assert.Equal(LayerStatus.Skipped, results.Later.Status);
        Assert.DoesNotContain("Later", script.StartOrder);
    }

    [Fact]
    public async Task Without_fail_fast_a_failure_of_a_non_critical_layer_does_not_abort()
    {
        var script = new Script();
        script.On("Optional", _ => Task.FromException(new InvalidOperationException("optional failed")));

        Guarded.Results results = await new Guarded.Executor(new Guarded(script)).RunAsync().WaitAsync(Patience);

        Assert.Equal(LayerStatus.Failed, results.Optional.Status);
        Assert.Equal(3, results.Stats.Succeeded);
    }

    [Fact]
    public async Task A_critical_layer_failing_aborts_the_run()
    {
        var script = new Script();
        TaskCompletionSource vital = script.Gate("Vital");
        script.Gate("Running");
        script.Gate("Optional");

        Task<Guarded.Results> run = new Guarded.Executor(new Guarded(script)).RunAsync();
        await Task.WhenAll(script.Started("Running"), script.Started("Optional")).WaitAsync(Patience);
        vital.SetException(new InvalidOperationException("vital failed"));
        Guarded.Results results = await run.WaitAsync(Patience);

        Assert.Equal(LayerStatus.Failed, results.Vital.Status);
        Assert.Equal(LayerStatus.Canceled, results.Running.Status);
        Assert.Equal(LayerStatus.Canceled, results.Optional.Status);
        Assert.Equal(LayerStatus.Skipped, results.Later.Status);
        Assert.Equal(2, results.Stats.Canceled);
    }

    [Fact]
    public async Task Caller_cancellation_throws_promptly_even_when_a_layer_ignores_its_token()
    {
        var script = new Script();
        script.On("Slow", _ => new TaskCompletionSource().Task); // never completes, ignores the token
        var executor = new Uneven.Executor(new Uneven(script));
        using var cts = new CancellationTokenSource();

        Task<Uneven.Results> run = executor.RunAsync(cts.Token);
        await script.Started("Slow").WaitAsync(Patience);
        cts.Cancel();

        OperationCanceledException error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));
        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.Equal(0, executor.Stats.Runs);
    }

    [Fact]
    public async Task An_already_cancelled_token_cancels_the_run_before_any_layer_starts()
    {
        var script = new Script();
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Task<Uneven.Results> run = new Uneven.Executor(new Uneven(script)).RunAsync(cts.Token);

        Assert.True(run.IsCanceled);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Empty(script.StartOrder);
    }

    [Fact]
    public async Task Static_nested_generic_and_global_graphs_are_generated()
    {
        Outer.StaticGraph.Results square = await new Outer.StaticGraph.Executor().RunAsync(5).WaitAsync(Patience);
        Assert.Equal(9, square.Square.Value);

        Outer.Container<string>.Generic.Results generic = await new Outer.Container<string>.Generic.Executor(new Outer.Container<string>.Generic())
            .RunAsync("x").WaitAsync(Patience);
        Assert.Equal(new[] { "x" }, generic.Wrap.Value);
        Assert.Equal(1, generic.Count.Value);

        GlobalGraph.Results global = await new GlobalGraph.Executor(new GlobalGraph()).RunAsync().WaitAsync(Patience);
        Assert.Equal(1, global.One.Value);
    }

    [Fact]
    public async Task Two_hundred_concurrent_runs_on_one_executor_keep_exact_cumulative_stats()
    {
        var script = new Script();
        script.On("Slow", async _ => await Task.Yield());
        script.On("Fast", _ => Task.FromException(new InvalidOperationException("fast failed")));
        var executor = new Uneven.Executor(new Uneven(script), new ExecutorOptions { MaxConcurrency = 2 });

        Uneven.Results[] runs = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => executor.RunAsync())))
            .WaitAsync(Patience);

        Assert.All(runs, r => Assert.Equal((1, 1, 2), (r.Stats.Succeeded, r.Stats.Failed, r.Stats.Skipped)));
        Assert.Equal(200, executor.Stats.Runs);
        Assert.Equal(400, executor.Stats.LayersRun);
        Assert.Equal(200, executor.Stats.Failures);
        Assert.Equal(0, executor.Stats.Timeouts);
        Assert.Equal(runs.Sum(r => r.Stats.TimeSaved.Ticks), executor.Stats.TotalTimeSaved.Ticks);
        Assert.Equal(runs.Average(r => r.Stats.Speedup), executor.Stats.AverageSpeedup, precision: 9);
    }

    [Fact]
    public async Task Abandoned_layers_that_throw_later_never_surface_as_unobserved_task_exceptions()
    {
        int unobserved = 0;
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            if (e.Exception.Flatten().InnerExceptions.Any(x => x.Message == LateThrower.Marker))
            {
                Interlocked.Increment(ref unobserved);
            }
        }

        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            WeakReference<Task> abandoned = await AbandonALayerAndLetItThrowAsync();

            // An unobserved exception surfaces when its faulted task is finalized: collect until the task is gone.
            // A task that stayed reachable would never be finalized, and the check below would prove nothing.
            var watchdog = Stopwatch.StartNew();
            while (abandoned.TryGetTarget(out _))
            {
                Assert.True(watchdog.Elapsed < Patience, "The abandoned layer's task is still reachable after the run.");
                await Task.Yield();
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            Assert.Equal(0, Volatile.Read(ref unobserved));
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }
    }

    // Holds the graph, the run and the layer's task only while it runs, so they are garbage once it returns.
    private static async Task<WeakReference<Task>> AbandonALayerAndLetItThrowAsync()
    {
        var time = new FakeTimeProvider();
        var graph = new LateThrower();
        Task<LateThrower.Results> run = new LateThrower.Executor(graph, new ExecutorOptions { TimeProvider = time }).RunAsync();
        await graph.LateStarted.Task.WaitAsync(Patience);
        time.Advance(TimeSpan.FromMilliseconds(50));
        LateThrower.Results results = await run.WaitAsync(Patience);
        Assert.Equal(LayerStatus.TimedOut, results.Late.Status);

        // The run is over and the layer still running; now it throws. Wait for its task to fault without
        // observing the exception (a continuation does not observe it; await or reading Exception would).
        Assert.True(graph.LateTask!.TryGetTarget(out Task? late));
        Assert.False(late.IsCompleted);
        graph.ReleaseLate();
        await late.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
            .WaitAsync(Patience);
        Assert.True(late.IsFaulted);
        return graph.LateTask;
    }
}
