using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;

namespace Gen.Exec.Tests.Observability;

/// <summary>
/// The observability tests attach process-wide listeners (activity listeners, the OpenTelemetry SDK) and
/// measure allocations with none attached: they run one at a time, never beside each other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}

/// <summary>An <see cref="IMeterFactory"/> like the container's: meters scoped to it, disposed with it.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        lock (_meters)
        {
            foreach (Meter meter in _meters)
            {
                meter.Dispose();
            }

            _meters.Clear();
        }
    }
}

internal sealed record Measured(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public object? Tag(string name) => Tags.TryGetValue(name, out object? value) ? value : null;
}

/// <summary>Collects every measurement of the Gen.Exec instruments of one meter scope (a factory, or null for the process-wide meter).</summary>
internal sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measured> _measured = new();
    private readonly ConcurrentDictionary<string, string?> _units = new();

    public MeasurementRecorder(IMeterFactory? scope, string? graph = null)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ExecutorTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                _units[instrument.Name] = instrument.Unit;
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags, graph));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags, graph));
        _listener.Start();
    }

    public IReadOnlyList<Measured> All => _measured.ToArray();

    public IReadOnlyList<Measured> Of(string instrument) => _measured.Where(m => m.Instrument == instrument).ToArray();

    /// <summary>The unit of an instrument this recorder listens to.</summary>
    public string? UnitOf(string instrument) => _units.TryGetValue(instrument, out string? unit) ? unit : throw new KeyNotFoundException(instrument);

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, string? graph)
    {
        var copy = new Dictionary<string, object?>();
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        if (graph is null || Equals(copy.GetValueOrDefault(TelemetryNames.GraphTag), graph))
        {
            _measured.Enqueue(new Measured(instrument.Name, value, copy));
        }
    }
}

/// <summary>Records the Gen.Exec activities (and the test's own caller activities) that stop.</summary>
internal sealed class ActivityRecorder : IDisposable
{
    public const string CallerSourceName = "Gen.Exec.Tests.Caller";

    public static readonly ActivitySource Caller = new(CallerSourceName);

    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private int _started;

    public ActivityRecorder(ActivitySamplingResult sampling = ActivitySamplingResult.AllDataAndRecorded)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is ExecutorTelemetry.Name or CallerSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => sampling,
            ActivityStarted = _ => Interlocked.Increment(ref _started),
            ActivityStopped = activity => _stopped.Enqueue(activity),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public int Started => Volatile.Read(ref _started);

    public IReadOnlyList<Activity> Stopped => _stopped.ToArray();

    public Activity Single(string displayName) => Assert.Single(_stopped, a => a.DisplayName == displayName);

    public void Dispose() => _listener.Dispose();
}

/// <summary>Drives the run reporter the way the engine will: one scripted run, layer by layer.</summary>
internal sealed class ScriptedRun
{
    public const string Graph = "Gen.Exec.Tests.Observability.Demo";

    public static readonly string[] Layers = ["Fetch", "Parse", "Slow", "Aborted", "Skipped", "Unselected", "Recovered"];

    // LayerStatus.FellBack arrives with contract 2's fallbacks, after Skipped.
    public const LayerStatus FellBack = LayerStatus.Skipped + 1;

    public static readonly GraphTelemetry Telemetry = new(Graph, Layers);

    public static LayerResult[] MixedResults() =>
    [
        new("Fetch", LayerStatus.Succeeded, null, TimeSpan.FromMilliseconds(120)),
        new("Parse", LayerStatus.Failed, new InvalidOperationException("parse failed"), TimeSpan.FromMilliseconds(30)),
        new("Slow", LayerStatus.TimedOut, new TimeoutException("Layer 'Slow' timed out after 200 ms."), TimeSpan.FromMilliseconds(200)),
        new("Aborted", LayerStatus.Canceled, new OperationCanceledException(), TimeSpan.FromMilliseconds(50)),
        new("Skipped", LayerStatus.Skipped),
        new("Unselected", LayerStatus.NotRun),
        new("Recovered", FellBack, new InvalidOperationException("primary failed"), TimeSpan.FromMilliseconds(80)),
    ];

    /// <summary>Reports a whole run: starts every layer that ran, completes every layer, then the run.</summary>
    public static RunStats Run(ExecutorOptions options, LayerResult[] results, RunOutcome outcome, TimeSpan elapsed, GraphTelemetry? graph = null)
    {
        var telemetry = default(RunTelemetry);
        telemetry.RunStarted(graph ?? Telemetry, options);
        for (int i = 0; i < results.Length; i++)
        {
            if (results[i].Status is not (LayerStatus.Skipped or LayerStatus.NotRun))
            {
                telemetry.LayerStarted(i);
            }
        }

        var stats = default(RunStatsBuilder);
        for (int i = 0; i < results.Length; i++)
        {
            telemetry.LayerCompleted(i, results[i]);
            stats.Add(results[i]);
        }

        RunStats built = stats.Build(elapsed);
        telemetry.RunCompleted(outcome, built, returned: outcome != RunOutcome.Canceled);
        return built;
    }
}
