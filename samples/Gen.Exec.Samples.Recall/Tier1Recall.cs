using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec;

namespace Gen.Exec.Samples.Recall;

/// <summary>
/// Tier-1 recall: a classifier routes the query, the memory stores it needs are asked in parallel, then one merge
/// reads their typed results. Run one after another the five stores take the sum of their latencies (380 ms); as a
/// graph, the slowest (120 ms). A short factual question asks only the cheap stores (Semantic, Prospective).
/// </summary>
/// <remarks>
/// The budget is checked at build time against the worst case, which counts every retry, the largest possible
/// delays between them and the fallback: here Semantic (3 attempts of 250 ms + up to 113 ms of delays + a 250 ms
/// fallback = 1113 ms) then Merge (50 ms). Over the budget, the build fails (GEX004).
/// </remarks>
[Timeout(1000), LatencyBudget(1200)]
public sealed partial class Tier1Recall(IMemoryStore store)
{
    /// <summary>
    /// Which stores the query needs. The classifier takes microseconds; the time-out is a guard, generous enough that
    /// a busy thread pool does not turn a late start into a lost route (the expensive layers would then be Skipped).
    /// </summary>
    [Layer, Timeout(100)]
    public QueryRoute Route(string query, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return QueryClassifier.Classify(query);
    }

    /// <summary>Scans the episode log: expensive, so only for complex queries; a remote store, so retried once.</summary>
    [Layer, Timeout(200), DependsOn(nameof(Route)), When(nameof(NeedsDeepRecall))]
    [Retry(1, DelayMilliseconds = 20, Handle = [typeof(TransientStoreException)])]
    public Task<Episode[]> Episodic(string query, int k, CancellationToken ct) => store.EpisodesAsync(query, k, ct);

    /// <summary>
    /// The vector store every query needs: retried twice on transient errors (time-outs are always retried), then
    /// answered from the cache of facts rather than not at all.
    /// </summary>
    [Layer, Timeout(250), Fallback(nameof(CachedFacts))]
    [Retry(2, DelayMilliseconds = 25, Handle = [typeof(TransientStoreException)])]
    public Task<Fact[]> Semantic(string query, int k, CancellationToken ct) => store.FactsAsync(query, k, ct);

    /// <summary>Local how-to notes: an error there is a bug, not a blip, so it is not retried.</summary>
    [Layer, Timeout(150), DependsOn(nameof(Route)), When(nameof(NeedsDeepRecall))]
    public Task<Procedure[]> Procedural(string query, CancellationToken ct) => store.ProceduresAsync(query, ct);

    /// <summary>Pending reminders: cheap, and "no reminders" is a safe default when the store is down.</summary>
    [Layer, Timeout(150), Fallback(nameof(NoIntentions))]
    public Task<Intention[]> Prospective(string query, CancellationToken ct) => store.IntentionsAsync(query, ct);

    /// <summary>
    /// Multi-hop traversal: the most expensive store, only for complex queries, and optional: a failure degrades the
    /// answer rather than paying for retries on the critical path.
    /// </summary>
    [Layer, Timeout(150), DependsOn(nameof(Route)), When(nameof(NeedsDeepRecall))]
    public Task<Relation[]> Graph(string query, int k, CancellationToken ct) => store.RelationsAsync(query, k, ct);

    /// <summary>
    /// Takes every store as <see cref="LayerResult{T}"/>, so it runs even when a store failed, timed out or was not
    /// asked, and answers with what it has: a degraded answer beats no answer.
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
        var notAsked = new List<string>();
        var standIns = new List<string>();

        Add(episodic, episode => $"episode   {episode.At:HH:mm} {episode.Summary}");
        Add(semantic, fact => $"fact      {fact.Statement} ({fact.Confidence:0%})");
        Add(procedural, procedure => $"procedure {procedure.Name}: {string.Join(" -> ", procedure.Steps)}");
        Add(prospective, intention => $"intention {intention.Reminder} (due {intention.Due:ddd HH:mm})");
        Add(graph, relation => $"relation  {relation.From} --{relation.Kind}--> {relation.To}");

        return new RecallAnswer(query, memories, missing) { NotAsked = notAsked, FellBack = standIns };

        void Add<T>(LayerResult<T[]> layer, Func<T, string> describe)
        {
            if (layer.Status == LayerStatus.NotRun)
            {
                // Not wanted for this query (its route or the caller's targets): not a loss.
                notAsked.Add(layer.Name);
            }
            else if (layer.TryGetValue(out T[]? items))
            {
                if (layer.Status == LayerStatus.FellBack)
                {
                    standIns.Add(layer.Name);
                }

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

    /// <summary>The condition of the expensive layers: only a complex query pays for them.</summary>
    private static bool NeedsDeepRecall(QueryRoute route) => route == QueryRoute.Complex;

    /// <summary>Semantic's fallback: the facts cached from earlier answers (a real system: a local cache).</summary>
    private static Fact[] CachedFacts(int k) => SimulatedMemoryStore.CachedFacts(k);

    /// <summary>Prospective's fallback: no reminders, rather than no answer.</summary>
    private static Intention[] NoIntentions() => [];
}
