using System;

namespace Gen.Exec.Graph;

/// <summary>
/// The order in which waiting layers start under a concurrency limit: higher <c>Priority</c> first, then the
/// longer remaining path, then declaration order. Compiled into the generator (ranks from declared time-outs,
/// at build time) and into the runtime (ranks from observed durations, <c>ExecutorOptions.AdaptivePriority</c>),
/// so that both rank by one rule.
/// </summary>
internal static class SchedulingOrder
{
    /// <summary>Each layer's rank (0 starts first) from its priority and its remaining path.</summary>
    /// <param name="priorities">The layers' declared priorities, by layer index.</param>
    /// <param name="remaining">The layers' remaining paths (own cost plus the longest remaining path of a dependent), by layer index.</param>
    public static int[] Ranks(int[] priorities, long[] remaining)
    {
        int count = remaining.Length;
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
        {
            int byPriority = priorities[b].CompareTo(priorities[a]);
            if (byPriority != 0) return byPriority;
            int byPath = remaining[b].CompareTo(remaining[a]);
            return byPath != 0 ? byPath : a.CompareTo(b);
        });

        var ranks = new int[count];
        for (int rank = 0; rank < count; rank++)
        {
            ranks[order[rank]] = rank;
        }

        return ranks;
    }
}
