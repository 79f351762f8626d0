using System.Threading;
using System.Threading.Tasks;
using Gen.Exec.Benchmarks.Graphs;

namespace Gen.Exec.Benchmarks.Baselines;

/// <summary>Reference only: Task.WhenAll with no time-outs, no isolation, no timings.</summary>
public sealed class BareWhenAll(FanOutGraph graph)
{
    public async Task<int> RunAsync(int input, CancellationToken cancellationToken = default)
    {
        Task<int> a = graph.A(input, cancellationToken).AsTask();
        Task<int> b = graph.B(input, cancellationToken).AsTask();
        Task<int> c = graph.C(input, cancellationToken).AsTask();
        Task<int> d = graph.D(input, cancellationToken).AsTask();
        Task<int> e = graph.E(input, cancellationToken).AsTask();
        await Task.WhenAll(a, b, c, d, e).ConfigureAwait(false);
        return await graph.Merge(a.Result, b.Result, c.Result, d.Result, e.Result, cancellationToken).ConfigureAwait(false);
    }
}
