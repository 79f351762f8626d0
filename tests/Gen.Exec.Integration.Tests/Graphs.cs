using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Integration.Tests;

public interface IStore
{
    Task<int> CountAsync(string query, CancellationToken cancellationToken);
}

public sealed class Store : IStore
{
    public Task<int> CountAsync(string query, CancellationToken cancellationToken) => Task.FromResult(query.Length);
}

/// <summary>Built by the container: a required service and an optional one with a default.</summary>
[Timeout(5000)]
public sealed partial class Recall
{
    public Recall(IStore store, int factor = 2)
    {
        Store = store;
        Factor = factor;
    }

    public Recall()
        : this(new Store())
    {
    }

    public IStore Store { get; }

    public int Factor { get; }

    [Layer]
    public Task<int> Count(string query, CancellationToken ct) => Store.CountAsync(query, ct);

    [Layer, DependsOn(nameof(Count))]
    public int Scaled(int count) => count * Factor;
}

public sealed class Backend
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public bool Failing { get; set; }

    public Task<string> FetchAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return Failing ? Task.FromException<string>(new HttpRequestException("backend down")) : Task.FromResult("live");
    }
}

/// <summary>One layer that fails, one that times out, one that succeeds.</summary>
[Timeout(5000)]
public sealed partial class Troubled(Backend backend)
{
    [Layer]
    public int Fine() => 1;

    [Layer]
    public Task<string> Broken(CancellationToken ct)
    {
        backend.Failing = true;
        return backend.FetchAsync(ct);
    }

    [Layer, Timeout(50)]
    public async Task<int> Stuck(CancellationToken ct)
    {
        await Task.Delay(Timeout.Infinite, ct);
        return 0;
    }
}

/// <summary>A critical layer whose failure aborts the run.</summary>
[Timeout(5000)]
public sealed partial class Fragile
{
    [Layer(Critical = true)]
    public int Vital() => throw new InvalidOperationException("vital broke");

    [Layer, DependsOn(nameof(Vital))]
    public int After(int vital) => vital;
}

/// <summary>A layer behind a Polly pipeline with a fallback: an open circuit makes it fall back at once.</summary>
[Timeout(5000)]
public sealed partial class Guarded(Backend backend)
{
    public const string Pipeline = "backend";
    public const string Plain = "plain";

    [Layer, ResiliencePipeline(Pipeline), Fallback(nameof(Safe))]
    public Task<string> Fetch(CancellationToken ct) => backend.FetchAsync(ct);

    [Layer, ResiliencePipeline(Plain)]
    public string Sync() => "sync";

    [Layer, ResiliencePipeline(Plain)]
    public ValueTask Nothing(CancellationToken ct) => default;

    [Layer, ResiliencePipeline(Plain), DependsOn(nameof(Fetch))]
    public async ValueTask<int> Length(string fetch, CancellationToken ct)
    {
        await Task.Yield();
        return fetch.Length;
    }

    public string Safe() => "safe";
}

/// <summary>A layer whose pipeline retries slowly: the layer's own time-out still ends the attempt.</summary>
[Timeout(200), ResiliencePipeline(SlowRetry)]
public sealed partial class Bounded(Backend backend)
{
    public const string SlowRetry = "retry-slowly";

    [Layer]
    public Task<string> Fetch(CancellationToken ct)
    {
        backend.Failing = true;
        return backend.FetchAsync(ct);
    }
}

/// <summary>A layer that waits for its token, and a quick one: targets of configured time-outs.</summary>
[Timeout(5000)]
public sealed partial class Tunable
{
    [Layer]
    public async Task<int> Wait(CancellationToken ct)
    {
        await Task.Delay(Timeout.Infinite, ct);
        return 0;
    }

    [Layer, Timeout(300)]
    public int Quick(CancellationToken ct) => 1;
}
