using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Linq;
using System.Threading.Tasks;

namespace Gen.Exec.Tests.Observability;

[Collection(TelemetryCollection.Name)]
public sealed class ObserverTests
{
    [Fact]
    public void The_observer_sees_the_run_start_first_every_layer_complete_once_and_the_run_complete_last()
    {
        var observer = new RecordingObserver();

        RunStats stats = ScriptedRun.Run(new ExecutorOptions { Observer = observer }, ScriptedRun.MixedResults(), RunOutcome.Degraded, TimeSpan.FromMilliseconds(250));

        string[] calls = observer.Calls.ToArray();
        Assert.Equal("run started", calls[0]);
        Assert.Equal("run completed", calls[^1]);
        Assert.Equal(
            ["Fetch", "Parse", "Slow", "Aborted", "Recovered"],
            calls.Where(c => c.StartsWith("started ", StringComparison.Ordinal)).Select(c => c["started ".Length..]));
        Assert.Equal(
            ["Fetch: Succeeded", "Parse: Failed", "Slow: TimedOut", "Aborted: Canceled", "Skipped: Skipped", "Unselected: NotRun", "Recovered: " + ScriptedRun.FellBack],
            calls.Where(c => c.StartsWith("completed ", StringComparison.Ordinal)).Select(c => c["completed ".Length..]));
        RunInfo run = Assert.Single(observer.Runs.Distinct());
        Assert.Equal(ScriptedRun.Graph, run.Graph);
        Assert.True(run.Id > 0);
        Assert.Equal(stats.Elapsed, observer.LastStats.Elapsed);
        Assert.Equal(stats.SequentialElapsed, observer.LastStats.SequentialElapsed);
    }

    [Fact]
    public void An_observer_that_throws_changes_nothing_and_its_exceptions_go_to_the_event_source()
    {
        using var factory = new TestMeterFactory();
        using var measurements = new MeasurementRecorder(factory);
        using var activities = new ActivityRecorder();
        using var events = new ObserverFailureListener();
        var observer = new ThrowingObserver();

        ScriptedRun.Run(new ExecutorOptions { Observer = observer, MeterFactory = factory }, ScriptedRun.MixedResults(), RunOutcome.Degraded, TimeSpan.FromMilliseconds(250));

        Assert.Equal(1 + 5 + 7 + 1, observer.Calls);
        Assert.Equal(5, measurements.Of("gen_exec.layer.duration").Count);
        Assert.Single(measurements.Of("gen_exec.run.duration"));
        Assert.Equal(6, activities.Stopped.Count);
        IReadOnlyList<EventWrittenEventArgs> failures = events.Failures;
        Assert.Equal(14, failures.Count);
        Assert.Equal(
            ["OnRunStarted", "OnLayerStarted", "OnLayerCompleted", "OnRunCompleted"],
            failures.Select(e => (string)e.Payload![1]!).Distinct());
        Assert.All(failures, e => Assert.Contains("observer bug", (string)e.Payload![2]!));
        Assert.All(failures, e => Assert.StartsWith(ScriptedRun.Graph + " #", (string)e.Payload![0]!));
    }

    [Fact]
    public void Under_64_concurrent_runs_each_run_has_its_own_id_and_exactly_one_call_per_layer()
    {
        var observer = new CountingObserver();
        var options = new ExecutorOptions { Observer = observer };

        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 64 }, _ =>
        {
            var telemetry = default(RunTelemetry);
            telemetry.RunStarted(ScriptedRun.Telemetry, options);
            LayerResult[] results = ScriptedRun.MixedResults();
            Parallel.For(0, results.Length, layer =>
            {
                if (results[layer].Status is not (LayerStatus.Skipped or LayerStatus.NotRun))
                {
                    telemetry.LayerStarted(layer);
                }

                telemetry.LayerCompleted(layer, results[layer]);
            });
            telemetry.RunCompleted(RunOutcome.Degraded, default(RunStatsBuilder).Build(TimeSpan.FromMilliseconds(1)), returned: true);
        });

        Assert.Equal(64, observer.Started.Count);
        Assert.All(observer.Started.Values, count => Assert.Equal(1, count));
        Assert.All(observer.Completed.Values, count => Assert.Equal(1, count));
        Assert.Equal(observer.Started.Keys.Order(), observer.Completed.Keys.Order());
        Assert.Equal(64 * 7, observer.LayerCompleted.Count);
        Assert.All(observer.LayerCompleted.Values, count => Assert.Equal(1, count));
        Assert.Equal(64 * 5, observer.LayerStarted.Count);
        Assert.Equal(0, observer.BeforeRunStarted);
    }

    private sealed class RecordingObserver : ExecutionObserver
    {
        public ConcurrentQueue<string> Calls { get; } = new();

        public ConcurrentQueue<RunInfo> Runs { get; } = new();

        public RunStats LastStats { get; private set; }

        public override void OnRunStarted(RunInfo run)
        {
            Runs.Enqueue(run);
            Calls.Enqueue("run started");
        }

        public override void OnLayerStarted(RunInfo run, string layer)
        {
            Runs.Enqueue(run);
            Calls.Enqueue("started " + layer);
        }

        public override void OnLayerCompleted(RunInfo run, LayerResult result)
        {
            Runs.Enqueue(run);
            Calls.Enqueue("completed " + result.Name + ": " + result.Status);
        }

        public override void OnRunCompleted(RunInfo run, RunStats stats)
        {
            Runs.Enqueue(run);
            LastStats = stats;
            Calls.Enqueue("run completed");
        }
    }

    private sealed class ThrowingObserver : ExecutionObserver
    {
        private int _calls;

        public int Calls => _calls;

        public override void OnRunStarted(RunInfo run) => Throw();

        public override void OnLayerStarted(RunInfo run, string layer) => Throw();

        public override void OnLayerCompleted(RunInfo run, LayerResult result) => Throw();

        public override void OnRunCompleted(RunInfo run, RunStats stats) => Throw();

        private void Throw()
        {
            System.Threading.Interlocked.Increment(ref _calls);
            throw new InvalidOperationException("observer bug");
        }
    }

    private sealed class CountingObserver : ExecutionObserver
    {
        private int _beforeRunStarted;

        public ConcurrentDictionary<long, int> Started { get; } = new();

        public ConcurrentDictionary<long, int> Completed { get; } = new();

        public ConcurrentDictionary<(long, string), int> LayerStarted { get; } = new();

        public ConcurrentDictionary<(long, string), int> LayerCompleted { get; } = new();

        public override void OnRunStarted(RunInfo run) => Started.AddOrUpdate(run.Id, 1, (_, n) => n + 1);

        // Asserting inside a callback would be swallowed with the observer's exception: count instead.
        public int BeforeRunStarted => _beforeRunStarted;

        public override void OnLayerStarted(RunInfo run, string layer)
        {
            CheckStarted(run);
            LayerStarted.AddOrUpdate((run.Id, layer), 1, (_, n) => n + 1);
        }

        public override void OnLayerCompleted(RunInfo run, LayerResult result)
        {
            CheckStarted(run);
            LayerCompleted.AddOrUpdate((run.Id, result.Name), 1, (_, n) => n + 1);
        }

        public override void OnRunCompleted(RunInfo run, RunStats stats)
        {
            CheckStarted(run);
            Completed.AddOrUpdate(run.Id, 1, (_, n) => n + 1);
        }

        private void CheckStarted(RunInfo run)
        {
            if (!Started.ContainsKey(run.Id))
            {
                System.Threading.Interlocked.Increment(ref _beforeRunStarted);
            }
        }
    }

    private sealed class ObserverFailureListener : EventListener
    {
        private readonly ConcurrentQueue<EventWrittenEventArgs> _failures = new();

        public IReadOnlyList<EventWrittenEventArgs> Failures => _failures.ToArray();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Gen-Exec")
            {
                EnableEvents(eventSource, EventLevel.Warning);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventId == 1)
            {
                _failures.Enqueue(eventData);
            }
        }
    }
}
