using System;
using System.Threading;

namespace Gen.Exec;

/// <summary>
/// How many synchronous layers may run on the .NET thread pool at once. A handoff to a pool thread that is
/// already awake (the one finishing the last input of a merge, say) costs a fraction of waking a layer thread,
/// so a few synchronous layers go there; the rest run on Gen.Exec's own layer threads (<see cref="LayerThreads"/>).
/// Slots are taken when a layer is queued and given back when its method returns, so however many layers block,
/// they hold at most <see cref="Limit"/> pool threads, and the pool's other threads stay free for the timers and
/// continuations that deadlines need (issue 10, defect 10: a pool full of blocked layers could not fire a
/// time-out). A layer abandoned at its deadline that keeps blocking keeps its slot until it returns.
/// </summary>
internal static class PooledLayers
{
    /// <summary>Half the processors, at least one: the pool keeps at least as many threads as processors.</summary>
    internal static readonly int Limit = Math.Max(1, Environment.ProcessorCount / 2);

    private static int s_taken;

    /// <summary>Slots taken now (for tests and diagnostics).</summary>
    internal static int Taken => Volatile.Read(ref s_taken);

    /// <summary>Takes a slot for a synchronous layer about to be queued to the pool; false when all are taken.</summary>
    public static bool TryTake()
    {
        int taken = Volatile.Read(ref s_taken);
        while (taken < Limit)
        {
            int seen = Interlocked.CompareExchange(ref s_taken, taken + 1, taken);
            if (seen == taken)
            {
                return true;
            }

            taken = seen;
        }

        return false;
    }

    /// <summary>Gives a slot back: the layer's method returned, or it will never start.</summary>
    public static void Give() => Interlocked.Decrement(ref s_taken);
}
