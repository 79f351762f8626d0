using System;
using System.Threading;

namespace Gen.Exec;

/// <summary>
/// Where the engine hands its own work to the thread pool or a layer thread. Off by default; with the AppContext
/// switch <see cref="TrackingSwitch"/> set, it also counts each executor's work until it has run
/// (<see cref="ExecutorStats.EngineWorkInFlight"/>), so that a test driving virtual time can tell "the engine is
/// waiting for a timer" from "the engine is still busy" before it moves the clock.
/// </summary>
internal static class EngineWork
{
    /// <summary>The AppContext switch that turns counting on (read once, at first use).</summary>
    internal const string TrackingSwitch = "Gen.Exec.Testing.TrackEngineWork";

    // A static readonly bool: once the JIT has tiered up, the untracked path keeps no branch.
    private static readonly bool s_tracked = AppContext.TryGetSwitch(TrackingSwitch, out bool on) && on;

    /// <summary>Queues <paramref name="work"/> of <paramref name="owner"/>'s executor on the thread pool's global queue.</summary>
    public static void Queue<TState>(ExecutorStats owner, Action<TState> work, TState state)
    {
        if (!s_tracked)
        {
            ThreadPool.UnsafeQueueUserWorkItem(work, state, preferLocal: false);
            return;
        }

        Started(owner);
        ThreadPool.UnsafeQueueUserWorkItem(
            static tracked =>
            {
                try
                {
                    tracked.Work(tracked.State);
                }
                finally
                {
                    Finished(tracked.Owner);
                }
            },
            (Owner: owner, Work: work, State: state),
            preferLocal: false);
    }

    /// <summary>Queues <paramref name="item"/> of <paramref name="owner"/>'s executor on the thread pool's global queue.</summary>
    public static void Queue(ExecutorStats owner, IThreadPoolWorkItem item)
    {
        if (!s_tracked)
        {
            ThreadPool.UnsafeQueueUserWorkItem(item, preferLocal: false);
            return;
        }

        Queue(owner, static item => item.Execute(), item);
    }

    /// <summary>Counts work handed elsewhere (a layer thread); <see cref="Finished"/> when it has run.</summary>
    public static void Started(ExecutorStats owner)
    {
        if (s_tracked)
        {
            Interlocked.Increment(ref owner.EngineWorkInFlight);
        }
    }

    /// <summary>Work counted by <see cref="Started"/> has run.</summary>
    public static void Finished(ExecutorStats owner)
    {
        if (s_tracked)
        {
            Interlocked.Decrement(ref owner.EngineWorkInFlight);
        }
    }
}
