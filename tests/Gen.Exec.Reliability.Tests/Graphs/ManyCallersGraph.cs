using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Reliability.Tests.Graphs;

/// <summary>A small graph for many concurrent callers: async waits, a short synchronous step, a join.</summary>
[Timeout(60_000)]
public sealed partial class ManyCallersGraph
{
    [Layer]
    public async Task<int> Wait(int id, CancellationToken ct)
    {
        await Task.Delay(20, ct).ConfigureAwait(false);
        return id;
    }

    [Layer]
    public int Compute(int id, CancellationToken ct)
    {
        Thread.SpinWait(200);
        return id * 2;
    }

    [Layer, DependsOn(nameof(Wait), nameof(Compute))]
    public async ValueTask<int> Join(int wait, int compute, CancellationToken ct)
    {
        await Task.Yield();
        return wait + compute;
    }
}
