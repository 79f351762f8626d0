using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace Gen.Exec;

/// <summary>Work that runs on a layer thread: a synchronous layer method and the completion after it. Must not throw.</summary>
internal interface ILayerThreadWork
{
    void Execute();

    /// <summary>No layer thread could be started to run it: it ends with <paramref name="exception"/> (from the thread pool, never here).</summary>
    void Reject(Exception exception);
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
/// continuations and other layers need; and never the caller's thread.
/// </summary>
/// <remarks>
/// Ready layers wait in one queue. Waking a sleeping thread costs microseconds, far more than a layer that only
/// computes, so for a burst of <em>quick</em> layers (the executor's latency history shows them typically
/// returning within <see cref="QuickLayer"/>) one thread is woken and runs them one after the other, and a
/// thread that finishes a layer runs the layers its completion made ready (a merge, the next link of a chain)
/// itself. A layer that is not known to be quick (no history yet, or typically slower: it may block or compute
/// for long) never waits for a thread: one is woken for it at once unless enough are on their way, so blocking
/// layers start side by side as they always did. So that no layer waits behind a busy one for long (a quick
/// layer that blocks this time), a thread about to run a layer while
/// others wait in the queue arms its own timer for <see cref="TakeOverDelay"/>: if that layer is still running
/// then, a second thread is woken to take over the queue, and from then on every thread that leaves layers
/// waiting wakes the next at once, until the queue is empty (blocking layers tend to come together). Layers
/// that compute for a while without blocking get more than one core too: a thread that has run layers for
/// <see cref="SpreadAfter"/> while others waited wakes a second thread to share them. An idle thread spins
/// briefly (layers often come in bursts), then sleeps, and exits after <see cref="IdleTimeout"/>. The threads
/// themselves are in LayerThreads.Worker.cs.
/// </remarks>
internal static partial class LayerThreads
{
    /// <summary>How long an idle thread waits for work before it exits.</summary>
    internal static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long layers may wait in the queue behind a thread busy with one layer before another thread takes them
    /// over (a system timer: about a millisecond, later on a busy machine).
    /// </summary>
    internal static readonly TimeSpan TakeOverDelay = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// How long layers may wait in the queue while one thread runs others, each returning quickly, before a
    /// second thread is woken to share them: so that layers that compute use more than one core, while a burst
    /// of layers that take microseconds still costs one wake-up.
    /// </summary>
    internal static readonly TimeSpan SpreadAfter = TimeSpan.FromMilliseconds(0.2);

    /// <summary>
    /// A layer whose typical duration (from being made ready to its end, so its wait for a thread included) is
    /// below this is queued for a thread that may be busy with others: running it after them costs about what
    /// waking a thread of its own would, and <see cref="SpreadAfter"/> bounds how long a burst of them runs on one.
    /// </summary>
    internal static readonly TimeSpan QuickLayer = TimeSpan.FromMilliseconds(0.1);

    // How long an idle thread spins (SpinWait iterations, yielding after the first few) before it blocks: layers
    // come in bursts, and waking a blocked thread costs tens of microseconds on a busy machine.
    private const int SpinCount = 200;

    private static readonly long s_takeOverTicks = StopwatchDeadline.Ticks(TakeOverDelay);

    private static readonly long s_spreadTicks = StopwatchDeadline.Ticks(SpreadAfter);

    private static readonly ContextCallback s_execute = static state => ((ILayerThreadWork)state!).Execute();

    // Guards the queue, the idle list and the two flags below.
    private static readonly object s_gate = new();

    // Idle threads, the most recently idle last: it is woken next, so that surplus threads age out.
    private static readonly List<Worker> s_idle = new();

    // The queue of ready layers no thread has taken yet: a ring buffer.
    private static Item[] s_items = new Item[16];
    private static int s_head;
    private static int s_count;

    // Threads woken (or started) for the queue that have not arrived yet: each will take what is queued.
    private static int s_wakesPending;

    // A queued layer waited past TakeOverDelay: until the queue is empty, a thread that leaves layers waiting
    // wakes another at once instead of arming its timer.
    private static bool s_eager;

    private static int s_threads;

    // The layer thread running on this thread, if any.
    [ThreadStatic]
    private static Worker? t_current;

    // Whether this layer thread is completing its layer (the layer method returned) and has run no user code since.
    [ThreadStatic]
    private static bool t_completing;

    private static long s_takeOvers;

    /// <summary>Threads alive now, busy or idle (for tests and diagnostics).</summary>
    internal static int Count => Volatile.Read(ref s_threads);

    /// <summary>How many times layers waiting behind a busy thread were taken over by another (for tests and diagnostics).</summary>
    internal static long TakeOvers => Interlocked.Read(ref s_takeOvers);

    /// <summary>
    /// Runs <paramref name="work"/> on a layer thread: queues it, and wakes (or starts) a thread for it unless one
    /// will take it soon enough: for a <paramref name="quick"/> layer, any thread on its way or this one finishing
    /// its layer; for any other layer, as many threads on their way as there are layers queued.
    /// </summary>
    public static void Run(ILayerThreadWork work, bool quick)
    {
        // The layer sees the starter's ExecutionContext (AsyncLocal values, Activity.Current), as with Task.Run.
        ExecutionContext? context = ExecutionContext.Capture();

        // Made ready by the layer this layer thread is completing: this thread, about to be free, takes it from
        // the queue next (and arms its timer or wakes another thread before it runs any user code, GuardQueue).
        // Only while no user code runs on this thread: a layer method that waits for a nested run must not have
        // that run's synchronous layers wait for itself.
        bool completing = t_completing && t_current is not null;
        Worker? wake = null;
        bool start = false;
        lock (s_gate)
        {
            Enqueue(new Item(work, context));
            int takers = s_wakesPending + (completing ? 1 : 0);
            if (quick ? takers == 0 : takers < s_count)
            {
                wake = WakeLocked(out start);
            }
        }

        WakeOrStart(wake, start);
    }

    /// <summary>
    /// On a layer thread: watches the deadline of the attempt about to run here with this thread's own system-clock
    /// timer, shared with the take-over, rather than a timer created and disposed per layer. Only for runs on
    /// <see cref="TimeProvider.System"/>.
    /// </summary>
    /// <param name="attempt">The attempt whose <see cref="ILayerThreadDeadline.OnDeadline"/> runs when it is due.</param>
    /// <param name="dueTimestamp">When it is due, as a <see cref="Stopwatch"/> timestamp.</param>
    /// <returns>False, arming nothing, when the deadline has already passed.</returns>
    public static bool ArmDeadline(ILayerThreadDeadline attempt, long dueTimestamp)
        => (t_current ?? throw new InvalidOperationException("Not on a layer thread.")).ArmDeadline(attempt, dueTimestamp);

    /// <summary>On a layer thread: the attempt armed with <see cref="ArmDeadline"/> no longer needs its deadline watched.</summary>
    public static void DisarmDeadline() => t_current?.DisarmDeadline();

    /// <summary>On a layer thread, the synchronous layer method returned: what follows is the engine completing it.</summary>
    public static void LayerMethodReturned() => t_completing = t_current is not null;

    /// <summary>User code (an asynchronous layer method) is about to run on this thread.</summary>
    public static void UserCodeStarting()
    {
        if (t_completing)
        {
            // Layers this completion queued for this thread must not wait for that code.
            t_completing = false;
            t_current!.GuardQueue();
        }
    }

    private static void Enqueue(in Item item)
    {
        if (s_count == s_items.Length)
        {
            var grown = new Item[s_items.Length * 2];
            for (int i = 0; i < s_count; i++)
            {
                grown[i] = s_items[(s_head + i) % s_items.Length];
            }

            s_items = grown;
            s_head = 0;
        }

        s_items[(s_head + s_count) % s_items.Length] = item;
        Volatile.Write(ref s_count, s_count + 1);
    }

    private static Item Dequeue()
    {
        Item item = s_items[s_head];
        s_items[s_head] = default;
        s_head = (s_head + 1) % s_items.Length;
        Volatile.Write(ref s_count, s_count - 1);
        return item;
    }

    /// <summary>Under the gate: counts a thread as on its way and picks an idle one (null: a new one must be started).</summary>
    private static Worker? WakeLocked(out bool start)
    {
        s_wakesPending++;
        if (s_idle.Count == 0)
        {
            start = true;
            return null;
        }

        Worker worker = s_idle[^1];
        s_idle.RemoveAt(s_idle.Count - 1);
        start = false;
        return worker;
    }

    private static void WakeOrStart(Worker? worker, bool start)
    {
        if (worker is not null)
        {
            worker.Wake();
        }
        else if (start)
        {
            StartThread();
        }
    }

    private static void StartThread()
    {
        try
        {
            Worker.Start();
        }
        catch (Exception exception)
        {
            // No thread could be started: the layers waiting for one fail with the exception rather than wait forever.
            var rejected = new List<Item>();
            lock (s_gate)
            {
                s_wakesPending--;
                while (s_count > 0)
                {
                    rejected.Add(Dequeue());
                }
            }

            foreach (Item item in rejected)
            {
                item.Work.Reject(exception);
            }
        }
    }

    /// <summary>A thread's take-over timer fired while its layer still ran: another thread takes the queue.</summary>
    private static void TakeOver()
    {
        Worker? wake;
        bool start;
        lock (s_gate)
        {
            if (s_count == 0 || s_wakesPending > 0)
            {
                return;
            }

            s_eager = true;
            s_takeOvers++;
            wake = WakeLocked(out start);
        }

        WakeOrStart(wake, start);
    }

    private readonly record struct Item(ILayerThreadWork Work, ExecutionContext? Context);
}
