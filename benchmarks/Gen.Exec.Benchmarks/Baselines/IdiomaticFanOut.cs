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
/// <remarks>
/// With <paramref name="guarantees"/> below <see cref="Guarantees.All"/> it is a rung of the guarantee ladder
/// (<see cref="Guarantees"/>): the same code with the later guarantees left out, to price each one.
/// </remarks>
public sealed class IdiomaticFanOut(TaskFanOutGraph graph, Guarantees guarantees = Guarantees.All)
{
    private readonly IdiomaticLayer.Runner _layer = IdiomaticLayer.For(guarantees);

    public async Task<HandWrittenResults> RunAsync(int input, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        long started = Stopwatch.GetTimestamp();
        Task<LayerResult<int>> a = _layer("A", ct => graph.A(input, ct), started, cancellationToken);
        Task<LayerResult<int>> b = _layer("B", ct => graph.B(input, ct), started, cancellationToken);
        Task<LayerResult<int>> c = _layer("C", ct => graph.C(input, ct), started, cancellationToken);
        Task<LayerResult<int>> d = _layer("D", ct => graph.D(input, ct), started, cancellationToken);
        Task<LayerResult<int>> e = _layer("E", ct => graph.E(input, ct), started, cancellationToken);
        await Task.WhenAll(a, b, c, d, e).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        LayerResult<int> ra = a.Result, rb = b.Result, rc = c.Result, rd = d.Result, re = e.Result;
        LayerResult<int> merge = ra.Succeeded && rb.Succeeded && rc.Succeeded && rd.Succeeded && re.Succeeded
            ? await _layer(
                "Merge",
                guarantees == Guarantees.All
                    ? ct => Task.Run(() => graph.Merge(ra.Value, rb.Value, rc.Value, rd.Value, re.Value), ct)
                    : ct => Task.FromResult(graph.Merge(ra.Value, rb.Value, rc.Value, rd.Value, re.Value)),
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
/// <remarks>Below <see cref="Guarantees.All"/>, a rung of the guarantee ladder; the five layers stay offloaded (in parallel) on every rung.</remarks>
public sealed class IdiomaticSyncFanOut(SyncFanOutGraph graph, Guarantees guarantees = Guarantees.All)
{
    private readonly IdiomaticLayer.Runner _layer = IdiomaticLayer.For(guarantees);

    public async Task<HandWrittenResults> RunAsync(int input, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        long started = Stopwatch.GetTimestamp();
        Task<LayerResult<int>> a = _layer("A", ct => Task.Run(() => graph.A(input, ct), ct), started, cancellationToken);
        Task<LayerResult<int>> b = _layer("B", ct => Task.Run(() => graph.B(input, ct), ct), started, cancellationToken);
        Task<LayerResult<int>> c = _layer("C", ct => Task.Run(() => graph.C(input, ct), ct), started, cancellationToken);
        Task<LayerResult<int>> d = _layer("D", ct => Task.Run(() => graph.D(input, ct), ct), started, cancellationToken);
        Task<LayerResult<int>> e = _layer("E", ct => Task.Run(() => graph.E(input, ct), ct), started, cancellationToken);
        await Task.WhenAll(a, b, c, d, e).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        LayerResult<int> ra = a.Result, rb = b.Result, rc = c.Result, rd = d.Result, re = e.Result;
        LayerResult<int> merge = ra.Succeeded && rb.Succeeded && rc.Succeeded && rd.Succeeded && re.Succeeded
            ? await _layer(
                "Merge",
                guarantees == Guarantees.All
                    ? ct => Task.Run(() => graph.Merge(ra.Value, rb.Value, rc.Value, rd.Value, re.Value), ct)
                    : ct => Task.FromResult(graph.Merge(ra.Value, rb.Value, rc.Value, rd.Value, re.Value)),
                started,
                cancellationToken).ConfigureAwait(false)
            : Guard.Skipped<int>("Merge", started);
        cancellationToken.ThrowIfCancellationRequested();

        return new HandWrittenResults(ra, rb, rc, rd, re, merge, Stopwatch.GetElapsedTime(started));
    }
}

/// <summary>
/// The guarantee ladder: each rung adds one guarantee to the one below, the top rung is the idiomatic floor.
/// The raw floor (Baselines/RawFanOuts.cs) is the rung below <see cref="Isolation"/>.
/// </summary>
public enum Guarantees
{
    /// <summary>Each layer's exception caught into a <see cref="LayerResult{T}"/>; the merge skipped unless all succeeded.</summary>
    Isolation,

    /// <summary>Plus each layer's start offset and elapsed time (two timestamps).</summary>
    Timings,

    /// <summary>Plus a per-layer token linked to the caller's, passed to the layer (cancellation, no deadline).</summary>
    Cancellation,

    /// <summary>Plus the time-out (<c>CancelAfter</c> and <c>WaitAsync(timeout, ct)</c>) and the synchronous merge offloaded: the idiomatic floor.</summary>
    All,
}

/// <summary>One layer, guarded the idiomatic way (<see cref="RunAsync"/>), or with only some guarantees.</summary>
internal static class IdiomaticLayer
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(1000);
    private static readonly Runner s_isolation = IsolatedAsync;
    private static readonly Runner s_timings = TimedAsync;
    private static readonly Runner s_cancellation = CancellableAsync;
    private static readonly Runner s_all = RunAsync;

    public delegate Task<LayerResult<int>> Runner(string name, Func<CancellationToken, Task<int>> body, long runStarted, CancellationToken callerToken);

    public static Runner For(Guarantees guarantees) => guarantees switch
    {
        Guarantees.Isolation => s_isolation,
        Guarantees.Timings => s_timings,
        Guarantees.Cancellation => s_cancellation,
        _ => s_all,
    };

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

    private static async Task<LayerResult<int>> IsolatedAsync(
        string name, Func<CancellationToken, Task<int>> body, long runStarted, CancellationToken callerToken)
    {
        try
        {
            int value = await body(callerToken).ConfigureAwait(false);
            return new(new LayerResult(name, LayerStatus.Succeeded, null, TimeSpan.Zero, TimeSpan.Zero), value);
        }
        catch (Exception exception)
        {
            return new(new LayerResult(name, LayerStatus.Failed, exception, TimeSpan.Zero, TimeSpan.Zero), 0);
        }
    }

    private static async Task<LayerResult<int>> TimedAsync(
        string name, Func<CancellationToken, Task<int>> body, long runStarted, CancellationToken callerToken)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            int value = await body(callerToken).ConfigureAwait(false);
            return Result(name, LayerStatus.Succeeded, null, value, started, runStarted);
        }
        catch (Exception exception)
        {
            return Result(name, LayerStatus.Failed, exception, 0, started, runStarted);
        }
    }

    private static async Task<LayerResult<int>> CancellableAsync(
        string name, Func<CancellationToken, Task<int>> body, long runStarted, CancellationToken callerToken)
    {
        long started = Stopwatch.GetTimestamp();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        try
        {
            int value = await body(cts.Token).ConfigureAwait(false);
            return Result(name, LayerStatus.Succeeded, null, value, started, runStarted);
        }
        catch (OperationCanceledException exception) when (callerToken.IsCancellationRequested)
        {
            return Result(name, LayerStatus.Canceled, exception, 0, started, runStarted);
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
