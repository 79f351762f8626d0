using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Gen.Exec;

// A layer thread: its loop over the shared queue, its idle wait, and its one timer for the deadline of the layer
// running on it and for the take-over of the queue behind that layer (the rules are on LayerThreads).
internal static partial class LayerThreads
{
    private sealed class Worker
    {
        private static readonly TimerCallback s_onTimer = static state => ((Worker)state!).OnTimer();

        private readonly ManualResetEventSlim _signal = new(initialState: false, spinCount: SpinCount);

        // One timer for the thread's whole life, for the deadline of the attempt running here and for the
        // take-over. It is never stopped, only brought forward: a firing with nothing due re-arms for what is.
        private readonly object _timerGate = new();
        private ITimer? _timer;
        private long _timerDue = long.MaxValue;
        private ILayerThreadDeadline? _armed;
        private long _deadlineDue;

        // When the queue behind the layer running here is taken over by another thread; 0 when nothing waits.
        private long _takeOverDue;

        // Since when layers have waited in the queue while this thread ran others; 0 when the queue was empty.
        private long _waitingSince;

        public static void Start()
        {
            var worker = new Worker();
            var thread = new Thread(static state => ((Worker)state!).Loop())
            {
                IsBackground = true,
                Name = "Gen.Exec layer",
            };
            Interlocked.Increment(ref s_threads);
            try
            {
                thread.UnsafeStart(worker);
            }
            catch
            {
                Interlocked.Decrement(ref s_threads);
                throw;
            }
        }

        public void Wake() => _signal.Set();

        public bool ArmDeadline(ILayerThreadDeadline attempt, long dueTimestamp)
        {
            if (dueTimestamp <= Stopwatch.GetTimestamp())
            {
                return false;
            }

            lock (_timerGate)
            {
                _armed = attempt;
                _deadlineDue = dueTimestamp;
                ScheduleLocked(dueTimestamp);
            }

            return true;
        }

        public void DisarmDeadline()
        {
            // No lock, and the timer stays as it is (changing it costs more than a firing that finds nothing due).
            // A firing racing this write may still see the attempt: its work has completed (set before this
            // call), so OnDeadline does nothing.
            Volatile.Write(ref _armed, null);
        }

        /// <summary>
        /// Before user code runs on this thread: if layers wait in the queue and no thread is on its way, this
        /// thread's timer is armed to have them taken over (or, after a take-over, another thread is woken now).
        /// </summary>
        public void GuardQueue()
        {
            // Layers queued by other threads after this read wake a thread themselves; those this thread queued are seen.
            if (Volatile.Read(ref s_count) == 0)
            {
                return;
            }

            long takeOverFrom;
            Worker? wake;
            bool start;
            lock (s_gate)
            {
                takeOverFrom = GuardQueueLocked(out wake, out start);
            }

            GuardQueue(takeOverFrom, wake, start);
        }

        /// <summary>
        /// Under the gate: what this thread does about the layers waiting in the queue before it runs user code.
        /// Returns the timestamp to arm the take-over from (0: none), or the thread to wake (or start) now.
        /// </summary>
        private long GuardQueueLocked(out Worker? wake, out bool start)
        {
            wake = null;
            start = false;
            if (s_count == 0)
            {
                _waitingSince = 0;
                return 0;
            }

            if (s_wakesPending > 0)
            {
                return 0;
            }

            long now = Stopwatch.GetTimestamp();
            if (_waitingSince == 0)
            {
                _waitingSince = now;
            }
            else if (now - _waitingSince > s_spreadTicks)
            {
                // Layers have waited behind this thread for a while although each returned quickly (they compute):
                // a second thread shares them. It is on its way, so no take-over is needed.
                _waitingSince = now;
                wake = WakeLocked(out start);
                return 0;
            }

            if (s_eager)
            {
                wake = WakeLocked(out start);
                return 0;
            }

            return now;
        }

        private void GuardQueue(long takeOverFrom, Worker? wake, bool start)
        {
            if (takeOverFrom != 0)
            {
                ArmTakeOver(takeOverFrom);
            }
            else
            {
                WakeOrStart(wake, start);
            }
        }

        private void ArmTakeOver(long from)
        {
            try
            {
                lock (_timerGate)
                {
                    _takeOverDue = from + s_takeOverTicks;
                    ScheduleLocked(_takeOverDue);
                }
            }
            catch (Exception)
            {
                // No timer could be created or armed: another thread takes the queue over now rather than never.
                TakeOver();
            }
        }

        private void ClearTakeOver()
        {
            // Written only by this thread, and cleared by the timer under the lock: a stale read only takes the lock.
            if (Volatile.Read(ref _takeOverDue) != 0)
            {
                lock (_timerGate)
                {
                    _takeOverDue = 0;
                }
            }
        }

        /// <summary>Makes the timer fire by <paramref name="due"/>; a firing earlier than that re-arms itself.</summary>
        private void ScheduleLocked(long due)
        {
            if (due >= _timerDue)
            {
                return;
            }

            _timerDue = due;
            _timer ??= TimeProvider.System.CreateTimer(s_onTimer, this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(StopwatchDeadline.Remaining(due), Timeout.InfiniteTimeSpan);
        }

        private void OnTimer()
        {
            ILayerThreadDeadline? due = null;
            bool takeOver = false;
            lock (_timerGate)
            {
                _timerDue = long.MaxValue;
                long now = Stopwatch.GetTimestamp();
                long next = long.MaxValue;
                if (_takeOverDue != 0)
                {
                    if (_takeOverDue <= now)
                    {
                        takeOver = true;
                        _takeOverDue = 0;
                    }
                    else
                    {
                        next = _takeOverDue;
                    }
                }

                if (_armed is not null)
                {
                    if (_deadlineDue <= now)
                    {
                        due = _armed;
                        _armed = null;
                    }
                    else if (_deadlineDue < next)
                    {
                        next = _deadlineDue;
                    }
                }

                if (next != long.MaxValue)
                {
                    // A firing for an earlier layer's deadline, or an early one: wait for what is still due.
                    ScheduleLocked(next);
                }
            }

            // Neither runs user code: a take-over only wakes a thread, a deadline only decides and queues.
            if (takeOver)
            {
                TakeOver();
            }

            due?.OnDeadline();
        }

        private void Loop()
        {
            try
            {
                t_current = this;
                do
                {
                    Drain();
                }
                while (WaitForWork());
            }
            finally
            {
                lock (_timerGate)
                {
                    _timer?.Dispose();
                    _timer = null;
                }

                Interlocked.Decrement(ref s_threads);
            }
        }

        // Not inlined: no stack slot of the idle loop may keep the last layer (and through it its run's results) alive.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Drain()
        {
            bool arriving = true;
            while (true)
            {
                Item item;
                long takeOverFrom;
                Worker? wake;
                bool start;
                lock (s_gate)
                {
                    if (arriving)
                    {
                        // This thread is the one that was on its way.
                        s_wakesPending--;
                        arriving = false;
                    }

                    if (s_count == 0)
                    {
                        s_eager = false;
                        _waitingSince = 0;
                        return;
                    }

                    item = Dequeue();
                    if (s_count == 0)
                    {
                        s_eager = false;
                    }

                    takeOverFrom = GuardQueueLocked(out wake, out start);
                }

                t_completing = false;
                GuardQueue(takeOverFrom, wake, start);
                if (item.Context is null)
                {
                    item.Work.Execute();
                }
                else
                {
                    ExecutionContext.Run(item.Context, s_execute, item.Work);
                }

                ClearTakeOver();
            }
        }

        /// <summary>Parks the thread as idle until it is woken (true) or retires (false).</summary>
        private bool WaitForWork()
        {
            _signal.Reset();
            lock (s_gate)
            {
                s_idle.Add(this);
            }

            // ManualResetEventSlim spins a little before it blocks.
            if (_signal.Wait(IdleTimeout))
            {
                return true;
            }

            lock (s_gate)
            {
                if (s_idle.Remove(this))
                {
                    _signal.Dispose();
                    return false;
                }
            }

            // Taken from the idle list just as it timed out: it is being woken.
            _signal.Wait();
            return true;
        }
    }
}
