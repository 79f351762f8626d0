using System;
using System.Threading;

namespace Gen.Exec;

// Completing a layer: its status, its stored result, the propagation to its dependents, and fail-fast or a
// critical layer aborting the run.
public abstract partial class GraphRun<TRun, TResults>
{
    private const int AbortedByFailure = 1;
    private const int CanceledByCaller = 2;

    private int _abortState;
    private int _finished;

    private bool IsCanceledByCaller => (Volatile.Read(ref _abortState) & CanceledByCaller) != 0;

    /// <summary>
    /// The status of an attempt whose work ended with <paramref name="value"/> or <paramref name="error"/>.
    /// One rule for every shape: past the deadline it is TimedOut, whatever the work did.
    /// </summary>
    private AttemptOutcome<T> Classify<T>(int layer, T value, Exception? error, TimeSpan elapsed, TimeSpan startOffset, bool pastDeadline, CancellationTokenSource? cts)
    {
        if (pastDeadline)
        {
            // The layer's own end (its exception, if it threw) is kept as the inner exception.
            return new AttemptOutcome<T>(LayerStatus.TimedOut, default!, TimedOutError(layer, error), elapsed, startOffset);
        }

        if (error is null)
        {
            return new AttemptOutcome<T>(LayerStatus.Succeeded, value, null, elapsed, startOffset);
        }

        // Our token stopped the layer because the run was aborted. A layer that throws OperationCanceledException
        // for its own reasons, with its token untouched, has Failed.
        LayerStatus status = error is OperationCanceledException && cts?.IsCancellationRequested == true && Volatile.Read(ref _abortState) != 0
            ? LayerStatus.Canceled
            : LayerStatus.Failed;
        return new AttemptOutcome<T>(status, default!, error, elapsed, startOffset);
    }

    /// <summary>Completes a layer that never started: Skipped, NotRun, or Failed with <paramref name="error"/> when its condition threw.</summary>
    private void CompleteNotStarted<T>(int layer, LayerStatus status, object store, Exception? error = null)
    {
        AttemptOutcome<T> outcome;
        try
        {
            outcome = new AttemptOutcome<T>(status, default!, error, TimeSpan.Zero, _time.GetElapsedTime(_startTimestamp));
        }
        catch (Exception clockError)
        {
            outcome = new AttemptOutcome<T>(LayerStatus.Failed, default!, clockError, TimeSpan.Zero, TimeSpan.Zero);
        }

        CompleteLayer(layer, outcome, store);
    }

    /// <summary>The layer's status is final: store and report its result, then release its dependents.</summary>
    private void CompleteLayer<T>(int layer, in AttemptOutcome<T> outcome, object store)
    {
        var info = new LayerResult(_plan.NameOf(layer), outcome.Status, outcome.Error, outcome.Elapsed, outcome.StartOffset, outcome.Attempts, outcome.FallbackError);
        ReportLayerCompleted(layer, info, outcome.Value, store);

        // A final Failed or TimedOut aborts; a layer that fell back does not.
        if ((outcome.Status == LayerStatus.Failed || outcome.Status == LayerStatus.TimedOut) && (_failFast || _plan.Critical[layer]))
        {
            Abort(AbortedByFailure);
        }

        ReleaseDependents(layer);
        if (Interlocked.Increment(ref _finished) == _plan.LayerCount)
        {
            SignalCompletion();
        }
    }

    /// <summary>Fail-fast or a critical layer: running layers end Canceled, layers not started are Skipped.</summary>
    private void Abort(int reason)
    {
        if (Interlocked.Or(ref _abortState, reason) == 0)
        {
            CancelRunning();
            DispatchAfterAbort();
        }
    }

    /// <summary>
    /// The caller cancelled: runs inside the caller's <see cref="CancellationTokenSource.Cancel()"/>, so it only
    /// flags and signals (the returned task's continuations are queued, never run here) and leaves cancelling the
    /// layers, whose token callbacks are user code, to the thread pool.
    /// </summary>
    private void OnCallerCanceled()
    {
        int previous = Interlocked.Or(ref _abortState, CanceledByCaller);
        if ((previous & CanceledByCaller) != 0)
        {
            return;
        }

        SignalCompletion();
        if (previous == 0)
        {
            EngineWork.Queue(
                _executorStats,
                static run =>
                {
                    try
                    {
                        run.CancelRunning();
                        run.DispatchAfterAbort();
                    }
                    catch (Exception exception)
                    {
                        run.FailRun(exception);
                    }
                },
                this);
        }
    }

    private void CancelRunning()
    {
        if (_running is null)
        {
            return;
        }

        for (int layer = 0; layer < _running.Length; layer++)
        {
            // Swap the entry out of its slot, so that a layer ending now (which clears its slot the same way)
            // and this loop never both act on it.
            switch (Interlocked.Exchange(ref _running[layer], null))
            {
                case CancellationTokenSource cts:
                    TryCancel(cts);
                    break;
                case PendingLayer pending:
                    pending.Abort();
                    break;
                case LayerLife life:
                    // Waiting between attempts: no retry after an abort.
                    life.AbortDelay();
                    break;
            }
        }
    }

    /// <summary>How one attempt ended; for a layer's final outcome, also its attempts and its fallback's error.</summary>
    private readonly struct AttemptOutcome<T>(LayerStatus status, T value, Exception? error, TimeSpan elapsed, TimeSpan startOffset, int attempts = 0, Exception? fallbackError = null)
    {
        public int Attempts { get; } = attempts;

        public Exception? FallbackError { get; } = fallbackError;

        public LayerStatus Status { get; } = status;

        public T Value { get; } = value;

        public Exception? Error { get; } = error;

        public TimeSpan Elapsed { get; } = elapsed;

        public TimeSpan StartOffset { get; } = startOffset;
    }
}
