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

    private static readonly ContextCallback s_execute = static state => ((ILayerThreadWork)state!).Execute();

    // Idle threads, the most recently idle last: it is handed the next layer, so that surplus threads age out.
    private static readonly List<Worker> s_idle = new();

    private static int s_threads;

    /// <summary>Threads alive now, busy or idle (for tests and diagnostics).</summary>
    internal static int Count => Volatile.Read(ref s_threads);

    /// <summary>Runs <paramref name="work"/> on an idle layer thread, or on a new one if none is idle.</summary>
    public static void Run(ILayerThreadWork work)
    {
        // The layer sees the starter's ExecutionContext (AsyncLocal values, Activity.Current), as with Task.Run.
        ExecutionContext? context = ExecutionContext.Capture();
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

    private sealed class Worker
    {
        private readonly ManualResetEventSlim _signal = new(initialState: false);
        private ILayerThreadWork? _work;
        private ExecutionContext? _context;

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

        private void Loop()
        {
            try
            {
                do
                {
                    ExecuteHandedWork();
                }
                while (WaitForWork());
            }
            finally
            {
                Interlocked.Decrement(ref s_threads);
            }
        }

        // Not inlined: no stack slot of the idle loop may keep the last layer (and through it its run's results) alive.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void ExecuteHandedWork()
        {
            ILayerThreadWork work = _work!;
            ExecutionContext? context = _context;
            _work = null;
            _context = null;
            if (context is null)
            {
                work.Execute();
            }
            else
            {
                ExecutionContext.Run(context, s_execute, work);
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
