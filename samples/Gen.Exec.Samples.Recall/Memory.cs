using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Samples.Recall;

/// <summary>Something that happened.</summary>
public sealed record Episode(DateTimeOffset At, string Summary);

/// <summary>Something known to be true, with how sure the store is.</summary>
public sealed record Fact(string Statement, double Confidence);

/// <summary>A known way of doing something.</summary>
public sealed record Procedure(string Name, string[] Steps);

/// <summary>Something to do later.</summary>
public sealed record Intention(string Reminder, DateTimeOffset Due);

/// <summary>An edge of the knowledge graph.</summary>
public sealed record Relation(string From, string Kind, string To);

/// <summary>The merged recall, and which stores it had to do without.</summary>
public sealed record RecallAnswer(string Query, IReadOnlyList<string> Memories, IReadOnlyList<string> MissingLayers)
{
    /// <summary>Stores this query did not need (NotRun: its route or the caller's targets left them out).</summary>
    public IReadOnlyList<string> NotAsked { get; init; } = [];

    /// <summary>Stores whose answer came from their fallback (FellBack).</summary>
    public IReadOnlyList<string> FellBack { get; init; } = [];

    public bool Degraded => MissingLayers.Count > 0;
}

/// <summary>What the classifier made of a query: which stores it needs.</summary>
public enum QueryRoute
{
    /// <summary>A short factual question: the cheap stores (Semantic, Prospective) answer it.</summary>
    Factual,

    /// <summary>Anything else: every store.</summary>
    Complex,
}

/// <summary>The five memory stores of Tier-1 recall.</summary>
public interface IMemoryStore
{
    Task<Episode[]> EpisodesAsync(string query, int k, CancellationToken cancellationToken);

    Task<Fact[]> FactsAsync(string query, int k, CancellationToken cancellationToken);

    Task<Procedure[]> ProceduresAsync(string query, CancellationToken cancellationToken);

    Task<Intention[]> IntentionsAsync(string query, CancellationToken cancellationToken);

    Task<Relation[]> RelationsAsync(string query, int k, CancellationToken cancellationToken);
}

/// <summary>Thrown by a store that is down.</summary>
public sealed class MemoryStoreUnavailableException(string store)
    : Exception($"The {store} store is unavailable (failure injected with --fail).");

/// <summary>A blip (a dropped connection, a busy replica): worth retrying, unlike a store that is down.</summary>
public sealed class TransientStoreException(string store)
    : Exception($"The {store} store dropped the connection (transient failure injected with --flaky).");
