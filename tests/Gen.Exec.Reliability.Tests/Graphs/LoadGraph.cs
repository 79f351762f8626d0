using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Reliability.Tests.Graphs;

/// <summary>
/// Twelve layers with mixed dependencies: value and <see cref="LayerResult{T}"/> parameters, dependencies
/// taken by no parameter, synchronous and asynchronous layers of every return kind. Every layer's value is
/// a pure function (<see cref="LoadValues"/>) of its inputs, so a test can check the data each one received.
/// </summary>
[Timeout(LoadScript.TimeoutMilliseconds)]
public sealed partial class LoadGraph
{
    [Layer]
    public Task<int> Fetch(LoadScript script, CancellationToken ct)
        => script.Async(LoadLayer.Fetch, ct, () => LoadValues.Fetch(script.Seed));

    [Layer]
    public ValueTask<string> Lookup(LoadScript script, CancellationToken ct)
        => script.Value(LoadLayer.Lookup, ct, () => LoadValues.Lookup(script.Seed));

    [Layer]
    public int Config(LoadScript script, CancellationToken ct)
        => script.Sync(LoadLayer.Config, ct, () => LoadValues.Config(script.Seed));

    [Layer, DependsOn(nameof(Fetch))]
    public Task<int> Parse(int fetch, LoadScript script, CancellationToken ct)
        => script.Async(LoadLayer.Parse, ct, () => LoadValues.Parse(fetch));

    [Layer, DependsOn(nameof(Lookup), nameof(Config))]
    public string Enrich(LayerResult<string> lookup, int config, LoadScript script, CancellationToken ct)
        => script.Sync(LoadLayer.Enrich, ct, () => LoadValues.Enrich(lookup, config));

    [Layer, DependsOn(nameof(Parse)), DependsOn(nameof(Enrich))]
    public ValueTask<int> Score(int parse, LayerResult<string> enrich, LoadScript script, CancellationToken ct)
        => script.Value(LoadLayer.Score, ct, () => LoadValues.Score(parse, enrich));

    [Layer, DependsOn(nameof(Fetch), nameof(Config))]
    public Task Audit(LoadScript script, CancellationToken ct)
        => script.Async(LoadLayer.Audit, ct, static () => true);

    [Layer, DependsOn(nameof(Score), nameof(Parse))]
    public int Rank(LayerResult<int> score, int parse, LoadScript script, CancellationToken ct)
        => script.Sync(LoadLayer.Rank, ct, () => LoadValues.Rank(score, parse));

    [Layer, DependsOn(nameof(Enrich))]
    public ValueTask Cache(string enrich, LoadScript script, CancellationToken ct)
        => new(script.Async(LoadLayer.Cache, ct, () => enrich.Length));

    [Layer, DependsOn(nameof(Audit))]
    public void Notify(LoadScript script, CancellationToken ct)
        => script.Sync(LoadLayer.Notify, ct, static () => true);

    [Layer, DependsOn(nameof(Rank), nameof(Fetch), nameof(Lookup))]
    public Task<string> Merge(LayerResult<int> rank, LayerResult<int> fetch, string lookup, LoadScript script, CancellationToken ct)
        => script.Async(LoadLayer.Merge, ct, () => LoadValues.Merge(rank, fetch, lookup));

    [Layer, DependsOn(nameof(Merge), nameof(Score), nameof(Cache))]
    public ValueTask<int> Final(string merge, LayerResult<int> score, LoadScript script, CancellationToken ct)
        => script.Value(LoadLayer.Final, ct, () => LoadValues.Final(merge, score));
}

/// <summary>The values of <see cref="LoadGraph"/>'s layers as functions of what they receive.</summary>
public static class LoadValues
{
    public static int Fetch(int seed) => seed % 1000;

    public static string Lookup(int seed) => "L" + (seed % 97);

    public static int Config(int seed) => seed % 13;

    public static int Parse(int fetch) => fetch * 2;

    public static string Enrich(LayerResult<string> lookup, int config) => lookup.GetValueOrDefault("none") + ":" + config;

    public static int Score(int parse, LayerResult<string> enrich) => parse + (enrich.Succeeded ? enrich.Value.Length : -1);

    public static int Rank(LayerResult<int> score, int parse) => score.GetValueOrDefault(0) + parse;

    public static string Merge(LayerResult<int> rank, LayerResult<int> fetch, string lookup)
        => lookup + "/" + rank.GetValueOrDefault(-1) + "/" + fetch.GetValueOrDefault(-1);

    public static int Final(string merge, LayerResult<int> score) => merge.Length + score.GetValueOrDefault(0);
}
