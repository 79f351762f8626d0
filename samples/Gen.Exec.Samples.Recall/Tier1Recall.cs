using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec;

namespace Gen.Exec.Samples.Recall;

/// <summary>
/// Tier-1 recall: five memory stores are asked in parallel, then one merge reads their typed results.
/// Run one after another the stores take the sum of their latencies (380 ms); as a graph, the slowest (120 ms).
/// </summary>
/// <remarks>
/// The budget is checked at build time: the worst-case latency (the largest sum of time-outs along a
/// dependency path, here Semantic then Merge: 250 + 50 ms) must stay within it, or the build fails (GEX004).
/// </remarks>
[Timeout(1000), LatencyBudget(400)]
public sealed partial class Tier1Recall(IMemoryStore store)
{
    [Layer, Timeout(200)]
    public Task<Episode[]> Episodic(string query, int k, CancellationToken ct) => store.EpisodesAsync(query, k, ct);

    [Layer, Timeout(250)]
    public Task<Fact[]> Semantic(string query, int k, CancellationToken ct) => store.FactsAsync(query, k, ct);

    [Layer, Timeout(150)]
    public Task<Procedure[]> Procedural(string query, CancellationToken ct) => store.ProceduresAsync(query, ct);

    [Layer, Timeout(150)]
    public Task<Intention[]> Prospective(string query, CancellationToken ct) => store.IntentionsAsync(query, ct);

    [Layer, Timeout(150)]
    public Task<Relation[]> Graph(string query, int k, CancellationToken ct) => store.RelationsAsync(query, k, ct);

    /// <summary>
    /// Takes every store as <see cref="LayerResult{T}"/>, so it runs even when a store failed or timed out
    /// and answers with what it has: a degraded answer beats no answer.
    /// </summary>
    [Layer, Timeout(50), DependsOn(nameof(Episodic), nameof(Semantic), nameof(Procedural), nameof(Prospective), nameof(Graph))]
    public RecallAnswer Merge(
        string query,
        LayerResult<Episode[]> episodic,
        LayerResult<Fact[]> semantic,
        LayerResult<Procedure[]> procedural,
        LayerResult<Intention[]> prospective,
        LayerResult<Relation[]> graph,
        CancellationToken ct)
    {
        var memories = new List<string>();
        var missing = new List<string>();

        Add(episodic, episode => $"episode   {episode.At:HH:mm} {episode.Summary}");
        Add(semantic, fact => $"fact      {fact.Statement} ({fact.Confidence:0%})");
        Add(procedural, procedure => $"procedure {procedure.Name}: {string.Join(" -> ", procedure.Steps)}");
        Add(prospective, intention => $"intention {intention.Reminder} (due {intention.Due:ddd HH:mm})");
        Add(graph, relation => $"relation  {relation.From} --{relation.Kind}--> {relation.To}");

        return new RecallAnswer(query, memories, missing);

        void Add<T>(LayerResult<T[]> layer, System.Func<T, string> describe)
        {
            if (layer.TryGetValue(out T[]? items))
            {
                foreach (T item in items)
                {
                    ct.ThrowIfCancellationRequested();
                    memories.Add(describe(item));
                }
            }
            else
            {
                missing.Add($"{layer.Name} ({layer.Status})");
            }
        }
    }
}
