using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Benchmarks.Graphs;

/// <summary>
/// The shape of issue 15's floors: five yield-once <c>Task&lt;int&gt;</c> layers and a synchronous merge. The
/// generated executor, the idiomatic floor, the guarded floor and the raw floor all call these same methods.
/// </summary>
[Timeout(1000)]
public sealed partial class TaskFanOutGraph
{
    [Layer] public Task<int> A(int input, CancellationToken ct) => YieldThenReturn(input + 1);

    [Layer] public Task<int> B(int input, CancellationToken ct) => YieldThenReturn(input + 2);

    [Layer] public Task<int> C(int input, CancellationToken ct) => YieldThenReturn(input + 3);

    [Layer] public Task<int> D(int input, CancellationToken ct) => YieldThenReturn(input + 4);

    [Layer] public Task<int> E(int input, CancellationToken ct) => YieldThenReturn(input + 5);

    [Layer, DependsOn(nameof(A), nameof(B), nameof(C), nameof(D), nameof(E))]
    public int Merge(int a, int b, int c, int d, int e) => a + b + c + d + e;

    private static async Task<int> YieldThenReturn(int value)
    {
        await Task.Yield();
        return value;
    }
}
