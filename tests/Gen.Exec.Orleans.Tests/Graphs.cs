using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Orleans;

namespace Gen.Exec.Orleans.Tests;

/// <summary>Which process part ran a layer: each silo registers its own; the caller's graph has "caller".</summary>
public sealed class SiloIdentity(string name)
{
    public string Name { get; } = name;
}

/// <summary>A value type of a distributed layer: Orleans serializes it with its generated serializer.</summary>
[GenerateSerializer]
[Alias("Gen.Exec.Orleans.Tests.Scored")]
public sealed record Scored([property: Id(0)] string Item, [property: Id(1)] double Score, [property: Id(2)] string RanOn);

/// <summary>A graph with an in-process layer before and after a distributed one.</summary>
[Timeout(10_000)]
public sealed partial class Ranking(SiloIdentity identity)
{
    [Layer]
    public string[] Items(string query) => query.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Layer, Distributed, DependsOn(nameof(Items))]
    public async Task<Scored[]> Score(string[] items, int boost, CancellationToken ct)
    {
        await Task.Yield();
        return items.Select(item => new Scored(item, item.Length * boost + item[0] / 100.0, identity.Name)).ToArray();
    }

    [Layer, Distributed, DependsOn(nameof(Score))]
    public static string Best(Scored[] score) => score.MaxBy(s => s.Score)!.Item;

    [Layer, Distributed]
    public int Length(string query) => query.Length;
}

/// <summary>Signals from layers on the silos (in this process) to the tests: started, and cancelled by their token.</summary>
public static class Probe
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> s_started = new();
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> s_canceled = new();

    public static Task Started(string key) => Signal(s_started, key).Task;

    public static Task Canceled(string key) => Signal(s_canceled, key).Task;

    public static void MarkStarted(string key) => Signal(s_started, key).TrySetResult();

    public static void MarkCanceled(string key) => Signal(s_canceled, key).TrySetResult();

    private static TaskCompletionSource Signal(ConcurrentDictionary<string, TaskCompletionSource> signals, string key)
        => signals.GetOrAdd(key, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>Layers that misbehave on the silo, run one at a time with RunOptions.Targets.</summary>
[Timeout(30_000)]
public sealed partial class Probes(SiloIdentity identity)
{
    /// <summary>Ignores its token: the caller's deadline must hold anyway.</summary>
    [Layer, Distributed, Timeout(300)]
    public async Task<string> Stubborn(string key)
    {
        Probe.MarkStarted(key);
        await Task.Delay(TimeSpan.FromSeconds(8));
        return identity.Name;
    }

    /// <summary>Waits on its token until cancelled, and reports that the cancellation reached it.</summary>
    [Layer, Distributed]
    public async Task<string> Patient(string key, CancellationToken ct)
    {
        Probe.MarkStarted(key);
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            Probe.MarkCanceled(key);
            throw;
        }

        return identity.Name;
    }

    /// <summary>Like <see cref="Patient"/>, with a short time-out: the deadline cancels the token on the silo.</summary>
    [Layer, Distributed, Timeout(300)]
    public Task<string> Deadlined(string key, CancellationToken ct) => Patient(key + "/deadline", ct);

    /// <summary>Fails on the silo: the caller sees the layer Failed with the silo's exception, and the fallback runs on the caller.</summary>
    [Layer, Distributed, Fallback(nameof(Fallen))]
    public string Throws(string key) => throw new InvalidOperationException("broken on " + identity.Name + " for " + key);

    private string Fallen(Exception error) => "fell back on " + identity.Name + ": " + error.Message;
}

/// <summary>Twelve of these run at once while a silo is killed: [Retry] must get every result.</summary>
[Timeout(3_000), Retry(4, DelayMilliseconds = 50)]
public sealed partial class Squares(SiloIdentity identity)
{
    [Layer, Distributed]
    public async Task<long> Square(int x, string key, CancellationToken ct)
    {
        Probe.MarkStarted(key + "/" + identity.Name);
        await Task.Delay(TimeSpan.FromMilliseconds(1500), ct);
        return (long)x * x;
    }
}
