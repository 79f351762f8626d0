using System;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec;

namespace Gen.Exec.Samples.Recall;

/// <summary>Five memory stores queried in parallel, then merged: the latency of the slowest, not the sum.</summary>
[Timeout(1000)]
public sealed partial class Tier1Recall(IMemoryStore store)
{
    [Layer, Timeout(200)]
    public Task<string[]> Episodic(string query, CancellationToken ct) => store.QueryAsync("episodic", query, 80, ct);

    [Layer, Timeout(250)]
    public Task<string[]> Semantic(string query, CancellationToken ct) => store.QueryAsync("semantic", query, 120, ct);

    [Layer, Timeout(150)]
    public Task<string[]> Procedural(string query, CancellationToken ct) => store.QueryAsync("procedural", query, 60, ct);

    [Layer, Timeout(150)]
    public Task<string[]> Prospective(string query, CancellationToken ct) => store.QueryAsync("prospective", query, 50, ct);

    [Layer, Timeout(150)]
    public Task<string[]> Graph(string query, CancellationToken ct) => store.QueryAsync("graph", query, 70, ct);

    [Layer, DependsOn(nameof(Episodic), nameof(Semantic), nameof(Procedural), nameof(Prospective), nameof(Graph))]
    public Task<Recall> Merge(
        LayerResult<string[]> episodic,
        LayerResult<string[]> semantic,
        LayerResult<string[]> procedural,
        LayerResult<string[]> prospective,
        LayerResult<string[]> graph,
        CancellationToken ct)
    {
        var memories = new System.Collections.Generic.List<string>();
        foreach (LayerResult<string[]> layer in new[] { episodic, semantic, procedural, prospective, graph })
        {
            memories.AddRange(layer.GetValueOrDefault(Array.Empty<string>()));
        }

        return Task.FromResult(new Recall(memories.ToArray()));
    }
}

/// <summary>The merged recall.</summary>
public sealed record Recall(string[] Memories);

/// <summary>A memory store; the sample simulates one with delays.</summary>
public interface IMemoryStore
{
    Task<string[]> QueryAsync(string kind, string query, int latencyMilliseconds, CancellationToken cancellationToken);
}

/// <summary>Simulates a store with a delay that honours cancellation.</summary>
public sealed class SimulatedStore : IMemoryStore
{
    public async Task<string[]> QueryAsync(string kind, string query, int latencyMilliseconds, CancellationToken cancellationToken)
    {
        await Task.Delay(latencyMilliseconds, cancellationToken).ConfigureAwait(false);
        return new[] { $"{kind} memory about '{query}'" };
    }
}
