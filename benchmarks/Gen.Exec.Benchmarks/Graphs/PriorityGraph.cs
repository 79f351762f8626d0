using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Benchmarks.Graphs;

/// <summary>
/// Six independent 10 ms layers declared first, then a chain of four 10 ms layers. With two slots the
/// optimum is 50 ms (start the chain at once); first-come-first-served starts it last: 70 ms.
/// </summary>
[Timeout(1000)]
public sealed partial class PriorityGraph
{
    [Layer] public Task I1(CancellationToken ct) => Task.Delay(10, ct);

    [Layer] public Task I2(CancellationToken ct) => Task.Delay(10, ct);

    [Layer] public Task I3(CancellationToken ct) => Task.Delay(10, ct);

    [Layer] public Task I4(CancellationToken ct) => Task.Delay(10, ct);

    [Layer] public Task I5(CancellationToken ct) => Task.Delay(10, ct);

    [Layer] public Task I6(CancellationToken ct) => Task.Delay(10, ct);

    [Layer] public Task P1(CancellationToken ct) => Task.Delay(10, ct);

    [Layer, DependsOn(nameof(P1))] public Task P2(CancellationToken ct) => Task.Delay(10, ct);

    [Layer, DependsOn(nameof(P2))] public Task P3(CancellationToken ct) => Task.Delay(10, ct);

    [Layer, DependsOn(nameof(P3))] public Task P4(CancellationToken ct) => Task.Delay(10, ct);
}
