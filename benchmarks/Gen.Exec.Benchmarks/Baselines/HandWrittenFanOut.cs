using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec.Benchmarks.Graphs;

namespace Gen.Exec.Benchmarks.Baselines;

/// <summary>
/// The floor: the fan-out written by hand for this one graph with the same guarantees as the generated
/// executor (per-layer linked token, time-out with <c>WaitAsync</c>, caller cancellation, error isolation,
/// timings, the merge skipped when a dependency failed) and no scheduling machinery at all.
/// </summary>
public sealed class HandWrittenFanOut(FanOutGraph graph)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(1000);

    public async Task<HandWrittenResults> RunAsync(int input, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        long started = Stopwatch.GetTimestamp();
        (FanOutGraph, int) state = (graph, input);
        ValueTask<LayerResult<int>> pendingA = Guard.RunAsync("A", static (s, ct) => s.Item1.A(s.Item2, ct), state, s_timeout, started, cancellationToken);
        ValueTask<LayerResult<int>> pendingB = Guard.RunAsync("B", static (s, ct) => s.Item1.B(s.Item2, ct), state, s_timeout, started, cancellationToken);
        ValueTask<LayerResult<int>> pendingC = Guard.RunAsync("C", static (s, ct) => s.Item1.C(s.Item2, ct), state, s_timeout, started, cancellationToken);
        ValueTask<LayerResult<int>> pendingD = Guard.RunAsync("D", static (s, ct) => s.Item1.D(s.Item2, ct), state, s_timeout, started, cancellationToken);
        ValueTask<LayerResult<int>> pendingE = Guard.RunAsync("E", static (s, ct) => s.Item1.E(s.Item2, ct), state, s_timeout, started, cancellationToken);
        LayerResult<int> a = await pendingA.ConfigureAwait(false);
        LayerResult<int> b = await pendingB.ConfigureAwait(false);
        LayerResult<int> c = await pendingC.ConfigureAwait(false);
        LayerResult<int> d = await pendingD.ConfigureAwait(false);
        LayerResult<int> e = await pendingE.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        LayerResult<int> merge = a.Succeeded && b.Succeeded && c.Succeeded && d.Succeeded && e.Succeeded
            ? await Guard.RunAsync(
                "Merge",
                static (s, ct) => s.graph.Merge(s.a, s.b, s.c, s.d, s.e, ct),
                (graph, a: a.Value, b: b.Value, c: c.Value, d: d.Value, e: e.Value),
                s_timeout,
                started,
                cancellationToken).ConfigureAwait(false)
            : Guard.Skipped<int>("Merge", started);
        cancellationToken.ThrowIfCancellationRequested();

        return new HandWrittenResults(a, b, c, d, e, merge, Stopwatch.GetElapsedTime(started));
    }
}

/// <summary>What the hand-written fan-out returns: every layer's outcome and the run's time.</summary>
public sealed class HandWrittenResults(
    LayerResult<int> a, LayerResult<int> b, LayerResult<int> c, LayerResult<int> d, LayerResult<int> e, LayerResult<int> merge, TimeSpan elapsed)
{
    public LayerResult<int> A { get; } = a;
    public LayerResult<int> B { get; } = b;
    public LayerResult<int> C { get; } = c;
    public LayerResult<int> D { get; } = d;
    public LayerResult<int> E { get; } = e;
    public LayerResult<int> Merge { get; } = merge;
    public TimeSpan Elapsed { get; } = elapsed;

    public TimeSpan SequentialElapsed => A.Elapsed + B.Elapsed + C.Elapsed + D.Elapsed + E.Elapsed + Merge.Elapsed;
}
