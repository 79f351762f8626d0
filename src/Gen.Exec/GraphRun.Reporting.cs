using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Gen.Exec;

// The one place where a run reports its life: the run started, a layer started, an attempt ended, a layer's
// result became final (exactly once per layer, Skipped included), the run completed (returned, cancelled by its
// caller, or faulted). Telemetry and observers attach here through a RunReport that exists only for a run that
// something listens to: with no listener and no observer each hook costs one null test and allocates nothing.
// The latency history (ExecutorStats.Latency) records every attempt whatever listens.
public abstract partial class GraphRun<TRun, TResults>
{
    // Null unless an activity listener, an enabled Gen.Exec instrument or an observer was there when the run started.
    private RunReport? _report;

    /// <summary>How a run ended, as <see cref="ReportRunCompleted"/> sees it.</summary>
    private enum RunEnd
    {
        /// <summary><c>RunAsync</c> returned the results.</summary>
        Returned,

        /// <summary>The caller cancelled; <c>RunAsync</c> throws <see cref="OperationCanceledException"/>.</summary>
        Canceled,

        /// <summary>The runtime itself failed; <c>RunAsync</c> faults with its exception.</summary>
        Faulted,
    }

    /// <summary>
    /// Called once from the constructor, inside <c>RunAsync</c>: reads the reporting options and, if anything
    /// listens, starts the run's report (its activity, a child of the caller's <see cref="System.Diagnostics.Activity.Current"/>,
    /// and <see cref="ExecutionObserver.OnRunStarted"/>, before any other call for the run).
    /// </summary>
    private void AttachReporting(ExecutorOptions options)
    {
        _adaptiveTimeouts = options.AdaptiveTimeouts;
        _configuredTimeouts = options.TimeoutsFor(_plan);
        if (RunReport.AnyoneListens(options))
        {
            _report = RunReport.Start(_plan.Telemetry, options);
        }
    }

    /// <summary>The run starts: returns its start timestamp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long ReportRunStarted() => _time.GetTimestamp();

    /// <summary>
    /// Layer <paramref name="layer"/> starts its first attempt: returns its start timestamp. With tracing, the
    /// layer's activity is <see cref="System.Diagnostics.Activity.Current"/> on this thread from here until the
    /// layer has been started (the attempt's method and its ExecutionContext see it); the scheduler restores the
    /// thread's own activity after <c>StartLayer</c> (GraphRun.Scheduling.cs).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long ReportLayerStarted(int layer)
    {
        long started = _time.GetTimestamp();
        _report?.LayerStarted(layer, started);
        return started;
    }

    /// <summary>
    /// Layer <paramref name="layer"/> is about to make an attempt beyond its first: counted into the run's retries
    /// (<see cref="ExecutorStats.Retries"/>), <c>gen_exec.layer.retries</c>, and its activity current for that attempt.
    /// </summary>
    private void ReportRetry(int layer)
    {
        Interlocked.Increment(ref _retries);
        _report?.Retry(layer);
    }

    /// <summary>An attempt of <paramref name="layer"/> ended with <paramref name="status"/> after <paramref name="elapsed"/>: the latency history records it.</summary>
    private void ReportAttemptEnded(int layer, LayerStatus status, TimeSpan elapsed)
    {
        if (LatencyHistory.IsRecorded(status))
        {
            _executorStats.LatencyFor(_plan).RecordAttempt(layer, status, elapsed);
        }
    }

    /// <summary>The result of <paramref name="layer"/> is final: stores it where the run's <c>Results</c> read it, then reports it.</summary>
    private void ReportLayerCompleted<T>(int layer, in LayerResult result, T value, object store)
    {
        if (typeof(T) == typeof(NoValue))
        {
            Unsafe.As<System.Action<TRun, LayerResult>>(store)((TRun)this, result);
        }
        else
        {
            Unsafe.As<System.Action<TRun, LayerResult<T>>>(store)((TRun)this, new LayerResult<T>(result, value));
        }

        _report?.LayerCompleted(layer, result);
    }

    /// <summary>
    /// The run completed (before its task does): a run that returned counts in the executor's statistics; the
    /// report, if any, ends (layers not yet final reported Canceled or Skipped, every activity stopped,
    /// <see cref="ExecutionObserver.OnRunCompleted"/> last).
    /// </summary>
    /// <param name="end">How the run ended.</param>
    /// <param name="stats">The run's statistics when it returned; computed from what was reported otherwise.</param>
    private void ReportRunCompleted(RunEnd end, RunStats? stats)
    {
        if (end == RunEnd.Returned)
        {
            _executorStats.Record(stats.GetValueOrDefault());
        }

        RunReport? report = _report;
        if (report is null)
        {
            return;
        }

        RunOutcome outcome = end switch
        {
            RunEnd.Canceled => RunOutcome.Canceled,
            RunEnd.Faulted => RunOutcome.Aborted,
            _ when (System.Threading.Volatile.Read(ref _abortState) & AbortedByFailure) != 0 => RunOutcome.Aborted,
            _ => report.Degraded ? RunOutcome.Degraded : RunOutcome.Succeeded,
        };

        long now;
        try
        {
            now = _time.GetTimestamp();
        }
        catch (Exception)
        {
            // A clock that fails now: layers still open end with no elapsed time.
            now = _startTimestamp;
        }

        report.RunCompleted(outcome, stats, _time, _startTimestamp, now);
    }
}
