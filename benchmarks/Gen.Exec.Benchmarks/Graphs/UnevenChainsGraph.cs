using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Benchmarks.Graphs;

/// <summary>
/// Five chains of five levels; chain c has its 100 ms layer on level c, every other layer takes 1 ms.
/// Critical path: 100 + 4 x 1 = 104 ms. A batch barrier waits for a 100 ms layer on every level: ~500 ms.
/// </summary>
[Timeout(1000)]
public sealed partial class UnevenChainsGraph
{
    [Layer] public async Task<int> C0L0(int seed, CancellationToken ct) { await Task.Delay(100, ct).ConfigureAwait(false); return seed; }
    [Layer, DependsOn(nameof(C0L0))] public async Task<int> C0L1(int c0l0, CancellationToken ct) { await Task.Delay(1, ct).ConfigureAwait(false); return c0l0 + 1; }
    [Layer, DependsOn(nameof(C0L1))] public async Task<int> C0L2(int c0l1, CancellationToken ct) { await Task.Delay(1, ct).ConfigureAwait(false); return c0l1 + 1; }
    [Layer, DependsOn(nameof(C0L2))] public async Task<int> C0L3(int c0l2, CancellationToken ct) { await Task.Delay(1, ct).ConfigureAwait(false); return c0l2 + 1; }
    [Layer, DependsOn(nameof(C0L3))] public async Task<int> C0L4(int c0l3, CancellationToken ct) { await Task.Delay(1, ct).ConfigureAwait(false); return c0l3 + 1; }

    [Layer] public async Task<int> C1L0(int seed, CancellationToken ct) { await Task.Delay(1, ct).ConfigureAwait(false); return seed; }
    [Layer, DependsOn(nameof(C1L0))] public async Task<int> C1L1(int c1l0, CancellationToken ct) { await Task.Delay(100, ct).ConfigureAwait(false); return c1l0 + 1; }
    [Layer, DependsOn(nameof(C1L1))] public async Task<int> C1L2(int c1l1, CancellationToken ct) { await Task.Delay(1, ct).ConfigureAwait(false); return c1l1 + 1; }
    [Layer, DependsOn(nameof(C1L2))] public async Task<int> C1L3(int c1l2, CancellationToken ct) { await Task.Delay(1, ct).ConfigureAwait(false); return c1l2 + 1; }
    [Layer, DependsOn(nameof(C1L3))] public async Task<int> C1L4(int c1l3, CancellationToken ct) { await Task.Delay(1, ct).ConfigureAwait(false); return c1l3 + 1; }

    [Layer] public async Task<int> C2L0(int seed, CancellationToken ct) { await Task.Delay(1, ct).ConfigureAwait(false); return seed; }
    [Layer, DependsOn(nameof(C2L0))] public async Task<int> C2L1(int c2l0, CancellationToken ct) { await Task.Delay(1, ct).ConfigureAwait(false); return c2l0 + 1; }
    [Layer, DependsOn(nameof(C2L1))] public async Task<int> C2L2(int c2l1, CancellationToken ct) { await Task.Delay(100, ct).ConfigureAwait(false); return c2l1 + 1; }
    [Layer, DependsOn(nameof(C2L2))] public async Task<int> C2L3(int c2l2, CancellationToken ct) { await Task.Delay(1, ct).ConfigureAwait(false); return c2l2 + 1; }
    [Layer, DependsOn(nameof(C2L3))] public async Task<int> C2L4(int c2l3, CancellationToken ct) { await Task.Delay(1, ct).ConfigureAwait(false); return c2l3 + 1; }

    [Layer] public async Task<int> C3L0(int seed, CancellationToken ct) { await Task.Delay(1, ct).ConfigureAwait(false); return seed; }
    [Layer, DependsOn(nameof(C3L0))] public async Task<int> C3L1(int c3l0, CancellationToken ct) { await Task.Delay(1, ct).ConfigureAwait(false); return c3l0 + 1; }
    [Layer, DependsOn(nameof(C3L1))] public async Task<int> C3L2(int c3l1, CancellationToken ct) { await Task.Delay(1, ct).ConfigureAwait(false); return c3l1 + 1; }
    [Layer, DependsOn(nameof(C3L2))] public async Task<int> C3L3(int c3l2, CancellationToken ct) { await Task.Delay(100, ct).ConfigureAwait(false); return c3l2 + 1; }
    [Layer, DependsOn(nameof(C3L3))] public async Task<int> C3L4(int c3l3, CancellationToken ct) { await Task.Delay(1, ct).ConfigureAwait(false); return c3l3 + 1; }

    [Layer] public async Task<int> C4L0(int seed, CancellationToken ct) { await Task.Delay(1, ct).ConfigureAwait(false); return seed; }
    [Layer, DependsOn(nameof(C4L0))] public async Task<int> C4L1(int c4l0, CancellationToken ct) { await Task.Delay(1, ct).ConfigureAwait(false); return c4l0 + 1; }
    [Layer, DependsOn(nameof(C4L1))] public async Task<int> C4L2(int c4l1, CancellationToken ct) { await Task.Delay(1, ct).ConfigureAwait(false); return c4l1 + 1; }
    [Layer, DependsOn(nameof(C4L2))] public async Task<int> C4L3(int c4l2, CancellationToken ct) { await Task.Delay(1, ct).ConfigureAwait(false); return c4l2 + 1; }
    [Layer, DependsOn(nameof(C4L3))] public async Task<int> C4L4(int c4l3, CancellationToken ct) { await Task.Delay(100, ct).ConfigureAwait(false); return c4l3 + 1; }

}
