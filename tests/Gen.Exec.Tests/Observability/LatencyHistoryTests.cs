using System;
using System.Linq;
using System.Threading.Tasks;

namespace Gen.Exec.Tests.Observability;

[Collection(TelemetryCollection.Name)]
public sealed class LatencyHistoryTests
{
    private static readonly TimeSpan[] TwoSeconds = [TimeSpan.FromSeconds(2)];

    [Fact]
    public void Percentiles_match_a_known_uniform_distribution_by_nearest_rank()
    {
        var history = new LatencyHistory(["Search"], TwoSeconds, capacity: 1000);
        foreach (int ms in Enumerable.Range(1, 1000).OrderBy(_ => Random.Shared.Next()))
        {
            history.Record(0, LayerStatus.Succeeded, TimeSpan.FromMilliseconds(ms));
        }

        LayerLatency latency = history["Search"];

        Assert.Equal(TimeSpan.FromMilliseconds(500), latency.P50);
        Assert.Equal(TimeSpan.FromMilliseconds(950), latency.P95);
        Assert.Equal(TimeSpan.FromMilliseconds(990), latency.P99);
        Assert.Equal(1000, latency.SampleCount);
        Assert.Equal(1000, latency.DurationSampleCount);
        Assert.Equal(1.0, latency.SuccessRate);
        Assert.Equal(0.0, latency.TimeoutRate);
        Assert.True(latency.IsReliable);
        Assert.Equal(TimeSpan.FromMilliseconds(1485), latency.SuggestedTimeout);
    }

    [Fact]
    public void The_suggested_time_out_never_exceeds_the_declared_one()
    {
        var history = new LatencyHistory(["Search"], [TimeSpan.FromMilliseconds(1_000)]);
        for (int i = 0; i < 200; i++)
        {
            history.Record(0, LayerStatus.Succeeded, TimeSpan.FromMilliseconds(900));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(1_000), history[0].SuggestedTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(1_000), history.AdaptiveTimeout(0));
    }

    [Fact]
    public void Rates_count_every_kept_outcome_while_percentiles_rest_on_succeeded_and_timed_out_durations()
    {
        var history = new LatencyHistory(["Search"], TwoSeconds);
        for (int i = 0; i < 80; i++) history.Record(0, LayerStatus.Succeeded, TimeSpan.FromMilliseconds(100));
        for (int i = 0; i < 10; i++) history.Record(0, LayerStatus.Failed, TimeSpan.FromMilliseconds(1));
        for (int i = 0; i < 10; i++) history.Record(0, LayerStatus.TimedOut, TimeSpan.FromSeconds(2));
        history.Record(0, LayerStatus.Canceled, TimeSpan.FromMilliseconds(1));
        history.Record(0, LayerStatus.Skipped, TimeSpan.Zero);
        history.Record(0, LayerStatus.NotRun, TimeSpan.Zero);

        LayerLatency latency = history[0];

        Assert.Equal(100, latency.SampleCount);
        Assert.Equal(100, latency.TotalRecorded);
        Assert.Equal(0.8, latency.SuccessRate, precision: 9);
        Assert.Equal(0.1, latency.TimeoutRate, precision: 9);
        Assert.Equal(90, latency.DurationSampleCount);
        Assert.Equal(TimeSpan.FromMilliseconds(100), latency.P50);
        Assert.Equal(TimeSpan.FromSeconds(2), latency.P95);
        Assert.False(latency.IsReliable);
        Assert.Equal(TimeSpan.FromSeconds(2), history.AdaptiveTimeout(0));
        Assert.Contains("not yet reliable", latency.ToString());
    }

    [Fact]
    public void The_adaptive_time_out_is_the_declared_one_until_enough_durations_are_recorded()
    {
        var history = new LatencyHistory(["Search"], TwoSeconds);
        Assert.Equal(TimeSpan.Zero, history.TypicalDuration(0));

        history.Record(0, LayerStatus.Succeeded, TimeSpan.FromMilliseconds(40));
        Assert.Equal(TimeSpan.FromMilliseconds(40), history.TypicalDuration(0));

        for (int i = 1; i < LatencyHistory.MinimumReliableSamples - 1; i++)
        {
            history.Record(0, LayerStatus.Succeeded, TimeSpan.FromMilliseconds(40));
            Assert.Equal(TimeSpan.FromSeconds(2), history.AdaptiveTimeout(0));
        }

        // The 100th outcome (MinimumReliableSamples) makes the cached figures due; the next read refreshes them.
        history.Record(0, LayerStatus.Succeeded, TimeSpan.FromMilliseconds(40));
        Assert.Equal(TimeSpan.FromMilliseconds(60), history.AdaptiveTimeout(0));
        Assert.True(history[0].IsReliable);

        // Past it, every 64th outcome: the 128th, not the 101st to 127th, refreshes again.
        for (int i = 100; i < 127; i++)
        {
            history.Record(0, LayerStatus.Succeeded, TimeSpan.FromMilliseconds(400));
            Assert.Equal(TimeSpan.FromMilliseconds(60), history.AdaptiveTimeout(0));
        }

        history.Record(0, LayerStatus.Succeeded, TimeSpan.FromMilliseconds(400));
        Assert.Equal(TimeSpan.FromMilliseconds(600), history.AdaptiveTimeout(0));
    }

    [Fact]
    public void Only_the_most_recent_outcomes_are_kept()
    {
        var history = new LatencyHistory(["Search"], TwoSeconds);
        for (int i = 0; i < history.Capacity; i++) history.Record(0, LayerStatus.Succeeded, TimeSpan.FromMilliseconds(10));
        for (int i = 0; i < history.Capacity; i++) history.Record(0, LayerStatus.Succeeded, TimeSpan.FromMilliseconds(100));

        LayerLatency latency = history[0];

        Assert.Equal(TimeSpan.FromMilliseconds(100), latency.P50);
        Assert.Equal(TimeSpan.FromMilliseconds(100), history.TypicalDuration(0));
        Assert.Equal(LatencyHistory.DefaultCapacity, latency.SampleCount);
        Assert.Equal(2 * LatencyHistory.DefaultCapacity, latency.TotalRecorded);
    }

    [Fact]
    public void A_million_samples_allocate_nothing_and_keep_memory_at_capacity()
    {
        var history = new LatencyHistory(["A", "B"], [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)]);
        for (int i = 0; i < 1_000; i++) history.Record(i % 2, LayerStatus.Succeeded, TimeSpan.FromTicks(i));

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000_000; i++)
        {
            history.Record(i % 2, (i % 10) == 0 ? LayerStatus.TimedOut : LayerStatus.Succeeded, TimeSpan.FromTicks(i));
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(history.Capacity, history[0].SampleCount);
        Assert.Equal(500_500, history[1].TotalRecorded);
    }

    [Fact]
    public void Concurrent_recording_loses_no_count_and_keeps_only_recorded_values()
    {
        var history = new LatencyHistory(["A", "B"], [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)], capacity: 1024);

        Parallel.For(0, 200_000, i => history.Record(i % 2, LayerStatus.Succeeded, TimeSpan.FromMilliseconds(1 + (i % 7))));

        for (int layer = 0; layer < 2; layer++)
        {
            LayerLatency latency = history[layer];
            Assert.Equal(100_000, latency.TotalRecorded);
            Assert.Equal(1024, latency.SampleCount);
            Assert.InRange(latency.P50, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(7));
            Assert.InRange(latency.P99, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(7));
            Assert.InRange(history.TypicalDuration(layer), TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(7));
        }
    }

    [Fact]
    public void A_history_built_from_a_plan_has_its_layers_and_declared_time_outs()
    {
        ExecutionPlan plan = Uneven.Executor.Plan;

        var history = new LatencyHistory(plan);

        Assert.Equal(plan.Layers, history.Layers);
        for (int i = 0; i < plan.Layers.Count; i++)
        {
            Assert.Equal(plan.TimeoutOf(plan.Layers[i]), history.AdaptiveTimeout(i));
            Assert.Equal(plan.TimeoutOf(plan.Layers[i]), history[i].DeclaredTimeout);
            Assert.Equal(plan.TimeoutOf(plan.Layers[i]), history[i].SuggestedTimeout);
            Assert.Equal(0, history[i].SampleCount);
            Assert.Equal(TimeSpan.Zero, history[i].P99);
        }

        Assert.Equal(2, history.IndexOf("AfterFast"));
    }

    [Fact]
    public void Invalid_arguments_are_rejected_with_the_offending_name()
    {
        Assert.Throws<ArgumentException>(() => new LatencyHistory(["A"], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyHistory(["A"], TwoSeconds, capacity: 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyHistory(["A"], TwoSeconds, capacity: LatencyHistory.MaxCapacity + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyHistory(["A"], [TimeSpan.Zero]));
        Assert.Throws<ArgumentNullException>(() => new LatencyHistory(null!, TwoSeconds));
        Assert.Throws<ArgumentNullException>(() => new LatencyHistory((ExecutionPlan)null!));

        var history = new LatencyHistory(["A"], TwoSeconds);
        Assert.Contains("Nope", Assert.Throws<ArgumentException>(() => history["Nope"]).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => history.Record(1, LayerStatus.Succeeded, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => history[-1]);
    }

    [Fact]
    public void Negative_and_zero_durations_are_kept_as_zero()
    {
        var history = new LatencyHistory(["A"], TwoSeconds);
        history.Record(0, LayerStatus.Succeeded, TimeSpan.FromTicks(-5));
        history.Record(0, LayerStatus.Succeeded, TimeSpan.Zero);

        Assert.Equal(2, history[0].DurationSampleCount);
        Assert.Equal(TimeSpan.Zero, history[0].P99);
        Assert.Equal(TimeSpan.FromMilliseconds(1), LatencyHistory.Suggest(0, TimeSpan.FromSeconds(2)));
    }
}
