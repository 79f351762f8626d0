using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Samples.Recall;

/// <summary>
/// Simulates the five stores with delays that honour cancellation (a timed-out query stops at once),
/// and can make a store fail or overrun its time-out on demand, or inject transient faults (<paramref name="faults"/>,
/// <c>--flaky</c>). It answers the same memories whatever the query.
/// </summary>
/// <remarks>
/// Delays run on <paramref name="time"/> (the executor's clock), so a slow-motion clock slows the stores and the
/// time-outs alike. <see cref="SetLatency"/> changes a store's latency between runs: a backend that slows down.
/// </remarks>
public sealed class SimulatedMemoryStore(IReadOnlyDictionary<string, TimeSpan> latencies, ISet<string> failing, TimeProvider? time = null, FlakyFaults? faults = null)
    : IMemoryStore
{
    private readonly ConcurrentDictionary<string, TimeSpan> _latencies = new(latencies);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The Tier-1 scenario's latencies, by layer name.</summary>
    public static IReadOnlyDictionary<string, TimeSpan> ScenarioLatencies { get; } = new Dictionary<string, TimeSpan>
    {
        [nameof(Tier1Recall.Episodic)] = TimeSpan.FromMilliseconds(80),
        [nameof(Tier1Recall.Semantic)] = TimeSpan.FromMilliseconds(120),
        [nameof(Tier1Recall.Procedural)] = TimeSpan.FromMilliseconds(60),
        [nameof(Tier1Recall.Prospective)] = TimeSpan.FromMilliseconds(50),
        [nameof(Tier1Recall.Graph)] = TimeSpan.FromMilliseconds(70),
    };

    private static readonly DateTimeOffset s_now = new(2025, 3, 14, 16, 0, 0, TimeSpan.Zero);

    public Task<Episode[]> EpisodesAsync(string query, int k, CancellationToken cancellationToken)
        => QueryAsync(nameof(Tier1Recall.Episodic), cancellationToken, () => Enumerable.Range(1, k)
            .Select(i => new Episode(s_now.AddMinutes(-17 * i), Pick(EpisodeTemplates, i)))
            .ToArray());

    public Task<Fact[]> FactsAsync(string query, int k, CancellationToken cancellationToken)
        => QueryAsync(nameof(Tier1Recall.Semantic), cancellationToken, () => Enumerable.Range(1, k)
            .Select(i => new Fact(Pick(FactTemplates, i), 1.0 - (0.07 * i)))
            .ToArray());

    public Task<Procedure[]> ProceduresAsync(string query, CancellationToken cancellationToken)
        => QueryAsync(nameof(Tier1Recall.Procedural), cancellationToken, () => new[]
        {
            new Procedure("bisect a regression", ["git bisect start", "mark good/bad", "rerun"]),
        });

    public Task<Intention[]> IntentionsAsync(string query, CancellationToken cancellationToken)
        => QueryAsync(nameof(Tier1Recall.Prospective), cancellationToken, () => new[]
        {
            new Intention("add a regression test for the race", s_now.AddHours(18)),
        });

    public Task<Relation[]> RelationsAsync(string query, int k, CancellationToken cancellationToken)
        => QueryAsync(nameof(Tier1Recall.Graph), cancellationToken, () => new[]
        {
            new Relation("GraphRun", "uses", "CancellationTokenSource"),
            new Relation("flaky test", "caused by", "timer race"),
            new Relation("timer race", "fixed in", "commit 3f9c2e1"),
        }.Take(k).ToArray());

    private static readonly string[] EpisodeTemplates =
    [
        "stepped through the scheduler",
        "saw a test hang under load",
        "found a timer armed twice",
        "reverted the lock-free queue",
        "profiled the ready queue",
    ];

    private static readonly string[] FactTemplates =
    [
        "time-outs cancel the layer's token at the deadline",
        "a layer starts when its own dependencies finish",
        "abandoned tasks are observed, never unobserved",
        "fail-fast cancels running layers",
        "statistics are kept per run and per executor",
    ];

    /// <summary>The facts a cache kept from earlier answers: what Semantic falls back to.</summary>
    public static Fact[] CachedFacts(int k) => [.. FactTemplates.Take(Math.Min(k, 2)).Select(statement => new Fact(statement + " (cached)", 0.6))];

    /// <summary>The store's current latency for <paramref name="layer"/>.</summary>
    public TimeSpan LatencyOf(string layer) => _latencies[layer];

    /// <summary>From the next query on, <paramref name="layer"/>'s store takes <paramref name="latency"/>.</summary>
    public void SetLatency(string layer, TimeSpan latency) => _latencies[layer] = latency;

    private static string Pick(string[] values, int index) => values[(index - 1) % values.Length];

    private async Task<T> QueryAsync<T>(string layer, CancellationToken cancellationToken, Func<T> answer)
    {
        TimeSpan latency = _latencies[layer];
        if (failing.Contains(layer))
        {
            // A store that goes down part-way through its query.
            await Task.Delay(latency / 2, _time, cancellationToken).ConfigureAwait(false);
            throw new MemoryStoreUnavailableException(layer.ToLowerInvariant());
        }

        switch (faults?.Next(layer) ?? Fault.None)
        {
            case Fault.Fail:
                await Task.Delay(latency / 2, _time, cancellationToken).ConfigureAwait(false);
                throw new TransientStoreException(layer.ToLowerInvariant());
            case Fault.Stall:
                // Well past the deadline; the delay honours the token, so the time-out ends it.
                latency = Tier1Recall.Executor.Plan.TimeoutOf(layer) + TimeSpan.FromMilliseconds(150);
                break;
            case Fault.Slow:
                latency *= 1.5;
                break;
        }

        await Task.Delay(latency, _time, cancellationToken).ConfigureAwait(false);
        return answer();
    }
}
