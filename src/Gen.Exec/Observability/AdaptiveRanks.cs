using System;
using System.Threading;
using Gen.Exec.Graph;

namespace Gen.Exec;

/// <summary>
/// Start ranks under a concurrency limit learnt from a <see cref="LatencyHistory"/>
/// (<see cref="ExecutorOptions.AdaptivePriority"/>): <see cref="LayerAttribute.Priority"/> first, then the
/// longest remaining path measured in typical durations, then declaration order. One per executor; the rank
/// array is recomputed only when the history's figures refresh, and swapped whole, so a run reads one
/// consistent array without a lock.
/// </summary>
internal sealed class AdaptiveRanks(ExecutionPlan plan)
{
    private readonly int[] _reverseTopological = ReverseTopological(plan);
    private Learnt? _learnt;

    /// <summary>The ranks to start a run with: the plan's time-out-based ranks until some layer has a typical duration.</summary>
    public int[] Current(LatencyHistory history)
    {
        long generation = history.RefreshAll();
        Learnt? learnt = Volatile.Read(ref _learnt);
        if (learnt is not null && learnt.Generation == generation)
        {
            return learnt.Ranks;
        }

        var fresh = new Learnt(generation, Compute(history));
        Volatile.Write(ref _learnt, fresh);
        return fresh.Ranks;
    }

    /// <summary>
    /// Ranks from typical durations. A layer with no duration yet counts with its declared time-out, as the
    /// compile-time ranks count every layer: it looks long, starts early, and so gets measured.
    /// </summary>
    internal int[] Compute(LatencyHistory history)
    {
        int count = plan.LayerCount;
        var own = new long[count];
        bool anyData = false;
        for (int layer = 0; layer < count; layer++)
        {
            long typical = history.TypicalDuration(layer).Ticks;
            anyData |= typical > 0;
            own[layer] = typical > 0 ? typical : plan.Timeouts[layer].Ticks;
        }

        if (!anyData)
        {
            return plan.SchedulingRanks;
        }

        // Remaining path: own typical duration plus the longest remaining path of a dependent.
        var remaining = new long[count];
        foreach (int layer in _reverseTopological)
        {
            long longest = 0;
            foreach (int dependent in plan.Dependents[layer])
            {
                longest = Math.Max(longest, remaining[dependent]);
            }

            remaining[layer] = own[layer] + longest;
        }

        return SchedulingOrder.Ranks(plan.Priorities, remaining);
    }

    private static int[] ReverseTopological(ExecutionPlan plan)
    {
        int[] ranks = plan.TopologicalRanks;
        var order = new int[ranks.Length];
        for (int layer = 0; layer < ranks.Length; layer++)
        {
            order[ranks.Length - 1 - ranks[layer]] = layer;
        }

        return order;
    }

    private sealed class Learnt(long generation, int[] ranks)
    {
        public long Generation { get; } = generation;

        public int[] Ranks { get; } = ranks;
    }
}
