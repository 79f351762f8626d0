using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Gen.Exec;

/// <summary>
/// Reports one run to the activity source, the meter and the observer. The engine keeps one in a field of
/// its run object (a mutable struct: never copy it) and calls it from its single report point.
/// </summary>
/// <remarks>
/// <para>Order of calls for a run: <see cref="RunStarted"/> synchronously inside <c>RunAsync</c> (so the run
/// activity's parent is the caller's <see cref="Activity.Current"/>); for each layer that starts,
/// <see cref="LayerStarted"/>, then the layer's method called inside <see cref="EnterLayer"/>'s scope, then
/// <see cref="Retry"/> before each attempt beyond the first; for every layer, started or not,
/// <see cref="LayerCompleted"/> once as its status becomes final; last, <see cref="RunCompleted"/>, before
/// the task returned by <c>RunAsync</c> completes.</para>
/// <para>What is reported is decided once, in <see cref="RunStarted"/>: with no activity listener, no enabled
/// instrument and no observer, every later call returns after one field test, and nothing allocates.
/// <see cref="LayerStarted"/>, <see cref="EnterLayer"/>, <see cref="Retry"/> and <see cref="LayerCompleted"/>
/// may be called from several threads at once, for different layers.</para>
/// </remarks>
internal struct RunTelemetry
{
    private const int Tracing = 1;
    private const int Metrics = 2;
    private const int ActiveLayers = 4;
    private const int Observing = 8;

    private GraphTelemetry _graph;
    private ExecutorInstruments _instruments;
    private ExecutionObserver? _observer;
    private Activity? _run;
    private Activity?[]? _layers;
    private RunInfo _info;
    private int _report;

    /// <summary>Whether anything listens to this run.</summary>
    public readonly bool IsActive => _report != 0;

    /// <summary>Whether this run makes activities.</summary>
    public readonly bool IsTracing => (_report & Tracing) != 0;

    /// <summary>Whether an observer watches this run.</summary>
    public readonly bool IsObserved => (_report & Observing) != 0;

    /// <summary>A layer's name.</summary>
    public readonly string LayerName(int layer) => _graph.LayerName(layer);

    /// <summary>The run as observers see it (default unless an observer is set).</summary>
    public readonly RunInfo Info => _info;

    /// <summary>
    /// Starts reporting a run of <paramref name="graph"/>: the run activity (child of
    /// <see cref="Activity.Current"/>, which stays as it was) and <see cref="ExecutionObserver.OnRunStarted"/>.
    /// </summary>
    public void RunStarted(GraphTelemetry graph, ExecutorOptions options)
    {
        _graph = graph;
        _instruments = options.Instruments;
        _observer = options.Observer;
        int report = 0;
        if (TelemetryNames.Source.HasListeners())
        {
            Activity? current = Activity.Current;
            _run = TelemetryNames.Source.StartActivity(graph.DisplayName, ActivityKind.Internal, parentContext: default, graph.RunActivityTags);
            if (_run is not null)
            {
                // Starting made it current on the caller's thread; the caller's own spans must not nest under it.
                RestoreCurrent(current);
                _layers = new Activity?[graph.LayerCount];
                report |= Tracing;
            }
        }

        ExecutorInstruments instruments = _instruments;
        if (instruments.LayerActive.Enabled)
        {
            report |= ActiveLayers | Metrics;
        }

        if (instruments.RunDuration.Enabled || instruments.LayerDuration.Enabled || instruments.RunSpeedup.Enabled || instruments.LayerRetries.Enabled)
        {
            report |= Metrics;
        }

        if (_observer is not null)
        {
            _info = RunInfo.Next(graph.Graph);
            report |= Observing;
        }

        _report = report;
        if (_observer is not null)
        {
            ObserverCalls.RunStarted(_observer, _info);
        }
    }

    /// <summary>Layer <paramref name="layer"/> starts (its first attempt): its activity, <c>gen_exec.layer.active</c> +1, the observer.</summary>
    public readonly void LayerStarted(int layer)
    {
        if (_report == 0)
        {
            return;
        }

        if ((_report & Tracing) != 0)
        {
            Activity? current = Activity.Current;
            Activity? activity = TelemetryNames.Source.StartActivity(
                _graph.LayerDisplayName(layer),
                ActivityKind.Internal,
                _run!.Context,
                _graph.LayerActivityTags(layer));
            if (activity is not null)
            {
                RestoreCurrent(current);
                Volatile.Write(ref _layers![layer], activity);
            }
        }

        if ((_report & ActiveLayers) != 0)
        {
            _instruments.LayerActive.Add(1, _graph.GraphTag);
        }

        if ((_report & Observing) != 0)
        {
            ObserverCalls.LayerStarted(_observer!, _info, _graph.LayerName(layer));
        }
    }

    /// <summary>
    /// Makes layer <paramref name="layer"/>'s activity <see cref="Activity.Current"/> until the scope is
    /// disposed. Call the layer's method inside it: the method's asynchronous continuations keep the layer's
    /// activity as current, and the engine's thread gets its own back.
    /// </summary>
    public readonly LayerScope EnterLayer(int layer)
    {
        if ((_report & Tracing) == 0)
        {
            return default;
        }

        Activity? activity = Volatile.Read(ref _layers![layer]);
        if (activity is null)
        {
            return default;
        }

        Activity? previous = Activity.Current;
        Activity.Current = activity;
        return new LayerScope(previous);
    }

    /// <summary>Layer <paramref name="layer"/> makes one more attempt: <c>gen_exec.layer.retries</c> +1.</summary>
    public readonly void Retry(int layer)
    {
        if ((_report & Metrics) != 0 && _instruments.LayerRetries.Enabled)
        {
            _instruments.LayerRetries.Add(1, _graph.GraphTag, _graph.LayerTag(layer));
        }
    }

    /// <summary>
    /// Layer <paramref name="layer"/>'s status is final. For a layer that started (any status but NotRun and
    /// Skipped): <c>gen_exec.layer.duration</c> (<see cref="LayerResult.Elapsed"/>), <c>gen_exec.layer.active</c> -1,
    /// its activity stopped. For every layer: <see cref="ExecutionObserver.OnLayerCompleted"/>.
    /// </summary>
    public readonly void LayerCompleted(int layer, in LayerResult result)
    {
        if (_report == 0)
        {
            return;
        }

        string? status = TelemetryNames.StatusValue(result.Status);
        if (status is not null)
        {
            if ((_report & Metrics) != 0)
            {
                RecordLayer(layer, status, result);
            }

            if ((_report & Tracing) != 0)
            {
                Activity? activity = Interlocked.Exchange(ref _layers![layer], null);
                if (activity is not null)
                {
                    FinishLayerActivity(activity, status, result);
                }
            }
        }

        if ((_report & Observing) != 0)
        {
            ObserverCalls.LayerCompleted(_observer!, _info, result);
        }
    }

    /// <summary>
    /// Layer <paramref name="layer"/> started but ends without having run (Skipped: its thread never picked it
    /// up): its activity is stopped and <c>gen_exec.layer.active</c> goes back down. Call before <see cref="LayerCompleted"/>.
    /// </summary>
    public readonly void LayerWithdrawn(int layer)
    {
        if ((_report & ActiveLayers) != 0)
        {
            _instruments.LayerActive.Add(-1, _graph.GraphTag);
        }

        if ((_report & Tracing) != 0 && Interlocked.Exchange(ref _layers![layer], null) is { } activity)
        {
            Stop(activity, TimeSpan.Zero);
        }
    }

    /// <summary>
    /// The run ended: <c>gen_exec.run.duration</c>, <c>gen_exec.run.speedup</c> (only when <paramref name="returned"/>:
    /// <c>RunAsync</c> returned the results), every activity of the run stopped, then <see cref="ExecutionObserver.OnRunCompleted"/>.
    /// </summary>
    public void RunCompleted(RunOutcome outcome, in RunStats stats, bool returned)
    {
        int report = _report;
        if (report == 0)
        {
            return;
        }

        // A second call reports nothing.
        _report = 0;
        string outcomeValue = TelemetryNames.OutcomeValue(outcome);
        if ((report & Metrics) != 0)
        {
            ExecutorInstruments instruments = _instruments;
            if (instruments.RunDuration.Enabled)
            {
                instruments.RunDuration.Record(
                    stats.Elapsed.TotalSeconds,
                    _graph.GraphTag,
                    new(TelemetryNames.RunOutcomeTag, outcomeValue));
            }

            if (returned && instruments.RunSpeedup.Enabled)
            {
                instruments.RunSpeedup.Record(stats.Speedup, _graph.GraphTag);
            }
        }

        if ((report & Tracing) != 0)
        {
            FinishRunActivity(outcome, outcomeValue, stats);
        }

        if ((report & Observing) != 0)
        {
            ObserverCalls.RunCompleted(_observer!, _info, stats);
        }
    }

    private readonly void RecordLayer(int layer, string status, in LayerResult result)
    {
        ExecutorInstruments instruments = _instruments;
        if ((_report & ActiveLayers) != 0)
        {
            instruments.LayerActive.Add(-1, _graph.GraphTag);
        }

        Histogram<double> duration = instruments.LayerDuration;
        if (!duration.Enabled)
        {
            return;
        }

        var statusTag = new System.Collections.Generic.KeyValuePair<string, object?>(TelemetryNames.LayerStatusTag, status);
        string? errorType = ErrorType(result);
        if (errorType is null)
        {
            duration.Record(result.Elapsed.TotalSeconds, _graph.GraphTag, _graph.LayerTag(layer), statusTag);
        }
        else
        {
            var tags = new TagList
            {
                _graph.GraphTag,
                _graph.LayerTag(layer),
                statusTag,
                new(TelemetryNames.ErrorTypeTag, errorType),
            };
            duration.Record(result.Elapsed.TotalSeconds, in tags);
        }
    }

    private readonly void FinishLayerActivity(Activity activity, string status, in LayerResult result)
    {
        if (activity.IsAllDataRequested)
        {
            activity.SetTag(TelemetryNames.LayerStatusTag, status);
            string? errorType = ErrorType(result);
            if (errorType is not null)
            {
                activity.SetTag(TelemetryNames.ErrorTypeTag, errorType);
                activity.SetStatus(ActivityStatusCode.Error, result.Error?.Message);
            }

            if (result.Error is not null && result.Status != LayerStatus.Canceled)
            {
                AddExceptionEvent(activity, result.Error);
            }
        }

        Stop(activity, result.Elapsed);
    }

    private void FinishRunActivity(RunOutcome outcome, string outcomeValue, in RunStats stats)
    {
        // Layers whose completion was not reported still end with their run.
        Activity?[] layers = _layers!;
        for (int i = 0; i < layers.Length; i++)
        {
            Activity? left = Interlocked.Exchange(ref layers[i], null);
            if (left is not null)
            {
                Stop(left, TimeSpan.Zero);
            }
        }

        Activity run = _run!;
        _run = null;
        if (run.IsAllDataRequested)
        {
            run.SetTag(TelemetryNames.RunOutcomeTag, outcomeValue);
            if (outcome == RunOutcome.Aborted)
            {
                run.SetStatus(ActivityStatusCode.Error, "aborted");
            }
        }

        Stop(run, stats.Elapsed);
    }

    // The error.type tag: the exception's full type name for a failed layer, "timeout" for a timed-out one.
    private static string? ErrorType(in LayerResult result) => result.Status switch
    {
        LayerStatus.Failed => result.Error?.GetType().FullName ?? typeof(Exception).FullName,
        LayerStatus.TimedOut => TelemetryNames.TimeoutErrorType,
        _ => null,
    };

    // OpenTelemetry semantic conventions: an event named "exception" with its type, message and stack trace.
    private static void AddExceptionEvent(Activity activity, Exception error)
    {
        var tags = new ActivityTagsCollection
        {
            { TelemetryNames.ExceptionType, error.GetType().FullName },
            { TelemetryNames.ExceptionMessage, error.Message },
            { TelemetryNames.ExceptionStacktrace, error.ToString() },
        };
        activity.AddEvent(new ActivityEvent(TelemetryNames.ExceptionEvent, default, tags));
    }

    // The activity lasts exactly what the engine measured (through its TimeProvider), and stopping it leaves
    // the calling thread's current activity as it was.
    private static void Stop(Activity activity, TimeSpan elapsed)
    {
        if (elapsed > TimeSpan.Zero)
        {
            activity.SetEndTime(activity.StartTimeUtc + elapsed);
        }

        Activity? current = Activity.Current;
        activity.Stop();
        RestoreCurrent(current);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RestoreCurrent(Activity? previous)
    {
        if (!ReferenceEquals(Activity.Current, previous))
        {
            Activity.Current = previous;
        }
    }
}

/// <summary>Restores <see cref="Activity.Current"/> when a layer's method has been called; see <see cref="RunTelemetry.EnterLayer"/>.</summary>
internal readonly struct LayerScope : IDisposable
{
    private readonly Activity? _previous;
    private readonly bool _entered;

    internal LayerScope(Activity? previous)
    {
        _previous = previous;
        _entered = true;
    }

    /// <summary>Gives the engine's thread its current activity back.</summary>
    public void Dispose()
    {
        if (_entered)
        {
            Activity.Current = _previous;
        }
    }
}
