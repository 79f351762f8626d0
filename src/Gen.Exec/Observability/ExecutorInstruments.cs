using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Gen.Exec;

/// <summary>
/// The five instruments of one <see cref="Meter"/>: created once for the process-wide meter and once per
/// <see cref="IMeterFactory"/>, never per run.
/// </summary>
internal sealed class ExecutorInstruments
{
    private static readonly ConditionalWeakTable<IMeterFactory, ExecutorInstruments> s_byFactory = new();

    private ExecutorInstruments(Meter meter)
    {
        Meter = meter;
        RunDuration = CreateHistogram(
            meter,
            TelemetryNames.RunDuration,
            "s",
            "Duration of graph runs, from the call of RunAsync until its results or cancellation.",
            TelemetryNames.DurationBuckets);
        LayerDuration = CreateHistogram(
            meter,
            TelemetryNames.LayerDuration,
            "s",
            "Duration of each started layer, until its status became final.",
            TelemetryNames.DurationBuckets);
        RunSpeedup = CreateHistogram(
            meter,
            TelemetryNames.RunSpeedup,
            "1",
            "Sum of the layers' durations divided by the run's duration, for runs that returned.",
            TelemetryNames.SpeedupBuckets);
        LayerActive = meter.CreateUpDownCounter<long>(
            TelemetryNames.LayerActive,
            "{layer}",
            "Layers started whose status is not yet final.");
        LayerRetries = meter.CreateCounter<long>(
            TelemetryNames.LayerRetries,
            "{retry}",
            "Attempts of layers beyond their first.");
    }

    /// <summary>The meter the instruments belong to.</summary>
    public Meter Meter { get; }

    public Histogram<double> RunDuration { get; }

    public Histogram<double> LayerDuration { get; }

    public Histogram<double> RunSpeedup { get; }

    public UpDownCounter<long> LayerActive { get; }

    public Counter<long> LayerRetries { get; }

    /// <summary>The instruments of the process-wide meter.</summary>
    public static ExecutorInstruments Shared { get; } = Create(null);

    /// <summary>
    /// The instruments of <paramref name="factory"/>'s meter, or the process-wide ones when it is
    /// <see langword="null"/>. Callers cache the answer (<see cref="ExecutorOptions"/> does).
    /// </summary>
    public static ExecutorInstruments For(IMeterFactory? factory)
        => factory is null ? Shared : s_byFactory.GetValue(factory, static f => Create(f));

    private static ExecutorInstruments Create(IMeterFactory? factory)
    {
        var options = new MeterOptions(ExecutorTelemetry.Name) { Version = TelemetryNames.Version };
        return new ExecutorInstruments(factory is null ? new Meter(options) : factory.Create(options));
    }

    private static Histogram<double> CreateHistogram(Meter meter, string name, string unit, string description, System.ReadOnlySpan<double> buckets)
    {
#if NET9_0_OR_GREATER
        var advice = new InstrumentAdvice<double> { HistogramBucketBoundaries = buckets.ToArray() };
        return meter.CreateHistogram(name, unit, description, tags: null, advice);
#else
        // InstrumentAdvice arrived in .NET 9; on .NET 8 the buckets come from an OpenTelemetry View (docs/observability.md).
        _ = buckets;
        return meter.CreateHistogram<double>(name, unit, description);
#endif
    }
}
