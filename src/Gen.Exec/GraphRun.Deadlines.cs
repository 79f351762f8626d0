using System;
using System.Threading;

namespace Gen.Exec;

// Deadlines and tokens. Each attempt gets a fresh token source (only if the layer takes a token) and, if it
// does not end at once, a deadline timer from the run's TimeProvider. The timer callback only decides and
// queues (PendingLayer.OnDeadline): no layer code ever runs on a timer.
public abstract partial class GraphRun<TRun, TResults>
{
    private static readonly TimerCallback s_onDeadline = static state => ((PendingLayer)state!).OnDeadline();

    // ExecutorOptions.AdaptiveTimeouts, read when the run started.
    private bool _adaptiveTimeouts;

    // ExecutorOptions.LayerTimeouts resolved for this plan when the run started; null when none is set.
    private TimeSpan[]? _configuredTimeouts;

    /// <summary>
    /// The time-out of an attempt of <paramref name="layer"/> starting now: the declared one (or the tighter one
    /// <see cref="ExecutorOptions.LayerTimeouts"/> sets), or under adaptive
    /// time-outs the one the executor's latency history suggests once reliable, which never exceeds the declared
    /// one (so the plan's worst case and the latency budget hold).
    /// </summary>
    private TimeSpan TimeoutOf(int layer)
    {
        TimeSpan declared = (_configuredTimeouts ?? _plan.Timeouts)[layer];
        if (!_adaptiveTimeouts)
        {
            return declared;
        }

        TimeSpan adaptive = _executorStats.LatencyFor(_plan).AdaptiveTimeout(layer);
        return adaptive < declared ? adaptive : declared;
    }

    /// <summary>A fresh token source for one attempt, published so that an abort can cancel it while the layer method runs.</summary>
    private CancellationTokenSource BeginAttempt(int layer)
    {
        var cts = new CancellationTokenSource();
        if (_running is not null)
        {
            // A full fence (not a volatile write): the abort check below must not move before the publish, or
            // an abort running now could miss this source while this layer misses the abort.
            Interlocked.Exchange(ref _running[layer], cts);
            if (Volatile.Read(ref _abortState) != 0 && Interlocked.Exchange(ref _running[layer], null) is { } aborted)
            {
                // The run was aborted between the skip check and now.
                TryCancel((CancellationTokenSource)aborted);
            }
        }

        return cts;
    }

    /// <summary>Publishes a pending attempt so that an abort can end it; ends it at once if the run is already aborted.</summary>
    private void Publish(PendingLayer pending)
    {
        if (_running is null)
        {
            return;
        }

        Interlocked.Exchange(ref _running[pending.Layer], pending);
        if (Volatile.Read(ref _abortState) != 0)
        {
            pending.Abort();
        }
    }

    /// <summary>Arms the attempt's deadline timer. Ends the attempt at once if its deadline has already passed or no timer can be armed.</summary>
    private void ArmDeadline(PendingLayer pending)
    {
        TimeSpan remaining;
        try
        {
            remaining = TimeoutOf(pending.Layer) - _time.GetElapsedTime(pending.Started);
            if (remaining > TimeSpan.Zero)
            {
                // Our own callback even for the system clock: CancelAfter would run the layer's token callbacks on
                // the timer thread (and an exception from one of them would terminate the process).
                pending.Timer = _time.CreateTimer(s_onDeadline, pending, remaining, Timeout.InfiniteTimeSpan);
                return;
            }
        }
        catch (Exception exception)
        {
            // A clock or timer that throws: the layer fails with its exception rather than wait forever.
            pending.Fail(exception);
            return;
        }

        // The method blocked past its deadline before returning its task.
        pending.EndAtDeadlineNow();
    }

    /// <summary>Releases what an ended attempt held: its slot for an abort, and its token source unless abandoned work may still hold the token.</summary>
    private void EndAttempt(int layer, CancellationTokenSource? cts, bool abandoned)
    {
        if (_running is not null)
        {
            Interlocked.Exchange(ref _running[layer], null);
        }

        // A finished layer's source is never reused: a token the layer kept must not be cancelled later by some
        // other layer's time-out. An abandoned layer may still hold its (cancelled) token: the GC takes its source.
        if (cts is not null && !abandoned)
        {
            cts.Dispose();
        }
    }

    /// <summary>Times an attempt that ends now. False (with the clock's exception) when the TimeProvider throws.</summary>
    private bool TryMeasure(long started, out TimeSpan elapsed, out TimeSpan startOffset, out Exception? clockError)
    {
        try
        {
            elapsed = _time.GetElapsedTime(started);
            startOffset = _time.GetElapsedTime(_startTimestamp, started);
            clockError = null;
            return true;
        }
        catch (Exception exception)
        {
            elapsed = TimeSpan.Zero;
            startOffset = TimeSpan.Zero;
            clockError = exception;
            return false;
        }
    }

    /// <summary>Whether the deadline of an attempt started at <paramref name="started"/> has passed (false if the clock fails: the end's measurement reports that).</summary>
    private bool IsPastDeadline(int layer, long started)
        => TryMeasure(started, out TimeSpan elapsed, out _, out _) && elapsed > TimeoutOf(layer);

    private TimeoutException TimedOutError(int layer, Exception? inner)
        => new($"Layer '{_plan.NameOf(layer)}' did not finish within its time-out of {TimeoutOf(layer).TotalMilliseconds:0} ms.", inner);

    private static void TryCancel(CancellationTokenSource? cts)
    {
        if (cts is null)
        {
            return;
        }

        try
        {
            cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The layer finished and released its source while we were cancelling it.
        }
        catch (AggregateException)
        {
            // A callback the layer registered on its token threw; the layer's own outcome reports it.
        }
    }
}
