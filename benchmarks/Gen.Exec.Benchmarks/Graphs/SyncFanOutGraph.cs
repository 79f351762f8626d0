using System.Threading;

namespace Gen.Exec.Benchmarks.Graphs;

/// <summary>
/// The fan-out of <see cref="FanOutGraph"/> with synchronous layers (<c>int</c>, not <c>ValueTask&lt;int&gt;</c>):
/// every layer runs off the calling thread, so this measures what a synchronous layer costs.
/// </summary>
[Timeout(1000)]
public sealed partial class SyncFanOutGraph
{
    [Layer] public int A(int input, CancellationToken ct) => input + 1;

    [Layer] public int B(int input, CancellationToken ct) => input + 2;

    [Layer] public int C(int input, CancellationToken ct) => input + 3;

    [Layer] public int D(int input, CancellationToken ct) => input + 4;

    [Layer] public int E(int input, CancellationToken ct) => input + 5;

    [Layer, DependsOn(nameof(A), nameof(B), nameof(C), nameof(D), nameof(E))]
    public int Merge(int a, int b, int c, int d, int e) => a + b + c + d + e;
}
