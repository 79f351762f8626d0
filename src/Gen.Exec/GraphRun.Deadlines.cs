using System;
using System.Threading;

namespace Gen.Exec;

// Deadlines and tokens. Each attempt gets a fresh token source (only if the layer takes a token) and, if it
// does not end at once, a deadline: on the system clock, one timer per run watches every pending asynchronous
// attempt (RunDeadlines) and a synchronous layer's own layer thread watches its deadline (LayerThreads); on any
// other TimeProvider each attempt gets a timer of its own. Timer callbacks only decide and queue
// (PendingLayer.OnDeadline): no layer code ever runs on a timer.
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
            TimeSpan timeout = TimeoutOf(pending.Layer);
            remaining = timeout - _time.GetElapsedTime(pending.Started);
            if (remaining > TimeSpan.Zero && _systemClock)
            {
                // One timer for the whole run (system clock timestamps are Stopwatch timestamps). The deadlines
                // are published before Arm reads the attempt's state, and an ending attempt claims before it
                // looks for them (DisposeTimer): one of the two always sees the other.
                RunDeadlines deadlines = Volatile.Read(ref _deadlines)
                    ?? Interlocked.CompareExchange(ref _deadlines, new RunDeadlines(_plan.LayerCount), null)
                    ?? _deadlines;
                deadlines.Arm(pending, pending.Started + StopwatchDeadline.Ticks(timeout));
                return;
            }

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

    /// <summary>
    /// On the layer thread about to run a synchronous layer (system clock only): arms that thread's timer for the
    /// attempt's deadline, or ends the attempt at once if its deadline passed while it waited for the thread (the
    /// layer still runs, late, with its token cancelled, as after any deadline). False when nothing was armed.
    /// </summary>
    private bool ArmDeadlineOnLayerThread(PendingLayer pending)
    {
        try
        {
            // The system clock's timestamps are Stopwatch timestamps.
            if (LayerThreads.ArmDeadline(pending, pending.Started + StopwatchDeadline.Ticks(TimeoutOf(pending.Layer))))
            {
                return true;
            }
        }
        catch (Exception exception)
        {
            pending.Fail(exception);
            return false;
        }

        pending.EndAtDeadlineNow();
        return false;
    }

    /// <summary>
    /// The deadlines of a run's pending attempts on the system clock, watched by one timer armed for the earliest:
    /// a run pays for one timer, not one per layer. The timer callback only decides and queues, as a per-attempt
    /// timer's would (<see cref="PendingLayer.OnDeadline"/>). A layer has at most one pending attempt at a time,
    /// so the attempts are kept by layer.
    /// </summary>
    private sealed class RunDeadlines(int layers)
    {
        private static readonly TimerCallback s_onFire = static state => ((RunDeadlines)state!).Fire();

        private readonly PendingLayer?[] _pending = new PendingLayer?[layers];
        private readonly long[] _due = new long[layers];
        private ITimer? _timer;
        private int _count;
        private long _armedDue = long.MaxValue;

        public void Arm(PendingLayer pending, long dueTimestamp)
        {
            lock (_pending)
            {
                if (pending.IsClaimed)
                {
                    // The attempt ended (an abort) while it was being armed.
                    return;
                }

                int layer = pending.Layer;
                if (_pending[layer] is null)
                {
                    _count++;
                }

                _pending[layer] = pending;
                _due[layer] = dueTimestamp;
                if (dueTimestamp < _armedDue)
                {
                    _armedDue = dueTimestamp;
                    _timer ??= TimeProvider.System.CreateTimer(s_onFire, this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                    _timer.Change(StopwatchDeadline.Remaining(dueTimestamp), Timeout.InfiniteTimeSpan);
                }
            }
        }

        /// <summary>The attempt ended: its deadline no longer matters. When none is left the timer stops, so it keeps no ended run alive.</summary>
        public void Release(PendingLayer pending)
        {
            lock (_pending)
            {
                int layer = pending.Layer;
                if (_pending[layer] != pending)
                {
                    return;
                }

                _pending[layer] = null;
                if (--_count == 0 && _armedDue != long.MaxValue)
                {
                    _armedDue = long.MaxValue;
                    _timer!.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                }
            }
        }

        private void Fire()
        {
            lock (_pending)
            {
                long now = System.Diagnostics.Stopwatch.GetTimestamp();
                long next = long.MaxValue;
                for (int layer = 0; layer < _pending.Length; layer++)
                {
                    if (_pending[layer] is not { } pending)
                    {
                        continue;
                    }

                    if (_due[layer] <= now)
                    {
                        _pending[layer] = null;
                        _count--;

                        // Claims and queues only: safe under the lock.
                        pending.OnDeadline();
                    }
                    else if (_due[layer] < next)
                    {
                        next = _due[layer];
                    }
                }

                _armedDue = next;
                if (next != long.MaxValue)
                {
                    _timer!.Change(StopwatchDeadline.Remaining(next), Timeout.InfiniteTimeSpan);
                }
            }
        }
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
