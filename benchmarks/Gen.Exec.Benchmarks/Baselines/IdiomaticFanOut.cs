using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec.Benchmarks.Graphs;

namespace Gen.Exec.Benchmarks.Baselines;

/// <summary>
/// The idiomatic floor of issue 15: what a careful engineer writes by hand with Gen.Exec's guarantees, without
/// micro-optimising. Per layer a linked <see cref="CancellationTokenSource"/> with <c>CancelAfter</c>,
/// <c>WaitAsync(timeout, ct)</c> (so the time-out holds even if the layer ignores its token) and a try/catch
/// recording outcome, start offset and elapsed time; the five awaited with <c>Task.WhenAll</c>; the synchronous
/// merge offloaded with <c>Task.Run</c> so that its time-out holds even if it never returns; the merge skipped
/// when a dependency did not succeed. Closures are allowed: this is ordinary code, not a tuned one.
/// </summary>
public sealed class IdiomaticFanOut(TaskFanOutGraph graph)
{
    public async Task<HandWrittenResults> RunAsync(int input, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        long started = Stopwatch.GetTimestamp();
        Task<LayerResult<int>> a = IdiomaticLayer.RunAsync("A", ct => graph.A(input, ct), started, cancellationToken);
        Task<LayerResult<int>> b = IdiomaticLayer.RunAsync("B", ct => graph.B(input, ct), started, cancellationToken);
        Task<LayerResult<int>> c = IdiomaticLayer.RunAsync("C", ct => graph.C(input, ct), started, cancellationToken);
        Task<LayerResult<int>> d = IdiomaticLayer.RunAsync("D", ct => graph.D(input, ct), started, cancellationToken);
        Task<LayerResult<int>> e = IdiomaticLayer.RunAsync("E", ct => graph.E(input, ct), started, cancellationToken);
        await Task.WhenAll(a, b, c, d, e).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        LayerResult<int> ra = a.Result, rb = b.Result, rc = c.Result, rd = d.Result, re = e.Result;
        LayerResult<int> merge = ra.Succeeded && rb.Succeeded && rc.Succeeded && rd.Succeeded && re.Succeeded
            ? await IdiomaticLayer.RunAsync(
                "Merge",
                ct => Task.Run(() => graph.Merge(ra.Value, rb.Value, rc.Value, rd.Value, re.Value), ct),
                started,
                cancellationToken).ConfigureAwait(false)
            : Guard.Skipped<int>("Merge", started);
        cancellationToken.ThrowIfCancellationRequested();

        return new HandWrittenResults(ra, rb, rc, rd, re, merge, Stopwatch.GetElapsedTime(started));
    }
}

/// <summary>
/// The idiomatic floor with synchronous layers (<see cref="SyncFanOutGraph"/>): the same code, every layer
/// body offloaded with <c>Task.Run</c> and awaited with <c>WaitAsync(timeout, ct)</c>, so a layer that never
/// returns still times out and never blocks the layers beside it or the caller.
/// </summary>
public sealed class IdiomaticSyncFanOut(SyncFanOutGraph graph)
{
    public async Task<HandWrittenResults> RunAsync(int input, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        long started = Stopwatch.GetTimestamp();
        Task<LayerResult<int>> a = IdiomaticLayer.RunAsync("A", ct => Task.Run(() => graph.A(input, ct), ct), started, cancellationToken);
        Task<LayerResult<int>> b = IdiomaticLayer.RunAsync("B", ct => Task.Run(() => graph.B(input, ct), ct), started, cancellationToken);
        Task<LayerResult<int>> c = IdiomaticLayer.RunAsync("C", ct => Task.Run(() => graph.C(input, ct), ct), started, cancellationToken);
        Task<LayerResult<int>> d = IdiomaticLayer.RunAsync("D", ct => Task.Run(() => graph.D(input, ct), ct), started, cancellationToken);
        Task<LayerResult<int>> e = IdiomaticLayer.RunAsync("E", ct => Task.Run(() => graph.E(input, ct), ct), started, cancellationToken);
        await Task.WhenAll(a, b, c, d, e).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        LayerResult<int> ra = a.Result, rb = b.Result, rc = c.Result, rd = d.Result, re = e.Result;
        LayerResult<int> merge = ra.Succeeded && rb.Succeeded && rc.Succeeded && rd.Succeeded && re.Succeeded
            ? await IdiomaticLayer.RunAsync(
                "Merge",
                ct => Task.Run(() => graph.Merge(ra.Value, rb.Value, rc.Value, rd.Value, re.Value), ct),
                started,
                cancellationToken).ConfigureAwait(false)
            : Guard.Skipped<int>("Merge", started);
        cancellationToken.ThrowIfCancellationRequested();

        return new HandWrittenResults(ra, rb, rc, rd, re, merge, Stopwatch.GetElapsedTime(started));
    }
}

/// <summary>One layer, guarded the idiomatic way.</summary>
internal static class IdiomaticLayer
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(1000);

    public static async Task<LayerResult<int>> RunAsync(
        string name, Func<CancellationToken, Task<int>> body, long runStarted, CancellationToken callerToken)
    {
        long started = Stopwatch.GetTimestamp();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        cts.CancelAfter(s_timeout);
        try
        {
            int value = await body(cts.Token).WaitAsync(s_timeout, cts.Token).ConfigureAwait(false);
            return Result(name, LayerStatus.Succeeded, null, value, started, runStarted);
        }
        catch (OperationCanceledException exception) when (callerToken.IsCancellationRequested)
        {
            return Result(name, LayerStatus.Canceled, exception, 0, started, runStarted);
        }
        catch (Exception exception) when (exception is TimeoutException || (exception is OperationCanceledException && cts.IsCancellationRequested))
        {
            return Result(name, LayerStatus.TimedOut, exception, 0, started, runStarted);
        }
        catch (Exception exception)
        {
            return Result(name, LayerStatus.Failed, exception, 0, started, runStarted);
        }
    }

    private static LayerResult<int> Result(string name, LayerStatus status, Exception? error, int value, long started, long runStarted)
        => new(
            new LayerResult(name, status, error, Stopwatch.GetElapsedTime(started), Stopwatch.GetElapsedTime(runStarted, started)),
            value);
}
