using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Tests;

/// <summary>Per-request control (issue 12): targets, conditions, retries and fallbacks, run by generated executors.</summary>
public sealed class ControlTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Targets_run_their_dependency_closure_and_every_other_layer_ends_NotRun_without_its_condition()
    {
        var graph = new Selectable();
        var executor = new Selectable.Executor(graph);

        Selectable.Results r = await executor.RunAsync(new RunOptions { Targets = [nameof(Selectable.C)] });

        Assert.Equal(new[] { LayerStatus.Succeeded, LayerStatus.Succeeded, LayerStatus.Succeeded, LayerStatus.NotRun, LayerStatus.NotRun }, r.Layers.Select(l => l.Status));
        Assert.Equal(3, r.C.Value);
        Assert.Equal((1, 1, 1, 0, 0, 0), (graph.ACalls, graph.BCalls, graph.CCalls, graph.DCalls, graph.ECalls, graph.EConditionCalls));
        Assert.Equal(0, r.D.Attempts);
        Assert.Equal(1, r.C.Attempts);
        Assert.Equal((3, 2), (r.Stats.Succeeded, r.Stats.NotRun));
        Assert.Equal(3, executor.Stats.LayersRun);

        // Several targets: the union of their closures. Null options or null targets: everything.
        Selectable.Results two = await executor.RunAsync(new RunOptions { Targets = new List<string> { nameof(Selectable.A), nameof(Selectable.E) } });
        Assert.Equal(new[] { LayerStatus.Succeeded, LayerStatus.NotRun, LayerStatus.NotRun, LayerStatus.Succeeded, LayerStatus.Succeeded }, two.Layers.Select(l => l.Status));
        Assert.Equal(1, graph.EConditionCalls);
        Assert.All((await executor.RunAsync((RunOptions?)null)).Layers, l => Assert.Equal(LayerStatus.Succeeded, l.Status));
        Assert.All((await executor.RunAsync(new RunOptions())).Layers, l => Assert.Equal(LayerStatus.Succeeded, l.Status));
    }

    [Fact]
    public async Task Unknown_or_empty_targets_throw_before_any_layer_starts()
    {
        var graph = new Selectable();
        var executor = new Selectable.Executor(graph);

        ArgumentException unknown = await Assert.ThrowsAsync<ArgumentException>(() => executor.RunAsync(new RunOptions { Targets = [nameof(Selectable.A), "Nope"] }));
        Assert.Contains("'Nope'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("A, B, C, D, E", unknown.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => executor.RunAsync(new RunOptions { Targets = Array.Empty<string>() }));

        Assert.Equal(0, graph.ACalls + graph.DCalls);
        Assert.Equal(0, executor.Stats.Runs);
    }

    [Fact]
    public async Task A_false_condition_ends_the_layer_NotRun_which_propagates_to_value_dependents_only()
    {
        var graph = new Conditional();
        var executor = new Conditional.Executor(graph);

        Conditional.Results simple = await executor.RunAsync("short");

        Assert.Equal(LayerStatus.NotRun, simple.Deep.Status);
        Assert.Equal(0, simple.Deep.Attempts);
        Assert.Equal(0, graph.DeepCalls);
        Assert.Equal(1, graph.ConditionCalls);
        Assert.Equal(LayerStatus.NotRun, simple.UsesDeep.Status);
        Assert.Equal("NotRun", simple.SeesDeep.Value);

        // NotRun wins over Skipped when several needed dependencies have no value.
        Assert.Equal(LayerStatus.NotRun, simple.Both.Status);
        Assert.Equal((3, 1, 3), (simple.Stats.NotRun, simple.Stats.Failed, simple.Stats.Succeeded));
        Assert.Equal(TimeSpan.Zero, simple.Deep.Elapsed);

        Conditional.Results complex = await executor.RunAsync("a long question");
        Assert.Equal("deep:15", complex.Deep.Value);
        Assert.Equal("deep:15!", complex.UsesDeep.Value);
        Assert.Equal("Succeeded", complex.SeesDeep.Value);
        Assert.Equal(LayerStatus.Skipped, complex.Both.Status);
    }

    [Fact]
    public async Task A_condition_that_throws_fails_the_layer_without_retries_or_fallback()
    {
        var graph = new Conditional();
        Conditional.Results r = await new Conditional.Executor(graph).RunAsync("boom");

        Assert.Equal(LayerStatus.Failed, r.Guarded.Status);
        Assert.IsType<ArgumentException>(r.Guarded.Error);
        Assert.Equal(0, r.Guarded.Attempts);
        Assert.Equal((0, 0), (graph.GuardedCalls, graph.GuardedFallbackCalls));
        Assert.False(r.Guarded.HasValue);
    }

    [Theory]
    [InlineData(nameof(Backoffs.Constant), new[] { 100, 100, 100 })]
    [InlineData(nameof(Backoffs.Linear), new[] { 100, 200, 300 })]
    [InlineData(nameof(Backoffs.Exponential), new[] { 100, 200, 400 })]
    public async Task Retry_delays_follow_the_backoff_exactly_through_the_TimeProvider(string layer, int[] delays)
    {
        var time = new RecordingTime();
        var graph = new Backoffs();
        var executor = new Backoffs.Executor(graph, new ExecutorOptions { TimeProvider = time });

        Backoffs.Results r = await Drive(time, executor.RunAsync(new RunOptions { Targets = [layer] }));

        LayerResult result = r.Layers.Single(l => l.Name == layer);
        Assert.Equal(delays, time.Timers.Select(t => (int)t.TotalMilliseconds));
        Assert.Equal(LayerStatus.Failed, result.Status);
        Assert.IsType<IOException>(result.Error);
        Assert.Equal(4, result.Attempts);
        Assert.Equal(4, graph.Calls);
        Assert.Equal(TimeSpan.FromMilliseconds(delays.Sum()), result.Elapsed);
        Assert.Equal(3, executor.Stats.Retries);
        Assert.Equal(1, executor.Stats.Failures);
    }

    [Fact]
    public async Task Jittered_delays_stay_within_half_and_one_and_a_half_times_their_nominal_value()
    {
        var delays = new List<double>();
        for (int run = 0; run < 20; run++)
        {
            var time = new RecordingTime();
            var executor = new Backoffs.Executor(new Backoffs(), new ExecutorOptions { TimeProvider = time });
            await Drive(time, executor.RunAsync(new RunOptions { Targets = [nameof(Backoffs.Jittered)] }));
            double[] recorded = time.Timers.Select(t => t.TotalMilliseconds).ToArray();
            Assert.Equal(3, recorded.Length);
            for (int k = 0; k < 3; k++)
            {
                double nominal = 100 * Math.Pow(2, k);
                Assert.InRange(recorded[k], nominal * 0.5, nominal * 1.5);
            }

            delays.Add(recorded[0]);
        }

        // Drawn, not fixed.
        Assert.True(delays.Distinct().Count() > 1);
    }

    [Fact]
    public async Task Every_attempt_gets_a_fresh_token_and_the_whole_time_out()
    {
        var time = new RecordingTime();
        var graph = new RetriesTimeouts();
        var executor = new RetriesTimeouts.Executor(graph, new ExecutorOptions { TimeProvider = time });

        RetriesTimeouts.Results r = await Drive(time, executor.RunAsync());

        Assert.Equal(LayerStatus.TimedOut, r.Slow.Status);
        Assert.IsType<TimeoutException>(r.Slow.Error);
        Assert.Equal(3, r.Slow.Attempts);
        Assert.Equal(new[] { 100, 100, 100 }, time.Timers.Select(t => (int)t.TotalMilliseconds));
        Assert.Equal(TimeSpan.FromMilliseconds(300), r.Slow.Elapsed);
        var attempts = graph.Attempts.ToArray();
        Assert.Equal(3, attempts.Length);
        Assert.All(attempts, a => Assert.False(a.CanceledAtStart));
        Assert.All(attempts, a => Assert.True(a.Token.IsCancellationRequested));
        Assert.Equal(3, attempts.Select(a => a.Token).Distinct().Count());
        Assert.Equal(2, r.Stats.Retries);
    }

    [Fact]
    public async Task Handle_limits_which_exceptions_are_retried()
    {
        var graph = new Handles();
        var executor = new Handles.Executor(graph);

        Handles.Results r = await executor.RunAsync();

        Assert.Equal((LayerStatus.Failed, 1, 1), (r.NotHandled.Status, r.NotHandled.Attempts, graph.NotHandledCalls));
        Assert.IsType<InvalidOperationException>(r.HandledThenNot.Error);
        Assert.Equal((LayerStatus.Failed, 3), (r.HandledThenNot.Status, r.HandledThenNot.Attempts));
        Assert.Equal((LayerStatus.Succeeded, 3, 3), (r.SucceedsThird.Status, r.SucceedsThird.Attempts, r.SucceedsThird.Value));
        Assert.Equal(4, executor.Stats.Retries);
        Assert.Equal(2, executor.Stats.Failures);
    }

    [Fact]
    public async Task An_abort_ends_the_wait_between_attempts_and_nothing_is_retried()
    {
        var time = new RecordingTime();
        var graph = new RetryThenAbort();
        var executor = new RetryThenAbort.Executor(graph, new ExecutorOptions { TimeProvider = time });

        Task<RetryThenAbort.Results> run = executor.RunAsync();
        await WaitUntil(() => time.Timers.Contains(TimeSpan.FromSeconds(1)));
        graph.ReleaseCritical.SetResult(0);
        RetryThenAbort.Results r = await run.WaitAsync(Patience);
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(LayerStatus.Failed, r.Critical.Status);
        Assert.Equal((LayerStatus.Failed, 1), (r.Retried.Status, r.Retried.Attempts));
        Assert.IsType<IOException>(r.Retried.Error);
        await Task.Delay(100);
        Assert.Equal(1, graph.RetriedCalls);
        Assert.Equal(0, executor.Stats.Retries);
    }

    [Fact]
    public async Task Caller_cancellation_during_the_wait_between_attempts_stops_the_retries()
    {
        var time = new RecordingTime();
        var graph = new RetryThenAbort();
        var executor = new RetryThenAbort.Executor(graph, new ExecutorOptions { TimeProvider = time });
        using var caller = new CancellationTokenSource();

        Task<RetryThenAbort.Results> run = executor.RunAsync(new RunOptions { Targets = [nameof(RetryThenAbort.Retried)] }, caller.Token);
        await WaitUntil(() => time.Timers.Contains(TimeSpan.FromSeconds(1)));
        caller.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Patience));
        time.Advance(TimeSpan.FromSeconds(10));
        await Task.Delay(100);

        Assert.Equal(1, graph.RetriedCalls);
        Assert.Equal(0, executor.Stats.Runs);
    }

    [Fact]
    public async Task Fallbacks_stand_in_after_Failed_and_TimedOut_and_keep_the_layer_error()
    {
        var graph = new Fallbacks();
        var executor = new Fallbacks.Executor(graph);

        Fallbacks.Results r = await executor.RunAsync().WaitAsync(Patience);

        Assert.Equal(LayerStatus.FellBack, r.Throws.Status);
        Assert.False(r.Throws.Succeeded);
        Assert.True(r.Throws.HasValue);
        Assert.Equal(42, r.Throws.Value);
        Assert.True(r.Throws.TryGetValue(out int value) && value == 42);
        Assert.Equal("primary down", r.Throws.Error!.Message);
        Assert.Null(r.Throws.FallbackError);
        Assert.Equal(43, r.UsesValue.Value);

        Assert.Equal(LayerStatus.FellBack, r.Hangs.Status);
        Assert.Equal("late:TimeoutException", r.Hangs.Value);
        Assert.IsType<TimeoutException>(r.Hangs.Error);

        // A fallback that fails, or times out ignoring its token: the layer keeps its own status and error.
        Assert.Equal((LayerStatus.Failed, 2), (r.FailsTwice.Status, r.FailsTwice.Attempts));
        Assert.Equal("layer error", r.FailsTwice.Error!.Message);
        Assert.IsType<NotSupportedException>(r.FailsTwice.FallbackError);
        Assert.Equal(LayerStatus.Skipped, r.AfterFailsTwice.Status);
        Assert.Equal(LayerStatus.TimedOut, r.HangsTwice.Status);
        Assert.IsType<TimeoutException>(r.HangsTwice.FallbackError);

        // A fallback for IOException only does not run for another error.
        Assert.Equal(LayerStatus.Failed, r.Narrowed.Status);
        Assert.Null(r.Narrowed.FallbackError);
        Assert.Equal(0, graph.NarrowCalls);

        RunStats stats = r.Stats;
        Assert.Equal((2, 2, 1, 1, 1), (stats.FellBack, stats.Failed, stats.TimedOut, stats.Skipped, stats.Succeeded));
        Assert.Equal(6, stats.LayersRun);
        Assert.Equal((2, 1, 2, 1), (executor.Stats.Fallbacks, executor.Stats.Retries, executor.Stats.Failures, executor.Stats.Timeouts));
    }

    [Fact]
    public async Task A_layer_that_falls_back_does_not_abort_a_fail_fast_run()
    {
        var executor = new Fallbacks.Executor(new Fallbacks(), new ExecutorOptions { FailFast = true });

        Fallbacks.Results r = await executor.RunAsync(new RunOptions { Targets = [nameof(Fallbacks.UsesValue)] });

        Assert.Equal(LayerStatus.FellBack, r.Throws.Status);
        Assert.Equal(43, r.UsesValue.Value);
    }

    [Fact]
    public async Task Sixty_four_concurrent_callers_with_retrying_layers_add_up_exactly()
    {
        var executor = new ConcurrentRetries.Executor(new ConcurrentRetries());
        int[] callers = Enumerable.Range(0, 64).ToArray();

        ConcurrentRetries.Results[] results = await Task.WhenAll(callers.Select(c => Task.Run(() => executor.RunAsync(c)))).WaitAsync(Patience);

        for (int c = 0; c < callers.Length; c++)
        {
            int failures = c % 5;
            ConcurrentRetries.Results r = results[c];
            Assert.Equal(Math.Min(failures, 3) + 1, r.Flaky.Attempts);
            Assert.Equal(failures == 4 ? LayerStatus.FellBack : LayerStatus.Succeeded, r.Flaky.Status);
            Assert.Equal(failures == 4 ? -c : c, r.Next.Value);
            Assert.True(r.Stats.Elapsed <= ConcurrentRetries.Executor.Plan.WorstCaseLatency);
        }

        Assert.Equal(64, executor.Stats.Runs);
        Assert.Equal(callers.Sum(c => (long)Math.Min(c % 5, 3)), executor.Stats.Retries);
        Assert.Equal(callers.Count(c => c % 5 == 4), executor.Stats.Fallbacks);
        Assert.Equal(0, executor.Stats.Failures);
    }

    /// <summary>Completes the run on the fake clock: advances it by each timer's due time, in the order the engine creates them.</summary>
    private static async Task<T> Drive<T>(RecordingTime time, Task<T> run)
    {
        int advanced = 0;
        DateTime giveUp = DateTime.UtcNow + Patience;
        while (!run.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < giveUp, "The run did not complete.");
            TimeSpan[] timers = time.Timers.ToArray();
            if (timers.Length > advanced)
            {
                time.Advance(timers[advanced++]);
            }
            else
            {
                await Task.Delay(1);
            }
        }

        return await run;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        DateTime giveUp = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < giveUp, "Timed out waiting.");
            await Task.Delay(1);
        }
    }
}
