using System;
using System.Diagnostics;

namespace Gen.Exec;

/// <summary>The fixed names, units and tag values of Gen.Exec's telemetry, and its one activity source.</summary>
internal static class TelemetryNames
{
    public const string RunDuration = "gen_exec.run.duration";
    public const string LayerDuration = "gen_exec.layer.duration";
    public const string RunSpeedup = "gen_exec.run.speedup";
    public const string LayerActive = "gen_exec.layer.active";
    public const string LayerRetries = "gen_exec.layer.retries";

    public const string GraphTag = "gen_exec.graph";
    public const string LayerTag = "gen_exec.layer";
    public const string LayerStatusTag = "gen_exec.layer.status";
    public const string RunOutcomeTag = "gen_exec.run.outcome";
    public const string ErrorTypeTag = "error.type";

    public const string TimeoutErrorType = "timeout";

    // OpenTelemetry semantic conventions for exceptions recorded on spans.
    public const string ExceptionEvent = "exception";
    public const string ExceptionType = "exception.type";
    public const string ExceptionMessage = "exception.message";
    public const string ExceptionStacktrace = "exception.stacktrace";

    /// <summary>The assembly's version, given to the meter and the activity source.</summary>
    public static readonly string? Version = typeof(ExecutorTelemetry).Assembly.GetName().Version?.ToString();

    /// <summary>The one activity source of the process; listeners subscribe to it by <see cref="ExecutorTelemetry.Name"/>.</summary>
    public static readonly ActivitySource Source = new(ExecutorTelemetry.Name, Version);

    /// <summary>
    /// Bucket upper bounds for the duration histograms, in seconds: 1 ms to 60 s. OpenTelemetry's default
    /// buckets (0, 5, 10, 25 ... 10,000) are made for milliseconds and would put every layer in the first two.
    /// </summary>
    public static ReadOnlySpan<double> DurationBuckets =>
    [
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 15, 30, 60,
    ];

    /// <summary>Bucket upper bounds for the speedup histogram: ratios from "parallelism did not pay" to 16x.</summary>
    public static ReadOnlySpan<double> SpeedupBuckets =>
    [
        0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12, 16,
    ];

    // Indexed by LayerStatus. Index 6 is FellBack, which contract 2 adds after Skipped; null: the layer did not start.
    private static readonly string?[] s_statusValues =
    [
        null,
        "succeeded",
        "failed",
        "timed_out",
        "canceled",
        null,
        "fell_back",
    ];

    /// <summary>The <c>gen_exec.layer.status</c> value of a status, or <see langword="null"/> for a layer that did not start.</summary>
    public static string? StatusValue(LayerStatus status)
    {
        int index = (int)status;
        return (uint)index < (uint)s_statusValues.Length ? s_statusValues[index] : status.ToString();
    }

    /// <summary>The <c>gen_exec.run.outcome</c> value of an outcome.</summary>
    public static string OutcomeValue(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Succeeded => "succeeded",
        RunOutcome.Degraded => "degraded",
        RunOutcome.Aborted => "aborted",
        _ => "canceled",
    };
}
