using System;
using System.Linq;
using System.Numerics;

namespace Gen.Exec.Benchmarks.Makespan;

/// <summary>
/// List schedules of a small precedence graph (at most 31 layers) on identical workers, offline. A list
/// schedule never leaves a worker idle while a layer is ready; every one of them is the greedy schedule of some
/// priority order, so the best of them is found by branching on which ready layers start whenever a worker is
/// free (subsets, not orders, at each instant) with a lower bound to prune (critical path and total work).
/// </summary>
public sealed class ListSchedules(int[] durations, int[] dependencyMasks, int workers)
{
    private readonly int _count = durations.Length;
    private readonly int[] _tail = Tails(durations, dependencyMasks);

    /// <summary>The shortest makespan of any list schedule, and its start times.</summary>
    public (int Makespan, int[] Starts) Optimal()
    {
        int[] byTail = RanksByRemainingPath(durations);
        (int best, int[] bestStarts) = Greedy(byTail);
        var starts = new int[_count];
        Search(0, 0, 0, 0, starts, ref best, ref bestStarts);
        return (best, bestStarts);
    }

    /// <summary>The list schedule of a priority order (rank 0 first), ties impossible.</summary>
    public (int Makespan, int[] Starts) Greedy(int[] ranks)
    {
        var starts = new int[_count];
        var ends = new int[_count];
        int started = 0, done = 0, time = 0, all = (1 << _count) - 1;
        while (done != all)
        {
            foreach (int layer in Enumerable.Range(0, _count).OrderBy(l => ranks[l]))
            {
                if (BitOperations.PopCount((uint)(started & ~done)) >= workers)
                {
                    break;
                }

                if ((started & (1 << layer)) == 0 && (dependencyMasks[layer] & ~done) == 0)
                {
                    started |= 1 << layer;
                    starts[layer] = time;
                    ends[layer] = time + durations[layer];
                }
            }

            time = Enumerable.Range(0, _count).Where(l => (started & ~done & (1 << l)) != 0).Min(l => ends[l]);
            for (int layer = 0; layer < _count; layer++)
            {
                if ((started & ~done & (1 << layer)) != 0 && ends[layer] == time)
                {
                    done |= 1 << layer;
                }
            }
        }

        return (time, starts);
    }

    /// <summary>Ranks by longest remaining path over the given weights, then declaration order: the executor's rule.</summary>
    public int[] RanksByRemainingPath(int[] weights)
    {
        int[] tails = Tails(weights, dependencyMasks);
        int[] order = Enumerable.Range(0, _count).OrderByDescending(l => tails[l]).ThenBy(l => l).ToArray();
        var ranks = new int[_count];
        for (int position = 0; position < _count; position++)
        {
            ranks[order[position]] = position;
        }

        return ranks;
    }

    /// <summary>
    /// Checks <see cref="Optimal"/> against brute force on seeded random graphs of seven layers: the best greedy
    /// schedule over all 5,040 priority orders must have the same makespan, and the optimum must be feasible.
    /// Returns the number of graphs checked; throws on a disagreement.
    /// </summary>
    public static int SelfCheck(int graphs = 25)
    {
        var random = new Random(15);
        for (int graph = 0; graph < graphs; graph++)
        {
            const int count = 7;
            int[] durations = Enumerable.Range(0, count).Select(_ => random.Next(1, 20)).ToArray();
            int[] dependencies = Enumerable.Range(0, count)
                .Select(layer => Enumerable.Range(0, layer).Where(_ => random.Next(4) == 0).Aggregate(0, (mask, d) => mask | (1 << d)))
                .ToArray();
            int workers = 2 + graph % 2;
            var schedules = new ListSchedules(durations, dependencies, workers);
            (int optimal, int[] starts) = schedules.Optimal();
            int brute = Permutations(Enumerable.Range(0, count).ToArray()).Min(order =>
            {
                var ranks = new int[count];
                for (int position = 0; position < count; position++)
                {
                    ranks[order[position]] = position;
                }

                return schedules.Greedy(ranks).Makespan;
            });
            if (brute != optimal || !schedules.Feasible(starts, optimal))
            {
                throw new InvalidOperationException($"List-schedule search disagrees with brute force on graph {graph}: {optimal} vs {brute}.");
            }
        }

        return graphs;
    }

    /// <summary>Whether start times respect every dependency and never run more layers than workers at once.</summary>
    public bool Feasible(int[] starts, int makespan)
    {
        for (int layer = 0; layer < _count; layer++)
        {
            for (int dependency = 0; dependency < _count; dependency++)
            {
                if ((dependencyMasks[layer] & (1 << dependency)) != 0 && starts[dependency] + durations[dependency] > starts[layer])
                {
                    return false;
                }
            }

            int end = starts[layer] + durations[layer];
            int overlapping = Enumerable.Range(0, _count).Count(other => starts[other] <= starts[layer] && starts[layer] < starts[other] + durations[other]);
            if (end > makespan || overlapping > workers)
            {
                return false;
            }
        }

        return true;
    }

    private static System.Collections.Generic.IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }

        for (int i = 0; i < items.Length; i++)
        {
            int[] rest = items.Where((_, j) => j != i).ToArray();
            foreach (int[] tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }

    // At instant 'time', layers in 'started' but not 'done' run; 'from' is the lowest layer index that may still
    // start at this instant (subsets in index order, so no set is tried twice).
    private void Search(int time, int started, int done, int from, int[] starts, ref int best, ref int[] bestStarts)
    {
        int all = (1 << _count) - 1;
        if (done == all)
        {
            if (time < best)
            {
                best = time;
                bestStarts = (int[])starts.Clone();
            }

            return;
        }

        if (LowerBound(time, started, done, starts) >= best)
        {
            return;
        }

        int running = started & ~done;
        int ready = 0;
        for (int layer = 0; layer < _count; layer++)
        {
            if ((started & (1 << layer)) == 0 && (dependencyMasks[layer] & ~done) == 0)
            {
                ready |= 1 << layer;
            }
        }

        if (ready != 0 && BitOperations.PopCount((uint)running) < workers)
        {
            // A worker is free and a layer is ready: some ready layer must start now.
            for (int layer = from; layer < _count; layer++)
            {
                if ((ready & (1 << layer)) != 0)
                {
                    starts[layer] = time;
                    Search(time, started | (1 << layer), done, layer + 1, starts, ref best, ref bestStarts);
                }
            }

            return;
        }

        int next = int.MaxValue;
        for (int layer = 0; layer < _count; layer++)
        {
            if ((running & (1 << layer)) != 0)
            {
                next = Math.Min(next, starts[layer] + durations[layer]);
            }
        }

        int finished = done;
        for (int layer = 0; layer < _count; layer++)
        {
            if ((running & (1 << layer)) != 0 && starts[layer] + durations[layer] == next)
            {
                finished |= 1 << layer;
            }
        }

        Search(next, started, finished, 0, starts, ref best, ref bestStarts);
    }

    private int LowerBound(int time, int started, int done, int[] starts)
    {
        int bound = time;
        long work = 0;
        for (int layer = 0; layer < _count; layer++)
        {
            if ((done & (1 << layer)) != 0)
            {
                continue;
            }

            bool running = (started & (1 << layer)) != 0;
            int begin = running ? starts[layer] : time;
            bound = Math.Max(bound, begin + _tail[layer]);
            work += running ? starts[layer] + durations[layer] - time : durations[layer];
        }

        return Math.Max(bound, time + (int)((work + workers - 1) / workers));
    }

    // Longest path from each layer to the end, the layer's own weight included.
    private static int[] Tails(int[] weights, int[] dependencyMasks)
    {
        int count = weights.Length;
        var tails = new int[count];
        for (int pass = 0; pass < count; pass++)
        {
            for (int layer = 0; layer < count; layer++)
            {
                int longest = 0;
                for (int dependent = 0; dependent < count; dependent++)
                {
                    if ((dependencyMasks[dependent] & (1 << layer)) != 0)
                    {
                        longest = Math.Max(longest, tails[dependent]);
                    }
                }

                tails[layer] = weights[layer] + longest;
            }
        }

        return tails;
    }
}
