using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec.Benchmarks.Graphs;

namespace Gen.Exec.Benchmarks.Baselines;

/// <summary>
/// The guarded floor (<see cref="Guard"/>, as <see cref="HandWrittenFanOut"/>) on <see cref="TaskFanOutGraph"/>:
/// yield-once layers guarded inline, time-out armed only when a layer does not complete synchronously, the
/// synchronous merge offloaded (<see cref="Guard.RunOffloadedAsync"/>) so that its time-out holds.
/// </summary>
public sealed class GuardedTaskFanOut(TaskFanOutGraph graph)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(1000);

    public async Task<HandWrittenResults> RunAsync(int input, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        long started = Stopwatch.GetTimestamp();
        (TaskFanOutGraph, int) state = (graph, input);
        ValueTask<LayerResult<int>> pendingA = Guard.RunAsync("A", static (s, ct) => new ValueTask<int>(s.Item1.A(s.Item2, ct)), state, s_timeout, started, cancellationToken);
        ValueTask<LayerResult<int>> pendingB = Guard.RunAsync("B", static (s, ct) => new ValueTask<int>(s.Item1.B(s.Item2, ct)), state, s_timeout, started, cancellationToken);
        ValueTask<LayerResult<int>> pendingC = Guard.RunAsync("C", static (s, ct) => new ValueTask<int>(s.Item1.C(s.Item2, ct)), state, s_timeout, started, cancellationToken);
        ValueTask<LayerResult<int>> pendingD = Guard.RunAsync("D", static (s, ct) => new ValueTask<int>(s.Item1.D(s.Item2, ct)), state, s_timeout, started, cancellationToken);
        ValueTask<LayerResult<int>> pendingE = Guard.RunAsync("E", static (s, ct) => new ValueTask<int>(s.Item1.E(s.Item2, ct)), state, s_timeout, started, cancellationToken);
        LayerResult<int> a = await pendingA.ConfigureAwait(false);
        LayerResult<int> b = await pendingB.ConfigureAwait(false);
        LayerResult<int> c = await pendingC.ConfigureAwait(false);
        LayerResult<int> d = await pendingD.ConfigureAwait(false);
        LayerResult<int> e = await pendingE.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        LayerResult<int> merge = a.Succeeded && b.Succeeded && c.Succeeded && d.Succeeded && e.Succeeded
            ? await Guard.RunOffloadedAsync(
                "Merge",
                static (s, ct) => s.graph.Merge(s.a, s.b, s.c, s.d, s.e),
                (graph, a: a.Value, b: b.Value, c: c.Value, d: d.Value, e: e.Value),
                s_timeout,
                started,
                cancellationToken).ConfigureAwait(false)
            : Guard.Skipped<int>("Merge", started);
        cancellationToken.ThrowIfCancellationRequested();

        return new HandWrittenResults(a, b, c, d, e, merge, Stopwatch.GetElapsedTime(started));
    }
}

/// <summary>The guarded floor on <see cref="SyncFanOutGraph"/>: every synchronous layer offloaded and guarded.</summary>
public sealed class GuardedSyncFanOut(SyncFanOutGraph graph)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(1000);

    public async Task<HandWrittenResults> RunAsync(int input, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        long started = Stopwatch.GetTimestamp();
        (SyncFanOutGraph, int) state = (graph, input);
        ValueTask<LayerResult<int>> pendingA = Guard.RunOffloadedAsync("A", static (s, ct) => s.Item1.A(s.Item2, ct), state, s_timeout, started, cancellationToken);
        ValueTask<LayerResult<int>> pendingB = Guard.RunOffloadedAsync("B", static (s, ct) => s.Item1.B(s.Item2, ct), state, s_timeout, started, cancellationToken);
        ValueTask<LayerResult<int>> pendingC = Guard.RunOffloadedAsync("C", static (s, ct) => s.Item1.C(s.Item2, ct), state, s_timeout, started, cancellationToken);
        ValueTask<LayerResult<int>> pendingD = Guard.RunOffloadedAsync("D", static (s, ct) => s.Item1.D(s.Item2, ct), state, s_timeout, started, cancellationToken);
        ValueTask<LayerResult<int>> pendingE = Guard.RunOffloadedAsync("E", static (s, ct) => s.Item1.E(s.Item2, ct), state, s_timeout, started, cancellationToken);
        LayerResult<int> a = await pendingA.ConfigureAwait(false);
        LayerResult<int> b = await pendingB.ConfigureAwait(false);
        LayerResult<int> c = await pendingC.ConfigureAwait(false);
        LayerResult<int> d = await pendingD.ConfigureAwait(false);
        LayerResult<int> e = await pendingE.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        LayerResult<int> merge = a.Succeeded && b.Succeeded && c.Succeeded && d.Succeeded && e.Succeeded
            ? await Guard.RunOffloadedAsync(
                "Merge",
                static (s, ct) => s.graph.Merge(s.a, s.b, s.c, s.d, s.e),
                (graph, a: a.Value, b: b.Value, c: c.Value, d: d.Value, e: e.Value),
                s_timeout,
                started,
                cancellationToken).ConfigureAwait(false)
            : Guard.Skipped<int>("Merge", started);
        cancellationToken.ThrowIfCancellationRequested();

        return new HandWrittenResults(a, b, c, d, e, merge, Stopwatch.GetElapsedTime(started));
    }
}
