using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec.Benchmarks.Graphs;

namespace Gen.Exec.Benchmarks.Baselines;

/// <summary>
/// Batch-barrier scheduling written by hand: every layer guarded like the floor's, but a level starts only
/// when the whole previous level (per-batch <c>Task.WhenAll</c>) has finished.
/// </summary>
public static class BarrierSchedulers
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(1000);

    private static readonly Func<(UnevenChainsGraph Graph, int Value), CancellationToken, ValueTask<int>>[,] s_chains =
    {
        { static (s, ct) => new(s.Graph.C0L0(s.Value, ct)), static (s, ct) => new(s.Graph.C0L1(s.Value, ct)), static (s, ct) => new(s.Graph.C0L2(s.Value, ct)), static (s, ct) => new(s.Graph.C0L3(s.Value, ct)), static (s, ct) => new(s.Graph.C0L4(s.Value, ct)) },
        { static (s, ct) => new(s.Graph.C1L0(s.Value, ct)), static (s, ct) => new(s.Graph.C1L1(s.Value, ct)), static (s, ct) => new(s.Graph.C1L2(s.Value, ct)), static (s, ct) => new(s.Graph.C1L3(s.Value, ct)), static (s, ct) => new(s.Graph.C1L4(s.Value, ct)) },
        { static (s, ct) => new(s.Graph.C2L0(s.Value, ct)), static (s, ct) => new(s.Graph.C2L1(s.Value, ct)), static (s, ct) => new(s.Graph.C2L2(s.Value, ct)), static (s, ct) => new(s.Graph.C2L3(s.Value, ct)), static (s, ct) => new(s.Graph.C2L4(s.Value, ct)) },
        { static (s, ct) => new(s.Graph.C3L0(s.Value, ct)), static (s, ct) => new(s.Graph.C3L1(s.Value, ct)), static (s, ct) => new(s.Graph.C3L2(s.Value, ct)), static (s, ct) => new(s.Graph.C3L3(s.Value, ct)), static (s, ct) => new(s.Graph.C3L4(s.Value, ct)) },
        { static (s, ct) => new(s.Graph.C4L0(s.Value, ct)), static (s, ct) => new(s.Graph.C4L1(s.Value, ct)), static (s, ct) => new(s.Graph.C4L2(s.Value, ct)), static (s, ct) => new(s.Graph.C4L3(s.Value, ct)), static (s, ct) => new(s.Graph.C4L4(s.Value, ct)) },
    };

    /// <summary>Five chains of five levels, one level at a time.</summary>
    public static async Task<int> RunChainsAsync(UnevenChainsGraph graph, int seed, CancellationToken cancellationToken = default)
    {
        long started = Stopwatch.GetTimestamp();
        var values = new int[] { seed, seed, seed, seed, seed };
        var level = new Task<LayerResult<int>>[5];
        for (int depth = 0; depth < 5; depth++)
        {
            for (int chain = 0; chain < 5; chain++)
            {
                level[chain] = Guard.RunAsync($"C{chain}L{depth}", s_chains[chain, depth], (graph, values[chain]), s_timeout, started, cancellationToken).AsTask();
            }

            LayerResult<int>[] finished = await Task.WhenAll(level).ConfigureAwait(false);
            for (int chain = 0; chain < 5; chain++)
            {
                values[chain] = finished[chain].GetValueOrDefault(0);
            }
        }

        return values[0] + values[1] + values[2] + values[3] + values[4];
    }

    /// <summary>The memory scenario: the five stores, a barrier, then the merge.</summary>
    public static async Task<int> RunMemoryAsync(MemoryGraph graph, string query, CancellationToken cancellationToken = default)
    {
        long started = Stopwatch.GetTimestamp();
        (MemoryGraph, string) state = (graph, query);
        Task<LayerResult<int>>[] stores =
        {
            Guard.RunAsync("Episodic", static (s, ct) => new ValueTask<int>(s.Item1.Episodic(s.Item2, ct)), state, s_timeout, started, cancellationToken).AsTask(),
            Guard.RunAsync("Semantic", static (s, ct) => new ValueTask<int>(s.Item1.Semantic(s.Item2, ct)), state, s_timeout, started, cancellationToken).AsTask(),
            Guard.RunAsync("Procedural", static (s, ct) => new ValueTask<int>(s.Item1.Procedural(s.Item2, ct)), state, s_timeout, started, cancellationToken).AsTask(),
            Guard.RunAsync("Prospective", static (s, ct) => new ValueTask<int>(s.Item1.Prospective(s.Item2, ct)), state, s_timeout, started, cancellationToken).AsTask(),
            Guard.RunAsync("Graph", static (s, ct) => new ValueTask<int>(s.Item1.Graph(s.Item2, ct)), state, s_timeout, started, cancellationToken).AsTask(),
        };
        LayerResult<int>[] r = await Task.WhenAll(stores).ConfigureAwait(false);
        LayerResult<int> merged = await Guard.RunAsync(
            "Merge",
            static (s, ct) => s.Graph.Merge(s.R[0], s.R[1], s.R[2], s.R[3], s.R[4]),
            (Graph: graph, R: r),
            s_timeout,
            started,
            cancellationToken).ConfigureAwait(false);
        return merged.GetValueOrDefault(0);
    }
}

/// <summary>
/// First-come-first-served under a concurrency limit: each layer waits for its dependencies, then queues on a
/// FIFO semaphore in the order it became ready (declaration order for the roots).
/// </summary>
public static class FirstComeFirstServed
{
    public static async Task RunPriorityGraphAsync(PriorityGraph graph, int maxConcurrency, CancellationToken cancellationToken = default)
    {
        using var slots = new SemaphoreSlim(maxConcurrency, maxConcurrency);
        Task i1 = Slot(slots, () => graph.I1(cancellationToken), Task.CompletedTask, cancellationToken);
        Task i2 = Slot(slots, () => graph.I2(cancellationToken), Task.CompletedTask, cancellationToken);
        Task i3 = Slot(slots, () => graph.I3(cancellationToken), Task.CompletedTask, cancellationToken);
        Task i4 = Slot(slots, () => graph.I4(cancellationToken), Task.CompletedTask, cancellationToken);
        Task i5 = Slot(slots, () => graph.I5(cancellationToken), Task.CompletedTask, cancellationToken);
        Task i6 = Slot(slots, () => graph.I6(cancellationToken), Task.CompletedTask, cancellationToken);
        Task p1 = Slot(slots, () => graph.P1(cancellationToken), Task.CompletedTask, cancellationToken);
        Task p2 = Slot(slots, () => graph.P2(cancellationToken), p1, cancellationToken);
        Task p3 = Slot(slots, () => graph.P3(cancellationToken), p2, cancellationToken);
        Task p4 = Slot(slots, () => graph.P4(cancellationToken), p3, cancellationToken);
        await Task.WhenAll(i1, i2, i3, i4, i5, i6, p1, p2, p3, p4).ConfigureAwait(false);
    }

    private static async Task Slot(SemaphoreSlim slots, Func<Task> layer, Task dependency, CancellationToken cancellationToken)
    {
        await dependency.ConfigureAwait(false);
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await layer().ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }
}
