using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Benchmarks.Graphs;

/// <summary>The Tier-1 memory scenario: five stores of 80/120/60/50/70 ms, then a merge. Optimum: 120 ms.</summary>
[Timeout(1000)]
public sealed partial class MemoryGraph
{
    [Layer] public Task<int> Episodic(string query, CancellationToken ct) => Store(80, ct);

    [Layer] public Task<int> Semantic(string query, CancellationToken ct) => Store(120, ct);

    [Layer] public Task<int> Procedural(string query, CancellationToken ct) => Store(60, ct);

    [Layer] public Task<int> Prospective(string query, CancellationToken ct) => Store(50, ct);

    [Layer] public Task<int> Graph(string query, CancellationToken ct) => Store(70, ct);

    [Layer, DependsOn(nameof(Episodic), nameof(Semantic), nameof(Procedural), nameof(Prospective), nameof(Graph))]
    public ValueTask<int> Merge(
        LayerResult<int> episodic, LayerResult<int> semantic, LayerResult<int> procedural, LayerResult<int> prospective, LayerResult<int> graph)
        => new(episodic.GetValueOrDefault(0) + semantic.GetValueOrDefault(0) + procedural.GetValueOrDefault(0)
            + prospective.GetValueOrDefault(0) + graph.GetValueOrDefault(0));

    public static async Task<int> Store(int milliseconds, CancellationToken ct)
    {
        await Task.Delay(milliseconds, ct).ConfigureAwait(false);
        return milliseconds;
    }
}
