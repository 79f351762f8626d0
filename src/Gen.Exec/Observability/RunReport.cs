using System;
using System.Diagnostics;
using System.Threading;

namespace Gen.Exec;

/// <summary>
/// One run's <see cref="RunTelemetry"/> as the engine drives it, created only for a run that something listens
/// to (an activity listener, an enabled instrument, an observer). It adds what the engine's life needs on top of
/// the reporter: exactly one completion per layer, and nothing reported after the run's completion even when the
/// run completes before its layers do (the caller cancelled, the runtime failed).
/// </summary>
/// <remarks>
/// <para>A run the caller cancels completes at once; at that moment every layer whose status is not yet final is
/// reported: Canceled if it had started (its elapsed time so far), Skipped if not. The layers' own later
/// completions are then dropped, so observers see each layer once and <c>OnRunCompleted</c> last.</para>
/// <para>The layers' results are kept only for an observer: nothing else reads them (<c>OnRunCompleted</c>'s
/// statistics of a run that did not return).</para>
/// </remarks>
internal sealed class RunReport
{
    private const int Waiting = 0;
    private const int Started = 1;
    private const int Final = 2;

    private readonly int[] _state;
    private readonly long[] _startedAt;
    private LayerResult[]? _results;
    private RunTelemetry _telemetry;

    // Reports in progress (layer starts and completions), and whether the run's completion has begun: the run
    // completes only once none is in progress, and none begins after it.
    private int _inFlight;
    private int _closed;
    private int _notSucceeded;

    // The run whose report this thread is inside, and how deeply: a run completing from inside one of its own
    // reports (an observer that cancels the run) must not wait for itself.
    [ThreadStatic]
    private static RunReport? t_inside;

    [ThreadStatic]
    private static int t_depth;

    private RunReport(int layers)
    {
        _state = new int[layers];
        _startedAt = new long[layers];
    }

    /// <summary>Whether the telemetry made layer activities (tracing is on for this run).</summary>
    public bool Tracing { get; private set; }

    /// <summary>Whether a layer ended other than Succeeded or NotRun.</summary>
    public bool Degraded => Volatile.Read(ref _notSucceeded) != 0;

    /// <summary>Whether anything listens to a run with these options: one cheap test per source, nothing allocated.</summary>
    public static bool AnyoneListens(ExecutorOptions options)
    {
        if (options.Observer is not null || TelemetryNames.Source.HasListeners())
        {
            return true;
        }

        ExecutorInstruments instruments = options.Instruments;
        return instruments.RunDuration.Enabled || instruments.LayerDuration.Enabled || instruments.RunSpeedup.Enabled
            || instruments.LayerActive.Enabled || instruments.LayerRetries.Enabled;
    }

    /// <summary>Starts reporting a run; null when, after all, nothing listens (a listener left meanwhile).</summary>
    public static RunReport? Start(GraphTelemetry graph, ExecutorOptions options)
    {
        var report = new RunReport(graph.LayerCount);
        report._telemetry.RunStarted(graph, options);
        if (!report._telemetry.IsActive)
        {
            return null;
        }

        report.Tracing = report._telemetry.IsTracing;
        if (report._telemetry.IsObserved)
        {
            report._results = new LayerResult[graph.LayerCount];
        }

        return report;
    }

    /// <summary>Layer <paramref name="layer"/> starts at <paramref name="timestamp"/>; its activity becomes current on this thread.</summary>
    public void LayerStarted(int layer, long timestamp)
    {
        if (!Enter())
        {
            return;
        }

        try
        {
            _startedAt[layer] = timestamp;
            if (Interlocked.CompareExchange(ref _state[layer], Started, Waiting) == Waiting)
            {
                _telemetry.LayerStarted(layer);
                EnterLayer(layer);
            }
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>
    /// Makes layer <paramref name="layer"/>'s activity <see cref="Activity.Current"/> on this thread, for the
    /// attempt invoked next: the layer method's ExecutionContext (its awaits, a layer thread) captures it. The
    /// engine restores the thread's own activity once the layer has been started (GraphRun.Scheduling.cs).
    /// </summary>
    public void EnterLayer(int layer)
    {
        if (Tracing)
        {
            _ = _telemetry.EnterLayer(layer);
        }
    }

    /// <summary>Layer <paramref name="layer"/> makes another attempt.</summary>
    public void Retry(int layer)
    {
        if (Volatile.Read(ref _closed) == 0)
        {
            _telemetry.Retry(layer);
            EnterLayer(layer);
        }
    }

    /// <summary>Layer <paramref name="layer"/>'s status is final: reported unless it already was (at the run's early completion).</summary>
    public void LayerCompleted(int layer, in LayerResult result)
    {
        if (!Enter())
        {
            return;
        }

        try
        {
            Complete(layer, result);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>
    /// The run completes. Waits for reports in progress on other threads, reports every layer not yet final
    /// (Canceled if started, Skipped if not) with <paramref name="now"/> as their end, then the run itself.
    /// </summary>
    /// <returns>The run's statistics as reported: <paramref name="stats"/>, or, when null, built from the layers' reported results.</returns>
    public RunStats RunCompleted(RunOutcome outcome, RunStats? stats, TimeProvider time, long runStarted, long now)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return stats ?? default;
        }

        int own = ReferenceEquals(t_inside, this) ? t_depth : 0;
        var wait = default(SpinWait);
        while (Volatile.Read(ref _inFlight) > own)
        {
            wait.SpinOnce();
        }

        for (int layer = 0; layer < _state.Length; layer++)
        {
            int state = Volatile.Read(ref _state[layer]);
            if (state == Final)
            {
                continue;
            }

            LayerResult result = state == Started
                ? new LayerResult(_telemetry.LayerName(layer), LayerStatus.Canceled, new OperationCanceledException("The run ended before this layer did."), Elapsed(time, _startedAt[layer], now), Elapsed(time, runStarted, _startedAt[layer]))
                : new LayerResult(_telemetry.LayerName(layer), LayerStatus.Skipped, null, TimeSpan.Zero, Elapsed(time, runStarted, now));
            Complete(layer, result);
        }

        RunStats reported;
        if (stats is { } given)
        {
            reported = given;
        }
        else
        {
            // Only an observer reads more than the elapsed time of a run that did not return.
            var builder = default(RunStatsBuilder);
            foreach (LayerResult result in _results ?? [])
            {
                builder.Add(result);
            }

            reported = builder.Build(Elapsed(time, runStarted, now));
        }

        _telemetry.RunCompleted(outcome, reported, returned: stats.HasValue);
        return reported;
    }

    private static TimeSpan Elapsed(TimeProvider time, long from, long to) => to > from ? time.GetElapsedTime(from, to) : TimeSpan.Zero;

    private bool Enter()
    {
        Interlocked.Increment(ref _inFlight);
        if (Volatile.Read(ref _closed) != 0)
        {
            Interlocked.Decrement(ref _inFlight);
            return false;
        }

        if (ReferenceEquals(t_inside, this))
        {
            t_depth++;
        }
        else if (t_inside is null)
        {
            t_inside = this;
            t_depth = 1;
        }

        return true;
    }

    private void Exit()
    {
        if (ReferenceEquals(t_inside, this) && --t_depth == 0)
        {
            t_inside = null;
        }

        Interlocked.Decrement(ref _inFlight);
    }

    private void Complete(int layer, in LayerResult result)
    {
        int previous = Interlocked.Exchange(ref _state[layer], Final);
        if (previous == Final)
        {
            return;
        }

        if (result.Status is not (LayerStatus.Succeeded or LayerStatus.NotRun))
        {
            Volatile.Write(ref _notSucceeded, 1);
        }

        if (_results is not null)
        {
            _results[layer] = result;
        }

        if (previous == Started && TelemetryNames.StatusValue(result.Status) is null)
        {
            // Started, then ended without running (a synchronous layer its thread never picked up): its activity
            // and its place in gen_exec.layer.active end all the same.
            _telemetry.LayerWithdrawn(layer);
        }

        _telemetry.LayerCompleted(layer, result);
    }
}
