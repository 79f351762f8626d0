using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;

namespace Gen.Exec.Tests.Observability;

[Collection(TelemetryCollection.Name)]
public sealed class TelemetryMetricsTests
{
    private static readonly double[] DurationBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 15, 30, 60];

    private static readonly double[] SpeedupBuckets = [0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12, 16];

    [Fact]
    public void The_five_instruments_have_the_contract_names_kinds_units_and_a_description()
    {
        using var factory = new TestMeterFactory();
        ExecutorInstruments instruments = ExecutorInstruments.For(factory);

        AssertInstrument(instruments.RunDuration, "gen_exec.run.duration", "s");
        AssertInstrument(instruments.LayerDuration, "gen_exec.layer.duration", "s");
        AssertInstrument(instruments.RunSpeedup, "gen_exec.run.speedup", "1");
        AssertInstrument(instruments.LayerActive, "gen_exec.layer.active", "{layer}");
        AssertInstrument(instruments.LayerRetries, "gen_exec.layer.retries", "{retry}");
        Assert.IsType<Histogram<double>>(instruments.RunDuration);
        Assert.IsType<UpDownCounter<long>>(instruments.LayerActive);
        Assert.IsType<Counter<long>>(instruments.LayerRetries);
        Assert.Equal("Gen.Exec", instruments.Meter.Name);
        Assert.Same(factory, instruments.Meter.Scope);
        Assert.Equal(typeof(ExecutorTelemetry).Assembly.GetName().Version!.ToString(), instruments.Meter.Version);
    }

    [Fact]
    public void The_histograms_advise_bucket_boundaries_in_seconds_from_1_ms_to_60_s_and_ratios_up_to_16()
    {
        using var factory = new TestMeterFactory();
        ExecutorInstruments instruments = ExecutorInstruments.For(factory);

        Assert.Equal(DurationBuckets, instruments.RunDuration.Advice!.HistogramBucketBoundaries);
        Assert.Equal(DurationBuckets, instruments.LayerDuration.Advice!.HistogramBucketBoundaries);
        Assert.Equal(SpeedupBuckets, instruments.RunSpeedup.Advice!.HistogramBucketBoundaries);
    }

    [Fact]
    public void Each_started_layer_records_its_elapsed_seconds_once_with_status_and_error_type()
    {
        using var factory = new TestMeterFactory();
        using var recorder = new MeasurementRecorder(factory);

        ScriptedRun.Run(new ExecutorOptions { MeterFactory = factory }, ScriptedRun.MixedResults(), RunOutcome.Degraded, TimeSpan.FromMilliseconds(250));

        IReadOnlyList<Measured> durations = recorder.Of("gen_exec.layer.duration");
        Assert.Equal(["Fetch", "Parse", "Slow", "Aborted", "Recovered"], durations.Select(m => (string)m.Tag("gen_exec.layer")!));
        Assert.All(durations, m => Assert.Equal(ScriptedRun.Graph, m.Tag("gen_exec.graph")));
        Assert.Equal([0.12, 0.03, 0.2, 0.05, 0.08], durations.Select(m => Math.Round(m.Value, 9)));
        Assert.Equal(
            ["succeeded", "failed", "timed_out", "canceled", "fell_back"],
            durations.Select(m => (string)m.Tag("gen_exec.layer.status")!));
        Assert.Equal(
            [null, "System.InvalidOperationException", "timeout", null, null],
            durations.Select(m => (string?)m.Tag("error.type")));
        Assert.Equal([3, 4, 4, 3, 3], durations.Select(m => m.Tags.Count));
    }

    [Fact]
    public void Active_layers_go_up_when_a_layer_starts_and_down_when_its_status_is_final_never_for_layers_that_did_not_start()
    {
        using var factory = new TestMeterFactory();
        using var recorder = new MeasurementRecorder(factory);
        var telemetry = default(RunTelemetry);
        telemetry.RunStarted(ScriptedRun.Telemetry, new ExecutorOptions { MeterFactory = factory });

        telemetry.LayerStarted(0);
        telemetry.LayerStarted(2);
        Assert.Equal(2, recorder.Of("gen_exec.layer.active").Sum(m => m.Value));
        telemetry.LayerCompleted(2, new LayerResult("Slow", LayerStatus.TimedOut, new TimeoutException(), TimeSpan.FromSeconds(1)));
        Assert.Equal(1, recorder.Of("gen_exec.layer.active").Sum(m => m.Value));
        telemetry.LayerCompleted(4, new LayerResult("Skipped", LayerStatus.Skipped));
        telemetry.LayerCompleted(0, new LayerResult("Fetch", LayerStatus.Succeeded, null, TimeSpan.FromSeconds(2)));

        IReadOnlyList<Measured> active = recorder.Of("gen_exec.layer.active");
        Assert.Equal([1.0, 1.0, -1.0, -1.0], active.Select(m => m.Value));
        Assert.All(active, m => Assert.Equal([new KeyValuePair<string, object?>("gen_exec.graph", ScriptedRun.Graph)], m.Tags));
    }

    [Fact]
    public void Retries_count_per_layer_with_graph_and_layer_tags()
    {
        using var factory = new TestMeterFactory();
        using var recorder = new MeasurementRecorder(factory);
        var telemetry = default(RunTelemetry);
        telemetry.RunStarted(ScriptedRun.Telemetry, new ExecutorOptions { MeterFactory = factory });
        telemetry.LayerStarted(1);

        telemetry.Retry(1);
        telemetry.Retry(1);

        IReadOnlyList<Measured> retries = recorder.Of("gen_exec.layer.retries");
        Assert.Equal([1.0, 1.0], retries.Select(m => m.Value));
        Assert.All(retries, m => Assert.Equal("Parse", m.Tag("gen_exec.layer")));
        Assert.All(retries, m => Assert.Equal(ScriptedRun.Graph, m.Tag("gen_exec.graph")));
        Assert.All(retries, m => Assert.Equal(2, m.Tags.Count));
    }

    [Theory]
    [InlineData("Succeeded", "succeeded")]
    [InlineData("Degraded", "degraded")]
    [InlineData("Aborted", "aborted")]
    [InlineData("Canceled", "canceled")]
    public void A_run_records_its_duration_with_its_outcome_and_its_speedup_only_when_it_returned(string outcomeName, string value)
    {
        RunOutcome outcome = Enum.Parse<RunOutcome>(outcomeName);
        using var factory = new TestMeterFactory();
        using var recorder = new MeasurementRecorder(factory);

        RunStats stats = ScriptedRun.Run(new ExecutorOptions { MeterFactory = factory }, ScriptedRun.MixedResults(), outcome, TimeSpan.FromMilliseconds(250));

        Measured duration = Assert.Single(recorder.Of("gen_exec.run.duration"));
        Assert.Equal(0.25, duration.Value, precision: 9);
        Assert.Equal(value, duration.Tag("gen_exec.run.outcome"));
        Assert.Equal(ScriptedRun.Graph, duration.Tag("gen_exec.graph"));
        Assert.Equal(2, duration.Tags.Count);

        IReadOnlyList<Measured> speedup = recorder.Of("gen_exec.run.speedup");
        if (outcome == RunOutcome.Canceled)
        {
            Assert.Empty(speedup);
        }
        else
        {
            Measured ratio = Assert.Single(speedup);
            Assert.Equal(stats.Speedup, ratio.Value);
            Assert.Equal(480.0 / 250.0, ratio.Value, precision: 9);
            Assert.Equal([new KeyValuePair<string, object?>("gen_exec.graph", ScriptedRun.Graph)], ratio.Tags);
        }
    }

    [Fact]
    public void Two_meter_factories_get_their_own_instruments_and_see_only_their_own_runs()
    {
        using var first = new TestMeterFactory();
        using var second = new TestMeterFactory();
        using var firstRecorder = new MeasurementRecorder(first);
        using var secondRecorder = new MeasurementRecorder(second);
        using var processRecorder = new MeasurementRecorder(scope: null, ScriptedRun.Graph);

        ScriptedRun.Run(new ExecutorOptions { MeterFactory = first }, ScriptedRun.MixedResults(), RunOutcome.Degraded, TimeSpan.FromMilliseconds(250));
        ScriptedRun.Run(new ExecutorOptions { MeterFactory = first }, ScriptedRun.MixedResults(), RunOutcome.Degraded, TimeSpan.FromMilliseconds(250));
        ScriptedRun.Run(new ExecutorOptions { MeterFactory = second }, ScriptedRun.MixedResults(), RunOutcome.Degraded, TimeSpan.FromMilliseconds(250));

        Assert.Equal(2, firstRecorder.Of("gen_exec.run.duration").Count);
        Assert.Single(secondRecorder.Of("gen_exec.run.duration"));
        Assert.Empty(processRecorder.All);
        Assert.NotSame(ExecutorInstruments.For(first), ExecutorInstruments.For(second));
        Assert.NotSame(ExecutorInstruments.For(first).Meter, ExecutorInstruments.For(second).Meter);
    }

    [Fact]
    public void Instruments_are_created_once_per_factory_and_cached_by_the_options()
    {
        using var factory = new TestMeterFactory();
        var options = new ExecutorOptions { MeterFactory = factory };

        Assert.Same(ExecutorInstruments.For(factory), options.Instruments);
        Assert.Same(options.Instruments, options.Instruments);
        Assert.Same(options.Instruments, new ExecutorOptions { MeterFactory = factory }.Instruments);

        options.MeterFactory = null;
        Assert.Same(ExecutorInstruments.Shared, options.Instruments);
        Assert.Same(ExecutorInstruments.Shared, new ExecutorOptions().Instruments);
    }

    [Fact]
    public void Without_a_factory_runs_report_to_the_process_wide_Gen_Exec_meter()
    {
        const string graph = "Gen.Exec.Tests.Observability.ProcessWide";
        using var recorder = new MeasurementRecorder(scope: null, graph);

        ScriptedRun.Run(
            new ExecutorOptions(),
            ScriptedRun.MixedResults(),
            RunOutcome.Degraded,
            TimeSpan.FromMilliseconds(250),
            new GraphTelemetry(graph, ScriptedRun.Layers));

        Assert.Null(ExecutorInstruments.Shared.Meter.Scope);
        Assert.Equal("Gen.Exec", ExecutorInstruments.Shared.Meter.Name);
        Assert.Single(recorder.Of("gen_exec.run.duration"));
        Assert.Equal(5, recorder.Of("gen_exec.layer.duration").Count);
    }

    [Fact]
    public void The_graph_tag_is_the_full_name_and_activities_use_the_simple_name()
    {
        var graph = new GraphTelemetry("Recall.Outer.Tier1Recall", ["Episodic"]);

        Assert.Equal("Recall.Outer.Tier1Recall", graph.Graph);
        Assert.Equal("Tier1Recall", graph.DisplayName);
        Assert.Equal("Tier1Recall.Episodic", graph.LayerDisplayName(0));
        Assert.Equal("Plain", new GraphTelemetry("Plain", []).DisplayName);
        Assert.Equal("Box<System.Int32>", new GraphTelemetry("Ns.Box<System.Int32>", []).DisplayName);
    }

    private static void AssertInstrument(Instrument instrument, string name, string unit)
    {
        Assert.Equal(name, instrument.Name);
        Assert.Equal(unit, instrument.Unit);
        Assert.False(string.IsNullOrWhiteSpace(instrument.Description));
        Assert.DoesNotContain('\n', instrument.Description!);
        Assert.EndsWith(".", instrument.Description!);
    }
}
