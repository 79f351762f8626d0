namespace Gen.Exec;

/// <summary>
/// The name of the <see cref="System.Diagnostics.ActivitySource"/> and of the
/// <see cref="System.Diagnostics.Metrics.Meter"/> through which executors report their runs.
/// </summary>
/// <remarks>
/// With OpenTelemetry, subscribe with <c>.AddSource(ExecutorTelemetry.Name)</c> on the tracer provider and
/// <c>.AddMeter(ExecutorTelemetry.Name)</c> on the meter provider. When nothing listens, no activity is
/// created and no measurement is taken.
/// </remarks>
public static class ExecutorTelemetry
{
    /// <summary>The activity source's and the meter's name: <c>Gen.Exec</c>.</summary>
    public const string Name = "Gen.Exec";
}
