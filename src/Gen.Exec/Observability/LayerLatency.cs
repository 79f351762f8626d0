using System;
using System.Globalization;

namespace Gen.Exec;

/// <summary>
/// A snapshot of one layer's recent latency, read from a <see cref="LatencyHistory"/>: percentiles over its
/// recent Succeeded and TimedOut durations, success and time-out rates over its recent outcomes, and the
/// time-out those figures suggest.
/// </summary>
public readonly struct LayerLatency
{
    internal LayerLatency(
        string layer,
        TimeSpan declaredTimeout,
        long totalRecorded,
        int sampleCount,
        int succeeded,
        int timedOut,
        int durationSampleCount,
        TimeSpan p50,
        TimeSpan p95,
        TimeSpan p99,
        TimeSpan suggestedTimeout)
    {
        Layer = layer;
        DeclaredTimeout = declaredTimeout;
        TotalRecorded = totalRecorded;
        SampleCount = sampleCount;
        SuccessRate = sampleCount == 0 ? 0.0 : succeeded / (double)sampleCount;
        TimeoutRate = sampleCount == 0 ? 0.0 : timedOut / (double)sampleCount;
        DurationSampleCount = durationSampleCount;
        P50 = p50;
        P95 = p95;
        P99 = p99;
        SuggestedTimeout = suggestedTimeout;
    }

    /// <summary>The layer's name.</summary>
    public string Layer { get; }

    /// <summary>The layer's declared time-out (<see cref="TimeoutAttribute"/>).</summary>
    public TimeSpan DeclaredTimeout { get; }

    /// <summary>Outcomes recorded since the history was created, including those no longer kept.</summary>
    public long TotalRecorded { get; }

    /// <summary>Recent outcomes kept (Succeeded, Failed, TimedOut, FellBack): at most <see cref="LatencyHistory.Capacity"/>.</summary>
    public int SampleCount { get; }

    /// <summary>The share of recent outcomes that Succeeded, 0 to 1 (0 with no sample).</summary>
    public double SuccessRate { get; }

    /// <summary>The share of recent outcomes that TimedOut, 0 to 1 (0 with no sample).</summary>
    public double TimeoutRate { get; }

    /// <summary>Recent Succeeded and TimedOut outcomes: the samples the percentiles rest on.</summary>
    public int DurationSampleCount { get; }

    /// <summary>The median recent duration (zero with no duration sample).</summary>
    public TimeSpan P50 { get; }

    /// <summary>The 95th percentile of recent durations (zero with no duration sample).</summary>
    public TimeSpan P95 { get; }

    /// <summary>The 99th percentile of recent durations (zero with no duration sample).</summary>
    public TimeSpan P99 { get; }

    /// <summary>
    /// <see cref="P99"/> times <see cref="LatencyHistory.SuggestedTimeoutMargin"/>, rounded up to a whole
    /// millisecond, never above <see cref="DeclaredTimeout"/>; the declared time-out with no duration sample.
    /// Use it only when <see cref="IsReliable"/>.
    /// </summary>
    public TimeSpan SuggestedTimeout { get; }

    /// <summary>
    /// Whether the suggestion rests on enough samples: at least
    /// <see cref="LatencyHistory.MinimumReliableSamples"/> duration samples.
    /// </summary>
    public bool IsReliable => DurationSampleCount >= LatencyHistory.MinimumReliableSamples;

    /// <inheritdoc/>
    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "{0}: p50 {1:0.0} ms, p95 {2:0.0} ms, p99 {3:0.0} ms over {4} samples; {5:P1} succeeded, {6:P1} timed out; suggested time-out {7:0} ms of {8:0} ms{9}",
        Layer,
        P50.TotalMilliseconds,
        P95.TotalMilliseconds,
        P99.TotalMilliseconds,
        DurationSampleCount,
        SuccessRate,
        TimeoutRate,
        SuggestedTimeout.TotalMilliseconds,
        DeclaredTimeout.TotalMilliseconds,
        IsReliable ? string.Empty : " (not yet reliable)");
}
