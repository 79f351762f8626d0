using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec;

// An attempt that did not end on the thread that started it: an asynchronous layer whose task is still
// running, or a synchronous layer handed to a layer thread. Its work, its deadline and an abort race to end
// it; the first to claim the attempt decides its status, and the others only clean up.
public abstract partial class GraphRun<TRun, TResults>
{
    private abstract class PendingLayer : IThreadPoolWorkItem, ILayerThreadDeadline
    {
        private const int Running = 0;
        private const int WorkEnded = 1;
        private const int DeadlinePassed = 2;
        private const int Aborted = 3;

        private int _state;
        private TimeSpan _elapsed;
        private TimeSpan _startOffset;
        private Exception? _clockError;

        protected PendingLayer(GraphRun<TRun, TResults> run, int layer, long started, CancellationTokenSource? cts)
        {
            Run = run;
            Layer = layer;
            Started = started;
            Cts = cts;
        }

        public GraphRun<TRun, TResults> Run { get; }

        public int Layer { get; }

        public long Started { get; }

        public CancellationTokenSource? Cts { get; }

        /// <summary>The deadline timer, once armed; disposed by whoever ends the attempt.</summary>
        public ITimer? Timer { get; set; }

        /// <summary>Whether the work has already completed (its continuation may not have run yet).</summary>
        protected abstract bool WorkCompleted { get; }

        /// <summary>
        /// The deadline timer's callback. It never runs user code: it only decides (an attempt whose work has
        /// completed is not timed out, even if its continuation has not run yet) and queues the rest.
        /// </summary>
        public void OnDeadline()
        {
            if (WorkCompleted || !TryClaim(DeadlinePassed))
            {
                return;
            }

            EngineWork.Queue(Run._executorStats, this);
        }

        /// <summary>Ends the attempt at its deadline on a pool thread: cancels its token (running the callbacks the layer registered) and moves on without it.</summary>
        void IThreadPoolWorkItem.Execute() => Guard(static pending => pending.EndAtDeadline());

        /// <summary>Ends the attempt now, at its deadline (one that had passed by the time it could be armed).</summary>
        public void EndAtDeadlineNow()
        {
            if (TryClaim(DeadlinePassed))
            {
                Guard(static pending => pending.EndAtDeadline());
            }
        }

        /// <summary>The run was aborted: the attempt ends Canceled unless it already ended.</summary>
        public void Abort()
        {
            if (TryClaim(Aborted))
            {
                TryCancel(Cts);
                if (PreventStart())
                {
                    // A synchronous layer still waiting for its thread never starts: Skipped, like any layer not yet started.
                    End(LayerStatus.Skipped, null);
                }
                else
                {
                    End(LayerStatus.Canceled, new OperationCanceledException($"Layer '{Run._plan.NameOf(Layer)}' was cancelled: the run was aborted.", Cts?.Token ?? default));
                }
            }
        }

        /// <summary>The runtime itself failed while running the attempt (the clock, a timer): the layer fails with that exception.</summary>
        public void Fail(Exception exception)
        {
            if (TryClaim(Aborted))
            {
                TryCancel(Cts);
                PreventStart();
                End(LayerStatus.Failed, exception);
            }
        }

        /// <summary>
        /// Claims the attempt for its work, which ended just now; past its deadline when <paramref name="pastDeadline"/>.
        /// False when the deadline or an abort came first.
        /// </summary>
        protected bool TryClaimForWork(bool pastDeadline) => TryClaim(pastDeadline ? DeadlinePassed : WorkEnded);

        /// <summary>
        /// Claims the attempt for synchronous work that returned just now on this thread, where its end is known
        /// exactly: past its deadline (<paramref name="pastDeadline"/>) it is TimedOut, even if the deadline timer
        /// has not fired yet. One clock read both decides that and times the attempt.
        /// </summary>
        protected bool TryClaimForWorkEndedHere(out bool pastDeadline)
        {
            bool measured = Run.TryMeasure(Started, out TimeSpan elapsed, out TimeSpan startOffset, out Exception? clockError);

            // A clock that fails is not past the deadline: the attempt fails with the clock's exception.
            pastDeadline = measured && elapsed > Run.TimeoutOf(Layer);
            if (Interlocked.CompareExchange(ref _state, pastDeadline ? DeadlinePassed : WorkEnded, Running) != Running)
            {
                return false;
            }

            _elapsed = elapsed;
            _startOffset = startOffset;
            _clockError = clockError;
            return true;
        }

        public bool IsClaimed => Volatile.Read(ref _state) != Running;

        /// <summary>The outcome of work claimed by <see cref="TryClaimForWork"/>, timed at the claim.</summary>
        protected AttemptOutcome<T> WorkOutcome<T>(T value, Exception? error, bool pastDeadline)
            => _clockError is not null
                ? new AttemptOutcome<T>(LayerStatus.Failed, default!, _clockError, _elapsed, _startOffset)
                : Run.Classify(Layer, value, error, _elapsed, _startOffset, pastDeadline, Cts);

        /// <summary>Ends a claimed attempt with <paramref name="status"/>, the elapsed time taken when it was claimed.</summary>
        protected abstract void End(LayerStatus status, Exception? error);

        /// <summary>Whether the work had not started and now never will (a synchronous layer not yet picked up by its thread).</summary>
        protected virtual bool PreventStart() => false;

        protected void EndWith<T>(LayerStatus status, Exception? error, object store, LayerLife<T>? life)
        {
            DisposeTimer();
            bool abandoned = !WorkCompleted;
            AttemptOutcome<T> outcome = _clockError is not null
                ? new AttemptOutcome<T>(LayerStatus.Failed, default!, _clockError, _elapsed, _startOffset)
                : new AttemptOutcome<T>(status, default!, error, status == LayerStatus.Skipped ? TimeSpan.Zero : _elapsed, _startOffset);
            Run.AttemptEnded(Layer, Cts, abandoned, outcome, store, life);
        }

        protected void DisposeTimer()
        {
            // Whoever ends the attempt has claimed it (a full fence) before it gets here.
            Volatile.Read(ref Run._deadlines)?.Release(this);

            try
            {
                Timer?.Dispose();
            }
            catch (Exception exception)
            {
                // A hostile timer: the run must not lose the exception, nor hang on it.
                Run.FailRun(exception);
            }
        }

        protected void Guard(Action<PendingLayer> body)
        {
            try
            {
                body(this);
            }
            catch (Exception exception)
            {
                // Nothing above this frame would observe it: the run faults with it rather than hang.
                Run.FailRun(exception);
            }
        }

        /// <summary><see cref="Guard(Action{PendingLayer})"/> with state for a static lambda: no closure per call.</summary>
        protected void Guard<TState>(Action<PendingLayer, TState> body, TState state)
        {
            try
            {
                body(this, state);
            }
            catch (Exception exception)
            {
                Run.FailRun(exception);
            }
        }

        private bool TryClaim(int state)
        {
            if (Interlocked.CompareExchange(ref _state, state, Running) != Running)
            {
                return false;
            }

            // The moment of the claim is the attempt's end.
            Run.TryMeasure(Started, out _elapsed, out _startOffset, out _clockError);
            return true;
        }

        private void EndAtDeadline()
        {
            // A synchronous layer that its thread has not picked up yet still runs, late, with its token cancelled:
            // every layer that was not skipped is invoked.
            TryCancel(Cts);
            End(LayerStatus.TimedOut, Run.TimedOutError(Layer, null));
        }
    }

    private sealed class PendingLayer<T> : PendingLayer, ILayerThreadWork
    {
        private readonly object _store;
        private readonly LayerLife<T>? _life;

        // The running task of an asynchronous layer, or the method of a synchronous one.
        private readonly Task? _task;
        private readonly object? _invoke;
        private volatile bool _synchronousWorkDone;

        // A synchronous layer's method: 0 not started, 1 started on its thread, 2 will never start (the attempt ended first).
        private int _bodyState;

        public PendingLayer(GraphRun<TRun, TResults> run, int layer, long started, CancellationTokenSource? cts, object store, LayerLife<T>? life, Task task)
            : base(run, layer, started, cts)
        {
            _store = store;
            _life = life;
            _task = task;
        }

        public PendingLayer(GraphRun<TRun, TResults> run, int layer, long started, CancellationTokenSource? cts, object store, LayerLife<T>? life, object invoke)
            : base(run, layer, started, cts)
        {
            _store = store;
            _life = life;
            _invoke = invoke;
        }

        protected override bool WorkCompleted => _task?.IsCompleted ?? _synchronousWorkDone;

        /// <summary>Continues when the layer's task completes (on the thread that completes it).</summary>
        public void AwaitWork()
            => _task!.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(OnWorkCompleted);

        /// <summary>Runs the synchronous layer on a layer thread, unless the attempt already ended.</summary>
        public void HandToLayerThread()
        {
            if (IsClaimed)
            {
                return;
            }

            EngineWork.Started(Run._executorStats);
            LayerThreads.Run(this, Run.IsQuick(Layer));
        }

        /// <summary>No layer thread could be started for it: it fails with that exception, from the thread pool (this may be a timer's thread).</summary>
        void ILayerThreadWork.Reject(Exception exception)
        {
            EngineWork.Finished(Run._executorStats);
            EngineWork.Queue(Run._executorStats, static state => state.Pending.Guard(static (pending, error) => pending.Fail(error), state.Error), (Pending: this, Error: exception));
        }

        /// <summary>On a layer thread: the synchronous layer method itself.</summary>
        void ILayerThreadWork.Execute()
        {
            try
            {
                ExecuteOnLayerThread();
            }
            finally
            {
                EngineWork.Finished(Run._executorStats);
            }
        }

        private void ExecuteOnLayerThread()
        {
            bool armed = Run._systemClock && Run.ArmDeadlineOnLayerThread(this);
            if (Interlocked.CompareExchange(ref _bodyState, 1, 0) != 0)
            {
                if (armed)
                {
                    LayerThreads.DisarmDeadline();
                }

                return;
            }

            T value = default!;
            Exception? error = null;
            try
            {
                value = Run.InvokeSynchronous<T>(_invoke!, Cts?.Token ?? CancellationToken.None);
            }
            catch (Exception exception)
            {
                error = exception;
            }

            _synchronousWorkDone = true;
            if (armed)
            {
                LayerThreads.DisarmDeadline();
            }

            LayerThreads.LayerMethodReturned();
            Guard(static (pending, outcome) => ((PendingLayer<T>)pending).WorkEnded(outcome.Value, outcome.Error), (Value: value, Error: error));
        }

        protected override void End(LayerStatus status, Exception? error) => EndWith(status, error, _store, _life);

        protected override bool PreventStart()
        {
            if (_task is not null || Interlocked.CompareExchange(ref _bodyState, 2, 0) != 0)
            {
                return false;
            }

            _synchronousWorkDone = true;
            return true;
        }

        private void OnWorkCompleted()
        {
            T value = default!;
            Exception? error = null;
            try
            {
                value = ResultOf<T>(_task!);
            }
            catch (Exception exception)
            {
                // Read even when the attempt already ended: an abandoned task's exception is observed here.
                error = exception;
            }

            Guard(static (pending, outcome) => ((PendingLayer<T>)pending).WorkEnded(outcome.Value, outcome.Error), (Value: value, Error: error));
        }

        private void WorkEnded(T value, Exception? error)
        {
            // A synchronous layer's end is known exactly (now, on its own thread). An asynchronous layer's
            // continuation may run late, so for it only the race with the timer counts: work that completed
            // before the timer fired is on time.
            bool pastDeadline = false;
            if (_task is null ? !TryClaimForWorkEndedHere(out pastDeadline) : !TryClaimForWork(pastDeadline: false))
            {
                // The deadline or an abort came first: the late result is dropped (and its exception was observed).
                return;
            }

            DisposeTimer();
            Run.AttemptEnded(Layer, Cts, abandoned: false, WorkOutcome(value, error, pastDeadline), _store, _life);
        }
    }
}
