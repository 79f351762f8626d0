// A consumer of the Gen.Exec package: exercises typed results, statuses, the plan and statistics,
// and prints them one per line for the pack-and-consume test to assert.
using System;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec;

var executor = new Pipeline.Executor(new Pipeline(), new ExecutorOptions { MaxConcurrency = 8 });
Pipeline.Results results = await executor.RunAsync("hello world");

Console.WriteLine($"Count: {results.Count.Status} {results.Count.Value}");
Console.WriteLine($"Upper: {results.Upper.Status} {results.Upper.Value}");
Console.WriteLine($"Broken: {results.Broken.Status} {results.Broken.Error?.GetType().Name}: {results.Broken.Error?.Message}");
Console.WriteLine($"Slow: {results.Slow.Status}");
Console.WriteLine($"NeedsBroken: {results.NeedsBroken.Status}");
Console.WriteLine($"Summary: {results.Summary.Status} {results.Summary.Value}");
Console.WriteLine($"Stats: {results.Stats.Succeeded} succeeded, {results.Stats.Failed} failed, {results.Stats.TimedOut} timed out, {results.Stats.Skipped} skipped");
Console.WriteLine($"Batches: {string.Join(" | ", Pipeline.Executor.Plan.Batches.Select(batch => string.Join(", ", batch)))}");
Console.WriteLine($"Runs: {executor.Stats.Runs}");

[Timeout(5000)]
public sealed partial class Pipeline
{
    [Layer]
    public async Task<int> Count(string text, CancellationToken ct)
    {
        await Task.Delay(10, ct);
        return text.Length;
    }

    [Layer]
    public ValueTask<string> Upper(string text, CancellationToken ct) => ValueTask.FromResult(text.ToUpperInvariant());

    [Layer]
    public Task<int> Broken(CancellationToken ct) => Task.FromException<int>(new InvalidOperationException("store offline"));

    [Layer, Timeout(100)]
    public async Task<string> Slow(CancellationToken ct)
    {
        await Task.Delay(Timeout.Infinite, ct);
        return "never";
    }

    [Layer, DependsOn(nameof(Count), nameof(Upper), nameof(Broken), nameof(Slow))]
    public string Summary(int count, string upper, LayerResult<int> broken, LayerResult<string> slow)
        => $"{upper}/{count}/{broken.Status}/{slow.Status}";

    [Layer, DependsOn(nameof(Broken))]
    public int NeedsBroken(int broken) => broken * 2;
}
