using System;
using System.Collections.Concurrent;
using System.Collections.Generic;

namespace Gen.Exec.Samples.Recall;

/// <summary>What a simulated store does with one query under <c>--flaky</c>.</summary>
public enum Fault
{
    /// <summary>Answers in its usual time.</summary>
    None,

    /// <summary>Answers, but 1.5 times slower (still within its time-out).</summary>
    Slow,

    /// <summary>Hangs past its time-out: the executor's deadline ends the attempt.</summary>
    Stall,

    /// <summary>Drops the connection part-way: a <see cref="TransientStoreException"/>.</summary>
    Fail,
}

/// <summary>
/// Deterministic fault injection for <c>--flaky</c>: the n-th query to a store gets a fault drawn from a hash of
/// (seed, store, n), so the same seed gives the same faults in the same order on every machine, whatever the timing.
/// Each store has its own profile, as real backends do: the vector store blips often, the local notes only slow down.
/// </summary>
public sealed class FlakyFaults(int seed)
{
    /// <summary>The seed <c>--flaky</c> uses unless <c>--seed</c> says otherwise.</summary>
    public const int DefaultSeed = 7;

    /// <summary>Per store: the chance that a query fails, stalls, or is slow.</summary>
    public static IReadOnlyDictionary<string, (double Fail, double Stall, double Slow)> Profiles { get; } =
        new Dictionary<string, (double, double, double)>
        {
            [nameof(Tier1Recall.Episodic)] = (0.25, 0.20, 0.20),
            [nameof(Tier1Recall.Semantic)] = (0.35, 0.10, 0.10),
            [nameof(Tier1Recall.Procedural)] = (0.00, 0.00, 0.40),
            [nameof(Tier1Recall.Prospective)] = (0.50, 0.00, 0.10),
            [nameof(Tier1Recall.Graph)] = (0.15, 0.00, 0.30),
        };

    private static readonly string[] s_stores = [.. Profiles.Keys];

    private readonly ConcurrentDictionary<string, int> _queries = new();

    public int Seed { get; } = seed;

    /// <summary>The fault of the next query to <paramref name="store"/>.</summary>
    public Fault Next(string store)
    {
        int query = _queries.AddOrUpdate(store, 0, (_, n) => n + 1);
        (double fail, double stall, double slow) = Profiles[store];
        double draw = Unit(Seed, Array.IndexOf(s_stores, store), query);
        return draw < fail ? Fault.Fail
            : draw < fail + stall ? Fault.Stall
            : draw < fail + stall + slow ? Fault.Slow
            : Fault.None;
    }

    // SplitMix64 of the three numbers: stable across runtimes and processes, unlike string.GetHashCode.
    private static double Unit(int seed, int store, int query)
    {
        ulong x = unchecked(((ulong)(uint)seed << 32) ^ ((ulong)(uint)store << 24) ^ (uint)query);
        x = unchecked(x + 0x9E3779B97F4A7C15UL);
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        x ^= x >> 31;
        return (x >> 11) * (1.0 / (1UL << 53));
    }
}
