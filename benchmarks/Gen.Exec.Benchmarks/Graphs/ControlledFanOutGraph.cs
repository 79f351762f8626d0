using System;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Benchmarks.Graphs;

/// <summary>
/// <see cref="FanOutGraph"/> with every control feature declared on every layer but never triggering: each
/// layer has a condition that holds, a retry policy (class default) and a fallback, and none fails. Its cost
/// over <see cref="FanOutGraph"/> is what those features cost when unused.
/// </summary>
[Timeout(1000)]
[Retry(2, DelayMilliseconds = 0)]
public sealed partial class ControlledFanOutGraph
{
    /// <summary>When set, every layer yields once (<c>await Task.Yield()</c>) instead of completing synchronously.</summary>
    public bool YieldOnce { get; init; }

    [Layer, When(nameof(Wanted)), Fallback(nameof(Spare))]
    public ValueTask<int> A(int input, CancellationToken ct) => Work(input + 1);

    [Layer, When(nameof(Wanted)), Fallback(nameof(Spare))]
    public ValueTask<int> B(int input, CancellationToken ct) => Work(input + 2);

    [Layer, When(nameof(Wanted)), Fallback(nameof(Spare))]
    public ValueTask<int> C(int input, CancellationToken ct) => Work(input + 3);

    [Layer, When(nameof(Wanted)), Fallback(nameof(Spare))]
    public ValueTask<int> D(int input, CancellationToken ct) => Work(input + 4);

    [Layer, When(nameof(Wanted)), Fallback(nameof(Spare))]
    public ValueTask<int> E(int input, CancellationToken ct) => Work(input + 5);

    [Layer, DependsOn(nameof(A), nameof(B), nameof(C), nameof(D), nameof(E)), When(nameof(Wanted)), Fallback(nameof(Spare))]
    public ValueTask<int> Merge(int a, int b, int c, int d, int e, CancellationToken ct) => Work(a + b + c + d + e);

    private static bool Wanted(int input) => input >= 0;

    private static int Spare(Exception error) => -1;

    private ValueTask<int> Work(int value) => YieldOnce ? YieldThenReturn(value) : new ValueTask<int>(value);

    private static async ValueTask<int> YieldThenReturn(int value)
    {
        await Task.Yield();
        return value;
    }
}
