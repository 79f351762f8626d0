using System.Threading;
using System.Threading.Tasks;
using Gen.Exec.Benchmarks.Graphs;

namespace Gen.Exec.Benchmarks.Baselines;

/// <summary>
/// The raw floor of issue 15 on <see cref="TaskFanOutGraph"/>: plain <c>Task.WhenAll</c> of the five layers, then
/// the merge called inline. No time-outs, no isolation, no timings: what the guarantees cost is the distance
/// from here.
/// </summary>
public sealed class RawTaskFanOut(TaskFanOutGraph graph)
{
    public async Task<int> RunAsync(int input, CancellationToken cancellationToken = default)
    {
        Task<int> a = graph.A(input, cancellationToken);
        Task<int> b = graph.B(input, cancellationToken);
        Task<int> c = graph.C(input, cancellationToken);
        Task<int> d = graph.D(input, cancellationToken);
        Task<int> e = graph.E(input, cancellationToken);
        await Task.WhenAll(a, b, c, d, e).ConfigureAwait(false);
        return graph.Merge(a.Result, b.Result, c.Result, d.Result, e.Result);
    }
}

/// <summary>
/// The raw floor on <see cref="SyncFanOutGraph"/>: the five synchronous layers in parallel with <c>Task.Run</c>
/// (running them concurrently is what the graph promises) and <c>Task.WhenAll</c>, the merge inline. No
/// guarantees at all.
/// </summary>
public sealed class RawSyncFanOut(SyncFanOutGraph graph)
{
    public async Task<int> RunAsync(int input, CancellationToken cancellationToken = default)
    {
        Task<int> a = Task.Run(() => graph.A(input, cancellationToken), cancellationToken);
        Task<int> b = Task.Run(() => graph.B(input, cancellationToken), cancellationToken);
        Task<int> c = Task.Run(() => graph.C(input, cancellationToken), cancellationToken);
        Task<int> d = Task.Run(() => graph.D(input, cancellationToken), cancellationToken);
        Task<int> e = Task.Run(() => graph.E(input, cancellationToken), cancellationToken);
        await Task.WhenAll(a, b, c, d, e).ConfigureAwait(false);
        return graph.Merge(a.Result, b.Result, c.Result, d.Result, e.Result);
    }
}
