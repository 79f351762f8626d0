using System;
using System.Diagnostics;

namespace Gen.Exec.Tests.Observability;

[Collection(TelemetryCollection.Name)]
public sealed class ZeroCostTests
{
    [Fact]
    public void With_nothing_listening_a_run_creates_no_activity_and_allocates_nothing()
    {
        using var factory = new TestMeterFactory();
        var options = new ExecutorOptions { MeterFactory = factory };
        LayerResult[] results = ScriptedRun.MixedResults();
        RunStats stats = default(RunStatsBuilder).Build(TimeSpan.FromMilliseconds(250));
        Assert.False(ActivitySourceHasListeners());

        ReportRuns(options, results, stats, 10);

        // The least of three rounds: a one-time allocation on this thread (the runtime loading a type or
        // finishing a tier-up while a round runs) is not a cost per run; 10,000 runs allocating would show in all three.
        long allocated = long.MaxValue;
        for (int round = 0; round < 3 && allocated != 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            bool active = ReportRuns(options, results, stats, 10_000);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.False(active);
        }

        Assert.Equal(0, allocated);
        Assert.Null(Activity.Current);
    }

    [Fact]
    public void With_only_a_meter_listener_no_activity_is_created()
    {
        using var factory = new TestMeterFactory();
        using var recorder = new MeasurementRecorder(factory);
        Activity? created = null;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ActivityRecorder.CallerSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity => created = activity,
        };
        ActivitySource.AddActivityListener(listener);

        ScriptedRun.Run(new ExecutorOptions { MeterFactory = factory }, ScriptedRun.MixedResults(), RunOutcome.Degraded, TimeSpan.FromMilliseconds(250));

        Assert.Null(created);
        Assert.Single(recorder.Of("gen_exec.run.duration"));
    }

    private static bool ActivitySourceHasListeners() => TelemetryNames.Source.HasListeners();

    private static bool ReportRuns(ExecutorOptions options, LayerResult[] results, RunStats stats, int runs)
    {
        bool active = false;
        for (int run = 0; run < runs; run++)
        {
            var telemetry = default(RunTelemetry);
            telemetry.RunStarted(ScriptedRun.Telemetry, options);
            active |= telemetry.IsActive;
            for (int layer = 0; layer < results.Length; layer++)
            {
                telemetry.LayerStarted(layer);
                using (telemetry.EnterLayer(layer))
                {
                    telemetry.Retry(layer);
                }

                telemetry.LayerCompleted(layer, results[layer]);
            }

            telemetry.RunCompleted(RunOutcome.Degraded, stats, returned: true);
        }

        return active;
    }
}
