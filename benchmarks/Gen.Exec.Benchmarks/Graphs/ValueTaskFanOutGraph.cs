using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Benchmarks.Graphs;

/// <summary>
/// <see cref="SyncFanOutGraph"/> written with completed <c>ValueTask&lt;int&gt;</c> layers: the same six bodies,
/// so that the difference from it is what a synchronous layer costs over a completed asynchronous one.
/// </summary>
[Timeout(1000)]
public sealed partial class ValueTaskFanOutGraph
{
    [Layer] public ValueTask<int> A(int input, CancellationToken ct) => new(input + 1);

    [Layer] public ValueTask<int> B(int input, CancellationToken ct) => new(input + 2);

    [Layer] public ValueTask<int> C(int input, CancellationToken ct) => new(input + 3);

    [Layer] public ValueTask<int> D(int input, CancellationToken ct) => new(input + 4);

    [Layer] public ValueTask<int> E(int input, CancellationToken ct) => new(input + 5);

    [Layer, DependsOn(nameof(A), nameof(B), nameof(C), nameof(D), nameof(E))]
    public ValueTask<int> Merge(int a, int b, int c, int d, int e) => new(a + b + c + d + e);
}
