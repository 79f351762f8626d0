using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Gen.Exec;

/// <summary>Work that runs on a layer thread: a synchronous layer method and the completion after it. Must not throw.</summary>
internal interface ILayerThreadWork
{
    void Execute();
}

/// <summary>An attempt whose deadline a layer thread's own timer watches (see <see cref="LayerThreads.ArmDeadline"/>).</summary>
internal interface ILayerThreadDeadline
{
    /// <summary>The deadline passed. Never runs user code; must not throw.</summary>
    void OnDeadline();
}

/// <summary>
/// The threads synchronous layers run on: Gen.Exec's own, not the .NET thread pool's, so a layer that blocks
/// (or is abandoned at its deadline and keeps running) holds none of the pool threads that timers,
/// continuations and other layers need. A ready layer goes to an idle thread or to a new one, never into a
/// queue behind a busy one, so synchronous layers never wait for each other. An idle thread spins briefly
/// (layers often come in bursts), then sleeps, and exits after <see cref="IdleTimeout"/> without work.
/// </summary>
internal static class LayerThreads
{
    /// <summary>How long an idle thread waits for work before it exits.</summary>
    internal static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(10);

    // How long an idle thread spins (SpinWait iterations, yielding after the first few) before it blocks: layers
    // come in bursts, and waking a blocked thread costs tens of microseconds on a busy machine.
    private const int SpinCount = 200;

    private static readonly ContextCallback s_execute = static state => ((ILayerThreadWork)state!).Execute();

    // Idle threads, the most recently idle last: it is handed the next layer, so that surplus threads age out.
    private static readonly List<Worker> s_idle = new();

    private static int s_threads;

    // The layer thread running on this thread, if any.
    [ThreadStatic]
    private static Worker? t_current;

    // Whether this layer thread is completing its layer (the layer method returned) and has run no user code since.
    [ThreadStatic]
    private static bool t_completing;

    /// <summary>Threads alive now, busy or idle (for tests and diagnostics).</summary>
    internal static int Count => Volatile.Read(ref s_threads);

    /// <summary>Runs <paramref name="work"/> on an idle layer thread, or on a new one if none is idle.</summary>
    public static void Run(ILayerThreadWork work)
    {
        // The layer sees the starter's ExecutionContext (AsyncLocal values, Activity.Current), as with Task.Run.
        ExecutionContext? context = ExecutionContext.Capture();

        // Made ready by the layer this layer thread is completing (a merge after its last input, the next link of a
        // chain): it runs next on this thread, which is about to be free, rather than wake another one.
        // Only while no user code runs on this thread: a layer method that waits for a nested run must not have that
        // run's synchronous layers queued behind itself.
        if (t_completing && t_current is { } current && current.TryTakeNext(work, context))
        {
            return;
        }

        Worker? worker = null;
        lock (s_idle)
        {
            if (s_idle.Count > 0)
            {
                worker = s_idle[^1];
                s_idle.RemoveAt(s_idle.Count - 1);
            }
        }

        if (worker is not null)
        {
            worker.Hand(work, context);
        }
        else
        {
            Worker.Start(work, context);
        }
    }

    /// <summary>
    /// On a layer thread: watches the deadline of the attempt about to run here with this thread's own system-clock
    /// timer, re-armed for each layer, rather than a timer created and disposed per layer (most of what a
    /// synchronous layer allocated). Only for runs on <see cref="TimeProvider.System"/>.
    /// </summary>
    /// <param name="attempt">The attempt whose <see cref="ILayerThreadDeadline.OnDeadline"/> runs when it is due.</param>
    /// <param name="dueTimestamp">When it is due, as a <see cref="System.Diagnostics.Stopwatch"/> timestamp.</param>
    public static void ArmDeadline(ILayerThreadDeadline attempt, long dueTimestamp)
        => (t_current ?? throw new InvalidOperationException("Not on a layer thread.")).ArmDeadline(attempt, dueTimestamp);

    /// <summary>On a layer thread: the attempt armed with <see cref="ArmDeadline"/> no longer needs its deadline watched.</summary>
    public static void DisarmDeadline() => t_current?.DisarmDeadline();

    /// <summary>On a layer thread, the synchronous layer method returned: what follows is the engine completing it.</summary>
    public static void LayerMethodReturned() => t_completing = t_current is not null;

    /// <summary>User code (a layer method) is about to run on this thread.</summary>
    public static void UserCodeStarting() => t_completing = false;

    private sealed class Worker
    {
        private static readonly TimerCallback s_onDeadline = static state => ((Worker)state!).OnDeadlineTimer();

        private readonly ManualResetEventSlim _signal = new(initialState: false, spinCount: SpinCount);

        // The deadline of the attempt running on this thread: one timer for the thread's whole life.
        private readonly object _deadlineGate = new();
        private ITimer? _deadlineTimer;
        private ILayerThreadDeadline? _armed;
        private long _dueTimestamp;
        private ILayerThreadWork? _work;
        private ExecutionContext? _context;
        private ILayerThreadWork? _next;
        private ExecutionContext? _nextContext;

        public static void Start(ILayerThreadWork work, ExecutionContext? context)
        {
            var worker = new Worker { _work = work, _context = context };
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

        public void Hand(ILayerThreadWork work, ExecutionContext? context)
        {
            _work = work;
            _context = context;
            _signal.Set();
        }

        public void ArmDeadline(ILayerThreadDeadline attempt, long dueTimestamp)
        {
            lock (_deadlineGate)
            {
                _armed = attempt;
                _dueTimestamp = dueTimestamp;
                _deadlineTimer ??= TimeProvider.System.CreateTimer(s_onDeadline, this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _deadlineTimer.Change(StopwatchDeadline.Remaining(dueTimestamp), Timeout.InfiniteTimeSpan);
            }
        }

        public void DisarmDeadline()
        {
            lock (_deadlineGate)
            {
                if (_armed is null)
                {
                    return;
                }

                _armed = null;
                _deadlineTimer!.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }

        private void OnDeadlineTimer()
        {
            ILayerThreadDeadline? due;
            lock (_deadlineGate)
            {
                due = _armed;
                if (due is null)
                {
                    return;
                }

                TimeSpan remaining = StopwatchDeadline.Remaining(_dueTimestamp);
                if (remaining > TimeSpan.Zero)
                {
                    // A firing left over from an earlier layer's arming, or an early one: wait for this layer's deadline.
                    _deadlineTimer!.Change(remaining, Timeout.InfiniteTimeSpan);
                    return;
                }

                _armed = null;
            }

            due.OnDeadline();
        }

        private void Loop()
        {
            try
            {
                t_current = this;
                do
                {
                    ExecuteHandedWork();
                }
                while (WaitForWork());
            }
            finally
            {
                lock (_deadlineGate)
                {
                    _deadlineTimer?.Dispose();
                    _deadlineTimer = null;
                }

                Interlocked.Decrement(ref s_threads);
            }
        }

        /// <summary>Takes <paramref name="work"/> to run after the current one, if no other work is waiting for this thread.</summary>
        public bool TryTakeNext(ILayerThreadWork work, ExecutionContext? context)
        {
            if (_next is not null)
            {
                return false;
            }

            _next = work;
            _nextContext = context;
            return true;
        }

        // Not inlined: no stack slot of the idle loop may keep the last layer (and through it its run's results) alive.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void ExecuteHandedWork()
        {
            ILayerThreadWork? work = _work;
            ExecutionContext? context = _context;
            _work = null;
            _context = null;
            while (work is not null)
            {
                t_completing = false;
                if (context is null)
                {
                    work.Execute();
                }
                else
                {
                    ExecutionContext.Run(context, s_execute, work);
                }

                work = _next;
                context = _nextContext;
                _next = null;
                _nextContext = null;
            }
        }

        /// <summary>Parks the thread as idle until it is handed work (true) or retires (false).</summary>
        private bool WaitForWork()
        {
            _signal.Reset();
            lock (s_idle)
            {
                s_idle.Add(this);
            }

            // ManualResetEventSlim spins a little before it blocks.
            if (_signal.Wait(IdleTimeout))
            {
                return true;
            }

            lock (s_idle)
            {
                if (s_idle.Remove(this))
                {
                    _signal.Dispose();
                    return false;
                }
            }

            // Taken from the idle list just as it timed out: its work is being handed over.
            _signal.Wait();
            return true;
        }
    }
}
