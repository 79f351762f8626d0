using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Benchmarks.Graphs;

/// <summary>
/// Five independent layers and a merge: the shape Gen.Exec exists for. Every executor in the overhead and
/// throughput benchmarks calls these same methods, so they differ only in how they schedule and guard them.
/// </summary>
[Timeout(1000)]
public sealed partial class FanOutGraph
{
    /// <summary>When set, every layer yields once (<c>await Task.Yield()</c>) instead of completing synchronously.</summary>
    public bool YieldOnce { get; init; }

    [Layer] public ValueTask<int> A(int input, CancellationToken ct) => Work(input + 1);

    [Layer] public ValueTask<int> B(int input, CancellationToken ct) => Work(input + 2);

    [Layer] public ValueTask<int> C(int input, CancellationToken ct) => Work(input + 3);

    [Layer] public ValueTask<int> D(int input, CancellationToken ct) => Work(input + 4);

    [Layer] public ValueTask<int> E(int input, CancellationToken ct) => Work(input + 5);

    [Layer, DependsOn(nameof(A), nameof(B), nameof(C), nameof(D), nameof(E))]
    public ValueTask<int> Merge(int a, int b, int c, int d, int e, CancellationToken ct) => Work(a + b + c + d + e);

    private ValueTask<int> Work(int value) => YieldOnce ? YieldThenReturn(value) : new ValueTask<int>(value);

    private static async ValueTask<int> YieldThenReturn(int value)
    {
        await Task.Yield();
        return value;
    }
}
