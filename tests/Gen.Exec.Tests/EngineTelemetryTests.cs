using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec.Tests.Observability;
using Gen.Exec.Tests.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace Gen.Exec.Tests;

/// <summary>Telemetry, observers and the adaptive options through real generated executors.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class EngineTelemetryTests
{
    private const string TracedGraph = "Gen.Exec.Tests.Telemetry.Traced";

    [Fact]
    public async Task A_degraded_run_reports_every_instrument_unit_and_tag()
    {
        using var factory = new TestMeterFactory();
        using var recorder = new MeasurementRecorder(factory);
        var executor = new Traced.Executor(new Traced(), new ExecutorOptions { MeterFactory = factory });

        Traced.Results results = await executor.RunAsync();

        Assert.Equal(LayerStatus.TimedOut, results.TimesOut.Status);
        Measured run = Assert.Single(recorder.Of("gen_exec.run.duration"));
        Assert.Equal(TracedGraph, run.Tag("gen_exec.graph"));
        Assert.Equal("degraded", run.Tag("gen_exec.run.outcome"));
        Assert.Equal(results.Stats.Elapsed.TotalSeconds, run.Value, 6);
        Assert.Equal(results.Stats.Speedup, Assert.Single(recorder.Of("gen_exec.run.speedup")).Value, 6);

        // Once per started layer, never for the skipped one; error.type only for failed and timed-out layers.
        IReadOnlyList<Measured> layers = recorder.Of("gen_exec.layer.duration");
        Assert.Equal(["Async", "Fails", "Sync", "TimesOut"], layers.Select(m => (string)m.Tag("gen_exec.layer")!).Order());
        Assert.All(layers, m => Assert.Equal(TracedGraph, m.Tag("gen_exec.graph")));
        Assert.Equal("succeeded", Layer(layers, "Async").Tag("gen_exec.layer.status"));
        Assert.Null(Layer(layers, "Async").Tag("error.type"));
        Assert.Equal("failed", Layer(layers, "Fails").Tag("gen_exec.layer.status"));
        Assert.Equal(typeof(InvalidOperationException).FullName, Layer(layers, "Fails").Tag("error.type"));
        Assert.Equal("timed_out", Layer(layers, "TimesOut").Tag("gen_exec.layer.status"));
        Assert.Equal("timeout", Layer(layers, "TimesOut").Tag("error.type"));
        Assert.Equal(results.TimesOut.Elapsed.TotalSeconds, Layer(layers, "TimesOut").Value, 6);

        IReadOnlyList<Measured> active = recorder.Of("gen_exec.layer.active");
        Assert.Equal(4, active.Count(m => m.Value == 1));
        Assert.Equal(0, active.Sum(m => m.Value));
        Assert.Empty(recorder.Of("gen_exec.layer.retries"));

        var units = new Dictionary<string, string?>();
        foreach (var instrument in new[] { "gen_exec.run.duration", "gen_exec.layer.duration", "gen_exec.run.speedup", "gen_exec.layer.active", "gen_exec.layer.retries" })
        {
            units[instrument] = recorder.UnitOf(instrument);
        }

        Assert.Equal("s", units["gen_exec.run.duration"]);
        Assert.Equal("s", units["gen_exec.layer.duration"]);
        Assert.Equal("1", units["gen_exec.run.speedup"]);
        Assert.Equal("{layer}", units["gen_exec.layer.active"]);
        Assert.Equal("{retry}", units["gen_exec.layer.retries"]);
    }

    [Fact]
    public async Task A_run_where_every_layer_succeeds_is_succeeded()
    {
        using var factory = new TestMeterFactory();
        using var recorder = new MeasurementRecorder(factory);
        var executor = new AllGood.Executor(new AllGood(), new ExecutorOptions { MeterFactory = factory });

        await executor.RunAsync();

        Assert.Equal("succeeded", Assert.Single(recorder.Of("gen_exec.run.duration")).Tag("gen_exec.run.outcome"));
        Assert.All(recorder.Of("gen_exec.layer.duration"), m => Assert.Equal("succeeded", m.Tag("gen_exec.layer.status")));
        Assert.Equal(3, recorder.Of("gen_exec.layer.duration").Count);
        Assert.Single(recorder.Of("gen_exec.run.speedup"));
    }

    [Fact]
    public async Task A_critical_failure_gives_an_aborted_run_with_canceled_and_skipped_layers()
    {
        using var factory = new TestMeterFactory();
        using var recorder = new MeasurementRecorder(factory);
        var observer = new CountingObserver();
        var executor = new Aborting.Executor(new Aborting(), new ExecutorOptions { MeterFactory = factory, Observer = observer });

        Aborting.Results results = await executor.RunAsync();

        Assert.Equal(LayerStatus.Canceled, results.Waits.Status);
        Assert.Equal(LayerStatus.Skipped, results.AfterVital.Status);
        Assert.Equal("aborted", Assert.Single(recorder.Of("gen_exec.run.duration")).Tag("gen_exec.run.outcome"));
        IReadOnlyList<Measured> layers = recorder.Of("gen_exec.layer.duration");
        Assert.Equal(2, layers.Count);
        Assert.Equal("canceled", Layer(layers, "Waits").Tag("gen_exec.layer.status"));
        Assert.Null(Layer(layers, "Waits").Tag("error.type"));
        Assert.Equal(typeof(FormatException).FullName, Layer(layers, "Vital").Tag("error.type"));
        Assert.Equal(0, recorder.Of("gen_exec.layer.active").Sum(m => m.Value));

        CountingObserver.Run run = Assert.Single(observer.Runs.Values);
        Assert.Equal(["AfterVital: Skipped", "Vital: Failed", "Waits: Canceled"], run.Completed.Order());
        Assert.Equal(["Vital", "Waits"], run.Started.Order());
        Assert.True(run.CompletedLast);
    }

    [Fact]
    public async Task Caller_cancellation_reports_open_layers_and_the_run_before_RunAsync_throws()
    {
        using var factory = new TestMeterFactory();
        using var recorder = new MeasurementRecorder(factory);
        using var activities = new ActivityRecorder();
        var observer = new CountingObserver();
        var graph = new CancelledByCaller();
        var executor = new CancelledByCaller.Executor(graph, new ExecutorOptions { MeterFactory = factory, Observer = observer });
        using var source = new CancellationTokenSource();

        Task<CancelledByCaller.Results> running = executor.RunAsync(source.Token);
        await graph.Started.Task;
        source.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        // Everything was reported by the time the task completed.
        CountingObserver.Run run = Assert.Single(observer.Runs.Values);
        Assert.True(run.CompletedLast);
        Assert.Equal(["Then: Skipped", "Waits: Canceled"], run.Completed.Order());
        Assert.Equal(2, run.CompletedAtRunEnd);
        Assert.Equal(1, run.Stats.Canceled);
        Assert.Equal(1, run.Stats.Skipped);
        Assert.Equal("canceled", Assert.Single(recorder.Of("gen_exec.run.duration")).Tag("gen_exec.run.outcome"));
        Assert.Empty(recorder.Of("gen_exec.run.speedup"));
        Assert.Equal("canceled", Assert.Single(recorder.Of("gen_exec.layer.duration")).Tag("gen_exec.layer.status"));
        Assert.Equal(0, recorder.Of("gen_exec.layer.active").Sum(m => m.Value));
        Assert.Contains(activities.Stopped, a => a.DisplayName == "CancelledByCaller");
        Assert.Contains(activities.Stopped, a => a.DisplayName == "CancelledByCaller.Waits");

        // The layer's own end, later, reports nothing more.
        await Task.Delay(100);
        Assert.Equal(2, run.Completed.Count);
        Assert.Empty(run.AfterRunCompleted);
        Assert.Equal(0, executor.Stats.Runs);
    }

    [Fact]
    public async Task With_metrics_alone_caller_cancellation_records_each_started_layer_once_and_nothing_after()
    {
        // No observer and no tracing: the run's report keeps no per-layer results, and still records every
        // started layer once, before RunAsync throws.
        using var factory = new TestMeterFactory();
        using var recorder = new MeasurementRecorder(factory);
        var graph = new IgnoresCallerCancellation();
        var executor = new IgnoresCallerCancellation.Executor(graph, new ExecutorOptions { MeterFactory = factory });
        using var source = new CancellationTokenSource();

        Task<IgnoresCallerCancellation.Results> running = executor.RunAsync(source.Token);
        await graph.Started.Task;
        source.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        void AssertReportedOnce()
        {
            Measured run = Assert.Single(recorder.Of("gen_exec.run.duration"));
            Assert.Equal("canceled", run.Tag("gen_exec.run.outcome"));
            Assert.Empty(recorder.Of("gen_exec.run.speedup"));
            Measured layer = Assert.Single(recorder.Of("gen_exec.layer.duration"));
            Assert.Equal("Stubborn", layer.Tag("gen_exec.layer"));
            Assert.Equal("canceled", layer.Tag("gen_exec.layer.status"));
            Assert.Equal([1.0, -1.0], recorder.Of("gen_exec.layer.active").Select(m => m.Value));
        }

        AssertReportedOnce();

        // The abandoned layer returns after its run: its end is dropped, not recorded a second time.
        graph.Release.SetResult();
        await graph.Returning.Task;
        await Task.Delay(200);
        AssertReportedOnce();
        Assert.Equal(0, executor.Stats.Runs);
    }

    [Fact]
    public async Task An_observer_that_cancels_the_run_from_its_own_call_does_not_wait_for_itself()
    {
        using var source = new CancellationTokenSource();
        var observer = new CountingObserver { OnCompleted = _ => source.Cancel() };
        var executor = new QuickThenWaiting.Executor(new QuickThenWaiting(), new ExecutorOptions { Observer = observer });

        Task<QuickThenWaiting.Results> running = executor.RunAsync(source.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(TimeSpan.FromSeconds(30)));

        CountingObserver.Run run = Assert.Single(observer.Runs.Values);
        Assert.Equal(1, run.RunCompletedCalls);
        Assert.Equal(["Quick: Succeeded", "Waits: Canceled"], run.Completed.Order());
    }

    [Fact]
    public async Task Spans_nest_under_the_caller_and_a_layer_sees_its_own_span_async_and_on_its_thread()
    {
        using var activities = new ActivityRecorder();
        var graph = new Traced();
        var executor = new Traced.Executor(graph);

        using (Activity caller = ActivityRecorder.Caller.StartActivity("request")!)
        {
            await executor.RunAsync();
            Assert.Same(caller, Activity.Current);
        }

        Activity run = activities.Single("Traced");
        Activity request = activities.Single("request");
        Assert.Equal(request.SpanId, run.ParentSpanId);
        Assert.Equal(request.TraceId, run.TraceId);
        Assert.Equal(ActivityKind.Internal, run.Kind);
        Assert.Equal(TracedGraph, run.GetTagItem("gen_exec.graph"));
        Assert.Equal("degraded", run.GetTagItem("gen_exec.run.outcome"));

        string[] layers = ["Async", "Sync", "Fails", "TimesOut"];
        foreach (string layer in layers)
        {
            Activity span = activities.Single("Traced." + layer);
            Assert.Equal(run.SpanId, span.ParentSpanId);
            Assert.Equal(layer, span.GetTagItem("gen_exec.layer"));
            Assert.Equal(TracedGraph, span.GetTagItem("gen_exec.graph"));
        }

        Assert.DoesNotContain(activities.Stopped, a => a.DisplayName == "Traced.NeedsFails");
        Assert.Same(activities.Single("Traced.Async"), graph.SeenBeforeAwait);
        Assert.Same(activities.Single("Traced.Async"), graph.SeenAfterAwait);
        Assert.Same(activities.Single("Traced.Sync"), graph.SeenOnLayerThread);

        foreach (string failing in new[] { "Fails", "TimesOut" })
        {
            Activity span = activities.Single("Traced." + failing);
            Assert.Equal(ActivityStatusCode.Error, span.Status);
            ActivityEvent exception = Assert.Single(span.Events, e => e.Name == "exception");
            Assert.Contains(exception.Tags, t => t.Key == "exception.type");
            Assert.Contains(exception.Tags, t => t.Key == "exception.message");
            Assert.Contains(exception.Tags, t => t.Key == "exception.stacktrace");
        }

        Assert.Equal(typeof(TimeoutException).FullName, activities.Single("Traced.TimesOut").Events.Single().Tags.First(t => t.Key == "exception.type").Value);
        Assert.Equal(ActivityStatusCode.Unset, activities.Single("Traced.Async").Status);
        Assert.Equal(5, activities.Started - 1);
        Assert.All(activities.Stopped, a => Assert.True(a.IsStopped));
    }

    [Fact]
    public async Task Every_activity_of_a_run_is_stopped_before_its_task_completes()
    {
        using var activities = new ActivityRecorder();
        var executor = new Busy.Executor(new Busy());

        for (int i = 0; i < 20; i++)
        {
            int before = activities.Stopped.Count;
            await executor.RunAsync();
            Assert.Equal(activities.Started, activities.Stopped.Count);
            Assert.Equal(5, activities.Stopped.Count - before);
        }

        Assert.Null(Activity.Current);
    }

    [Fact]
    public async Task Two_meter_factories_see_only_their_own_executors()
    {
        using var first = new TestMeterFactory();
        using var second = new TestMeterFactory();
        using var firstRecorder = new MeasurementRecorder(first);
        using var secondRecorder = new MeasurementRecorder(second);
        using var sharedRecorder = new MeasurementRecorder(null, "Gen.Exec.Tests.Telemetry.AllGood");

        await new AllGood.Executor(new AllGood(), new ExecutorOptions { MeterFactory = first }).RunAsync();
        await new AllGood.Executor(new AllGood(), new ExecutorOptions { MeterFactory = first }).RunAsync();
        await new AllGood.Executor(new AllGood(), new ExecutorOptions { MeterFactory = second }).RunAsync();

        Assert.Equal(2, firstRecorder.Of("gen_exec.run.duration").Count);
        Assert.Single(secondRecorder.Of("gen_exec.run.duration"));
        Assert.Empty(sharedRecorder.All);
    }

    [Fact]
    public async Task Under_64_concurrent_runs_a_throwing_observer_sees_each_layer_once_and_the_run_last()
    {
        using var factory = new TestMeterFactory();
        using var recorder = new MeasurementRecorder(factory);
        var observer = new CountingObserver { Throw = true };
        var executor = new Busy.Executor(new Busy(), new ExecutorOptions { Observer = observer, MeterFactory = factory });

        Busy.Results[] all = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => executor.RunAsync())));

        Assert.All(all, r => Assert.Equal(LayerStatus.Failed, r.C.Status));
        Assert.All(all, r => Assert.Equal(LayerStatus.Skipped, r.E.Status));
        Assert.Equal(64, observer.Runs.Count);
        foreach (CountingObserver.Run run in observer.Runs.Values)
        {
            Assert.True(run.StartedFirst);
            Assert.True(run.CompletedLast);
            Assert.Equal(1, run.RunCompletedCalls);
            Assert.Equal(["A: Succeeded", "B: Succeeded", "C: Failed", "D: Succeeded", "E: Skipped"], run.Completed.Order());
            Assert.Equal(5, run.CompletedAtRunEnd);
            Assert.Equal(["A", "B", "C", "D"], run.Started.Order());
            Assert.Empty(run.AfterRunCompleted);
        }

        Assert.Equal(64, executor.Stats.Runs);
        Assert.Equal(64 * 4, recorder.Of("gen_exec.layer.duration").Count);
        Assert.Equal(0, recorder.Of("gen_exec.layer.active").Sum(m => m.Value));
    }

    [Fact]
    public async Task The_latency_history_records_every_attempt_of_every_run()
    {
        var time = new FakeTimeProvider();
        var graph = new Backend(time);
        var executor = new Backend.Executor(graph, new ExecutorOptions { TimeProvider = time });

        for (int i = 0; i < 10; i++)
        {
            await executor.RunAsync();
        }

        LayerLatency call = executor.Stats.Latency["Call"];
        Assert.Equal(10, call.TotalRecorded);
        Assert.Equal(TimeSpan.FromMilliseconds(10), call.P50);
        Assert.Equal(1.0, call.SuccessRate);
        Assert.False(call.IsReliable);
        Assert.Equal(TimeSpan.FromMilliseconds(10), executor.Stats.Latency.TypicalDuration(0));
    }

    [Fact]
    public async Task Adaptive_time_outs_shorten_a_deadline_once_reliable_and_never_beyond_the_declared_one()
    {
        var time = new FakeTimeProvider();
        var graph = new Backend(time);
        var executor = new Backend.Executor(graph, new ExecutorOptions { TimeProvider = time, AdaptiveTimeouts = true });

        // Until the history is reliable, the declared 1000 ms holds.
        for (int i = 0; i < LatencyHistory.MinimumReliableSamples - 1; i++)
        {
            await executor.RunAsync();
        }

        Assert.Equal(TimeSpan.FromMilliseconds(1000), executor.Stats.Latency.AdaptiveTimeout(0));
        await executor.RunAsync();
        LayerLatency call = executor.Stats.Latency["Call"];
        Assert.True(call.IsReliable);
        Assert.Equal(TimeSpan.FromMilliseconds(15), call.SuggestedTimeout);

        // The backend slows down: the layer now times out after 15 ms instead of 1000 ms.
        graph.Slow = true;
        Task<Backend.Results> slow = executor.RunAsync();
        Assert.True(graph.Started.TryDequeue(out TaskCompletionSource? started));
        await started!.Task;
        time.Advance(TimeSpan.FromMilliseconds(16));
        Backend.Results results = await slow.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(LayerStatus.TimedOut, results.Call.Status);
        Assert.InRange(results.Call.Elapsed, TimeSpan.FromMilliseconds(15), TimeSpan.FromMilliseconds(16));
        Assert.Contains("15 ms", results.Call.Error!.Message);

        // A history that suggests more than the declared time-out (900 ms x 1.5) is capped at it.
        var cappedGraph = new Backend(time) { Slow = true };
        var cappedExecutor = new Backend.Executor(cappedGraph, new ExecutorOptions { TimeProvider = time, AdaptiveTimeouts = true });
        for (int i = 0; i < LatencyHistory.MinimumReliableSamples; i++)
        {
            cappedExecutor.Stats.Latency.Record(0, LayerStatus.Succeeded, TimeSpan.FromMilliseconds(900));
        }

        Assert.True(cappedExecutor.Stats.Latency["Call"].IsReliable);
        Assert.Equal(TimeSpan.FromMilliseconds(1000), cappedExecutor.Stats.Latency.AdaptiveTimeout(0));
        Task<Backend.Results> cappedRun = cappedExecutor.RunAsync();
        Assert.True(cappedGraph.Started.TryDequeue(out TaskCompletionSource? cappedStarted));
        await cappedStarted!.Task;
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(cappedRun.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(2));
        Assert.Equal(LayerStatus.TimedOut, (await cappedRun.WaitAsync(TimeSpan.FromSeconds(30))).Call.Status);
    }

    [Fact]
    public async Task Without_adaptive_time_outs_the_declared_time_out_holds_whatever_the_history()
    {
        var time = new FakeTimeProvider();
        var graph = new Backend(time);
        var executor = new Backend.Executor(graph, new ExecutorOptions { TimeProvider = time });
        for (int i = 0; i < LatencyHistory.MinimumReliableSamples; i++)
        {
            await executor.RunAsync();
        }

        graph.Slow = true;
        Task<Backend.Results> slow = executor.RunAsync();
        Assert.True(graph.Started.TryDequeue(out TaskCompletionSource? started));
        await started!.Task;
        time.Advance(TimeSpan.FromMilliseconds(16));
        await Task.Delay(50);
        Assert.False(slow.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(LayerStatus.TimedOut, (await slow.WaitAsync(TimeSpan.FromSeconds(30))).Call.Status);
    }

    [Fact]
    public async Task Adaptive_priority_starts_the_layer_that_really_takes_longest_first_once_history_shows_it()
    {
        var graph = new Misleading();
        var options = new ExecutorOptions { MaxConcurrency = 1, AdaptivePriority = true };
        var executor = new Misleading.Executor(graph, options);

        // No history yet: the time-out-based ranks (LooksLong's 5 s first).
        await executor.RunAsync();
        Assert.Equal(["LooksLong", "LooksShort"], graph.Order.ToArray());

        // The history shows the time-outs mislead: LooksShort typically takes 800 ms, LooksLong 2 ms.
        LatencyHistory history = executor.Stats.Latency;
        for (int i = 0; i < 64; i++)
        {
            history.Record(history.IndexOf("LooksLong"), LayerStatus.Succeeded, TimeSpan.FromMilliseconds(2));
            history.Record(history.IndexOf("LooksShort"), LayerStatus.Succeeded, TimeSpan.FromMilliseconds(800));
        }

        graph.Order.Clear();
        await executor.RunAsync();
        Assert.Equal(["LooksShort", "LooksLong"], graph.Order.ToArray());

        // Without the option, the same history changes nothing.
        options.AdaptivePriority = false;
        graph.Order.Clear();
        await executor.RunAsync();
        Assert.Equal(["LooksLong", "LooksShort"], graph.Order.ToArray());
    }

    private static Measured Layer(IReadOnlyList<Measured> measured, string layer)
        => Assert.Single(measured, m => (string?)m.Tag("gen_exec.layer") == layer);

    /// <summary>Counts, per run, what an observer is told, and checks the order of the calls as they come.</summary>
    private sealed class CountingObserver : ExecutionObserver
    {
        public readonly ConcurrentDictionary<long, Run> Runs = new();

        public bool Throw { get; init; }

        public Action<LayerResult>? OnCompleted { get; init; }

        public override void OnRunStarted(RunInfo run)
        {
            var state = new Run();
            state.StartedFirst = Runs.TryAdd(run.Id, state);
            Fail();
        }

        public override void OnLayerStarted(RunInfo run, string layer)
        {
            Run state = Get(run);
            lock (state)
            {
                state.Started.Add(layer);
                if (state.RunCompletedCalls > 0) state.AfterRunCompleted.Add("started " + layer);
            }

            Fail();
        }

        public override void OnLayerCompleted(RunInfo run, LayerResult result)
        {
            Run state = Get(run);
            lock (state)
            {
                state.Completed.Add(result.Name + ": " + result.Status);
                if (state.RunCompletedCalls > 0) state.AfterRunCompleted.Add("completed " + result.Name);
            }

            OnCompleted?.Invoke(result);
            Fail();
        }

        public override void OnRunCompleted(RunInfo run, RunStats stats)
        {
            Run state = Get(run);
            lock (state)
            {
                state.RunCompletedCalls++;
                state.Stats = stats;
                state.CompletedLast = state.AfterRunCompleted.Count == 0;
                state.CompletedAtRunEnd = state.Completed.Count;
            }

            Fail();
        }

        private Run Get(RunInfo run) => Runs.TryGetValue(run.Id, out Run? state) ? state : throw new InvalidOperationException("A call before OnRunStarted.");

        private void Fail()
        {
            if (Throw)
            {
                throw new InvalidOperationException("observer bug");
            }
        }

        public sealed class Run
        {
            public readonly List<string> Started = [];
            public readonly List<string> Completed = [];
            public readonly List<string> AfterRunCompleted = [];

            public bool StartedFirst { get; set; }

            public bool CompletedLast { get; set; }

            public int RunCompletedCalls { get; set; }

            public int CompletedAtRunEnd { get; set; }

            public RunStats Stats { get; set; }
        }
    }
}
