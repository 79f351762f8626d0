using System;
using System.Threading;

namespace Gen.Exec;

// Retries and fallbacks: the life of a layer that may make more than one attempt ([Retry]) or run a fallback
// ([Fallback]). Each attempt and the fallback are invoked like any attempt (InvokeAttempt: own deadline, own
// token); between attempts the layer waits on a TimeProvider timer (no thread blocked), which an abort or the
// caller's cancellation ends. The layer completes once, with the whole life's elapsed time and its attempts.
public abstract partial class GraphRun<TRun, TResults>
{
    private static readonly TimerCallback s_onRetryDelay = static state => ((LayerLife)state!).OnDelayElapsed();

    // Delays beyond what a timer can wait (about 49 days) are clamped to it.
    private const double MaxDelayMilliseconds = uint.MaxValue - 2.0;

    // Attempts beyond the first, counted as they start (ReportRetry).
    private int _retries;

    /// <summary>An attempt or the fallback of a layer with a life ended: retry, fall back, or complete the layer.</summary>
    private void LifeStepEnded<T>(LayerLife<T> life, in AttemptOutcome<T> outcome)
    {
        int layer = life.Layer;
        if (life.InFallback)
        {
            // The fallback's value stands in for the layer; if it did not return one, the layer keeps its own outcome.
            if (outcome.Status == LayerStatus.Succeeded)
            {
                Finish(life, LayerStatus.FellBack, outcome.Value, life.LastError, null);
            }
            else
            {
                Finish(life, life.LastStatus, default!, life.LastError, outcome.Error ?? new OperationCanceledException($"The fallback of layer '{_plan.NameOf(layer)}' did not start: the run was aborted."));
            }

            return;
        }

        ReportAttemptEnded(layer, outcome.Status, outcome.Elapsed);
        if (outcome.Status == LayerStatus.Skipped)
        {
            // An attempt that never started (the run was aborted first): the layer keeps what it had.
            life.Attempts--;
            Finish(life, life.Attempts == 0 ? LayerStatus.Skipped : life.LastStatus, default!, life.LastError, null);
            return;
        }

        if (outcome.Status is not (LayerStatus.Failed or LayerStatus.TimedOut))
        {
            Finish(life, outcome.Status, outcome.Value, outcome.Error, null);
            return;
        }

        life.LastStatus = outcome.Status;
        life.LastError = outcome.Error;
        LayerControl control = life.Control;
        Exception error = outcome.Error!;

        // Never after the caller's cancellation or an abort.
        if (Volatile.Read(ref _abortState) != 0)
        {
            Finish(life, outcome.Status, default!, error, null);
            return;
        }

        if (life.Attempts <= control.MaxRetries && (outcome.Status == LayerStatus.TimedOut || control.Handle is null || control.Handle(error)))
        {
            ScheduleRetry(life);
            return;
        }

        if (control.Fallback is not null && (control.FallbackAccepts is null || control.FallbackAccepts(error)))
        {
            StartFallback(life, error);
            return;
        }

        Finish(life, outcome.Status, default!, error, null);
    }

    /// <summary>The delay before retry <paramref name="retry"/> (1 for the first): constant, linear or exponential, with jitter.</summary>
    private static TimeSpan RetryDelay(LayerControl control, int retry)
    {
        double nominal = control.Backoff switch
        {
            RetryBackoff.Constant => control.DelayMilliseconds,
            RetryBackoff.Linear => (double)retry * control.DelayMilliseconds,
            _ => Math.Pow(2, retry - 1) * control.DelayMilliseconds,
        };
        if (control.Jitter)
        {
            // Random.Shared is thread-safe: concurrent runs draw independently.
            nominal *= 0.5 + Random.Shared.NextDouble();
        }

        return TimeSpan.FromMilliseconds(Math.Min(nominal, MaxDelayMilliseconds));
    }

    /// <summary>Waits for the delay before the next attempt, published so that an abort ends the wait.</summary>
    private void ScheduleRetry<T>(LayerLife<T> life)
    {
        TimeSpan delay = RetryDelay(life.Control, life.Attempts);
        life.BeginDelay();
        if (_running is not null)
        {
            // A full fence, as in BeginAttempt: an abort either sees the life in its slot or this thread sees the abort.
            Interlocked.Exchange(ref _running[life.Layer], life);
            if (Volatile.Read(ref _abortState) != 0)
            {
                life.AbortDelay();
                return;
            }
        }

        if (delay <= TimeSpan.Zero)
        {
            life.OnDelayElapsed();
            return;
        }

        try
        {
            life.SetDelayTimer(_time.CreateTimer(s_onRetryDelay, life, delay, Timeout.InfiniteTimeSpan));
        }
        catch (Exception exception)
        {
            // A timer that cannot be armed: the layer keeps its last attempt's outcome, and the run fails with the cause.
            life.AbortDelay();
            FailRun(exception);
        }
    }

    /// <summary>After the delay: the next attempt, with a fresh token and the whole time-out (never after an abort).</summary>
    private void StartRetry<T>(LayerLife<T> life)
    {
        if (_running is not null)
        {
            Interlocked.CompareExchange(ref _running[life.Layer], null, life);
        }

        if (Volatile.Read(ref _abortState) != 0)
        {
            Finish(life, life.LastStatus, default!, life.LastError, null);
            return;
        }

        long started;
        try
        {
            started = _time.GetTimestamp();
        }
        catch (Exception exception)
        {
            Finish(life, LayerStatus.Failed, default!, exception, null);
            return;
        }

        ReportRetry(life.Layer);
        life.Attempts++;
        InvokeAttempt(life.Layer, started, life.TakesToken, life.Shape, life.Invoke, life.Store, life);
    }

    /// <summary>Runs the fallback like an attempt: the layer's time-out, its own token.</summary>
    private void StartFallback<T>(LayerLife<T> life, Exception error)
    {
        long started;
        try
        {
            started = _time.GetTimestamp();
        }
        catch (Exception exception)
        {
            Finish(life, life.LastStatus, default!, life.LastError, exception);
            return;
        }

        SetFallbackError(life.Layer, error);
        life.InFallback = true;
        LayerControl control = life.Control;
        InvokeAttempt(life.Layer, started, control.FallbackTakesToken, control.FallbackShape, control.Fallback!, life.Store, life);
    }

    /// <summary>Completes a layer with a life: its elapsed time spans every attempt, delay and its fallback.</summary>
    private void Finish<T>(LayerLife<T> life, LayerStatus status, T value, Exception? error, Exception? fallbackError)
    {
        TimeSpan elapsed = TimeSpan.Zero;
        if (life.Attempts > 0 && !TryMeasure(life.Started, out elapsed, out _, out Exception? clockError))
        {
            status = LayerStatus.Failed;
            error = clockError;
        }

        CompleteLayer(life.Layer, new AttemptOutcome<T>(status, value, error, elapsed, life.StartOffset, life.Attempts, fallbackError), life.Store);
    }

    /// <summary>What a layer with retries or a fallback carries from one attempt to the next; the wait between attempts.</summary>
    private abstract class LayerLife : IThreadPoolWorkItem
    {
        private const int Waiting = 0;
        private const int Claimed = 1;

        private int _delayState = Claimed;
        private ITimer? _timer;

        /// <summary>The delay timer fired (on the timer's thread): only claims and queues the next attempt.</summary>
        public void OnDelayElapsed()
        {
            if (Interlocked.CompareExchange(ref _delayState, Claimed, Waiting) == Waiting)
            {
                DisposeTimer();
                EngineWork.Queue(Owner, this);
            }
        }

        /// <summary>The run was aborted while the layer waited between attempts: it completes with its last attempt's outcome.</summary>
        public void AbortDelay()
        {
            if (Interlocked.CompareExchange(ref _delayState, Claimed, Waiting) == Waiting)
            {
                DisposeTimer();
                EndWithoutRetry();
            }
        }

        public void BeginDelay() => Volatile.Write(ref _delayState, Waiting);

        public void SetDelayTimer(ITimer timer)
        {
            Volatile.Write(ref _timer, timer);
            if (Volatile.Read(ref _delayState) == Claimed)
            {
                // The delay ended before its timer was stored here: nobody else will dispose it.
                DisposeTimer();
            }
        }

        void IThreadPoolWorkItem.Execute() => Retry();

        /// <summary>The statistics of the executor this layer's run belongs to (counts its queued work when tracked).</summary>
        protected abstract ExecutorStats Owner { get; }

        protected abstract void Retry();

        protected abstract void EndWithoutRetry();

        private void DisposeTimer() => Interlocked.Exchange(ref _timer, null)?.Dispose();
    }

    private sealed class LayerLife<T>(GraphRun<TRun, TResults> run, int layer, LayerControl control, long started, bool takesToken, LayerShape shape, object invoke, object store) : LayerLife
    {
        public GraphRun<TRun, TResults> Run { get; } = run;

        public int Layer { get; } = layer;

        public LayerControl Control { get; } = control;

        /// <summary>The first attempt's start: the layer's elapsed time counts from here.</summary>
        public long Started { get; } = started;

        public TimeSpan StartOffset { get; } = run.TryMeasure(started, out _, out TimeSpan offset, out _) ? offset : TimeSpan.Zero;

        public bool TakesToken { get; } = takesToken;

        public LayerShape Shape { get; } = shape;

        public object Invoke { get; } = invoke;

        public object Store { get; } = store;

        /// <summary>Attempts made so far (the first is made on creation).</summary>
        public int Attempts { get; set; } = 1;

        public bool InFallback { get; set; }

        public LayerStatus LastStatus { get; set; }

        public Exception? LastError { get; set; }

        protected override void Retry()
        {
            try
            {
                Run.StartRetry(this);
            }
            catch (Exception exception)
            {
                // On a pool thread nothing above would observe it: the run faults rather than hang.
                Run.FailRun(exception);
            }
        }

        protected override ExecutorStats Owner => Run._executorStats;

        protected override void EndWithoutRetry() => Run.Finish(this, LastStatus, default!, LastError, null);
    }
}
