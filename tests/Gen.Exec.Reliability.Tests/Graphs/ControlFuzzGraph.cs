using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Reliability.Tests.Graphs;

/// <summary>
/// Twelve layers combining every per-request control (issue 12): retries of each back-off with and without
/// jitter and with <c>Handle</c>, value and void fallbacks with an <see cref="Exception"/> parameter (one
/// limited to <see cref="IOException"/>), conditions reading the run's script, a critical layer, a chain
/// (Sink -> Chain -> Tail) and a diamond (Source -> Lin, Exp -> Diamond), dependencies taken as <c>T</c>,
/// as <see cref="LayerResult{T}"/>, as <see cref="LayerResult"/> and by no parameter. What each layer does is
/// decided per run by <see cref="ControlFuzzScript"/>; <see cref="ControlFuzzModel"/> restates the attributes
/// for the checker. Lone is a plain synchronous layer (it runs on Gen.Exec's layer threads).
/// </summary>
[Timeout(ControlFuzzScript.TimeoutMilliseconds)]
[Retry(1, DelayMilliseconds = 2, Backoff = RetryBackoff.Constant, Jitter = false)]
public sealed partial class ControlFuzzGraph
{
    [Layer, Retry(2, DelayMilliseconds = 10, Backoff = RetryBackoff.Constant, Jitter = false)]
    public Task<int> Source(ControlFuzzScript script, CancellationToken ct) => script.RunAsync(0, ct);

    [Layer, DependsOn(nameof(Source)), Retry(3, DelayMilliseconds = 5, Backoff = RetryBackoff.Linear, Jitter = false, Handle = new[] { typeof(IOException) })]
    public Task<int> Lin(int source, ControlFuzzScript script, CancellationToken ct) => script.RunAsync(1, ct, source);

    [Layer, DependsOn(nameof(Source)), When(nameof(ExpWanted)), Retry(2, DelayMilliseconds = 8), Fallback(nameof(ExpFallback))]
    public async ValueTask<int> Exp(LayerResult<int> source, ControlFuzzScript script, CancellationToken ct)
        => await script.RunAsync(2, ct, ControlFuzzModel.StatusArgument(source.Status));

    [Layer, DependsOn(nameof(Lin)), When(nameof(CondWanted)), Retry(0)]
    public Task<int> Cond(int lin, ControlFuzzScript script, CancellationToken ct) => script.RunAsync(3, ct, lin);

    [Layer, DependsOn(nameof(Lin), nameof(Exp)), Retry(1, DelayMilliseconds = 20, Backoff = RetryBackoff.Exponential, Jitter = false), Fallback(nameof(DiamondFallback))]
    public Task<int> Diamond(int lin, int exp, ControlFuzzScript script, CancellationToken ct) => script.RunAsync(4, ct, lin, exp);

    [Layer, DependsOn(nameof(Cond), nameof(Diamond)), When(nameof(TolerantWanted))]
    public Task<int> Tolerant(LayerResult<int> cond, LayerResult<int> diamond, ControlFuzzScript script, CancellationToken ct)
        => script.RunAsync(5, ct, ControlFuzzModel.StatusArgument(cond.Status), ControlFuzzModel.StatusArgument(diamond.Status));

    [Layer(Critical = true), Retry(1, DelayMilliseconds = 6, Backoff = RetryBackoff.Constant), Fallback(nameof(CritFallback))]
    public async Task Crit(ControlFuzzScript script, CancellationToken ct) => await script.RunAsync(6, ct);

    [Layer, DependsOn(nameof(Tolerant), nameof(Crit))]
    public Task<int> Sink(int tolerant, ControlFuzzScript script, CancellationToken ct) => script.RunAsync(7, ct, tolerant);

    [Layer, DependsOn(nameof(Cond)), When(nameof(NotifyWanted)), Retry(2, DelayMilliseconds = 4, Backoff = RetryBackoff.Linear, Handle = new[] { typeof(IOException) }), Fallback(nameof(NotifyFallback))]
    public async Task Notify(ControlFuzzScript script, CancellationToken ct) => await script.RunAsync(8, ct);

    [Layer, DependsOn(nameof(Sink)), Retry(2, DelayMilliseconds = 3, Handle = new[] { typeof(InvalidOperationException) })]
    public Task<int> Chain(LayerResult<int> sink, ControlFuzzScript script, CancellationToken ct)
        => script.RunAsync(9, ct, ControlFuzzModel.StatusArgument(sink.Status));

    [Layer, Retry(3, DelayMilliseconds = 7, Backoff = RetryBackoff.Constant)]
    public int Lone(ControlFuzzScript script) => script.RunSync(10);

    [Layer, DependsOn(nameof(Chain), nameof(Notify), nameof(Lone))]
    public ValueTask<int> Tail(int chain, LayerResult notify, LayerResult<int> lone, ControlFuzzScript script, CancellationToken ct)
        => new(script.RunAsync(11, ct, chain, ControlFuzzModel.StatusArgument(notify.Status), ControlFuzzModel.StatusArgument(lone.Status)));

    private static bool ExpWanted(ControlFuzzScript script, LayerResult<int> source) => script.Predicate(2);

    private static bool CondWanted(ControlFuzzScript script) => script.Predicate(3);

    private static bool TolerantWanted(ControlFuzzScript script, LayerResult<int> cond) => script.Predicate(5);

    private static bool NotifyWanted(ControlFuzzScript script) => script.Predicate(8);

    private static Task<int> ExpFallback(ControlFuzzScript script, IOException error, CancellationToken ct) => script.FallbackAsync(2, error, ct);

    private static Task<int> DiamondFallback(ControlFuzzScript script, Exception error, CancellationToken ct) => script.FallbackAsync(4, error, ct);

    // Completes (or throws) before returning its task: a void fallback would run on a layer thread (see the class summary).
    private static Task CritFallback(ControlFuzzScript script, Exception error)
    {
        script.FallbackSync(6, error);
        return Task.CompletedTask;
    }

    private static async Task NotifyFallback(ControlFuzzScript script, Exception error, CancellationToken ct) => await script.FallbackAsync(8, error, ct);
}

/// <summary>How a layer takes a dependency: its value, or its status (as <see cref="LayerResult{T}"/>).</summary>
public readonly record struct Argument(int Dependency, bool ValueOf);

/// <summary>A layer's retry policy as its attributes (or the class default) state it.</summary>
public readonly record struct RetryPolicy(int MaxRetries, int DelayMilliseconds, RetryBackoff Backoff, bool Jitter, Type? Handle)
{
    /// <summary>The nominal delay before retry <paramref name="retry"/> (1 for the first).</summary>
    public double NominalDelay(int retry) => Backoff switch
    {
        RetryBackoff.Constant => DelayMilliseconds,
        RetryBackoff.Linear => retry * (double)DelayMilliseconds,
        _ => Math.Pow(2, retry - 1) * DelayMilliseconds,
    };

    public bool Retries(Exception error) => Handle is null || Handle.IsInstanceOfType(error);
}

/// <summary><see cref="ControlFuzzGraph"/>'s attributes restated for the checker (a test compares them with the plan).</summary>
public static class ControlFuzzModel
{
    public const int Layers = 12;

    public static readonly string[] Names =
    [
        nameof(ControlFuzzGraph.Source), nameof(ControlFuzzGraph.Lin), nameof(ControlFuzzGraph.Exp), nameof(ControlFuzzGraph.Cond),
        nameof(ControlFuzzGraph.Diamond), nameof(ControlFuzzGraph.Tolerant), nameof(ControlFuzzGraph.Crit), nameof(ControlFuzzGraph.Sink),
        nameof(ControlFuzzGraph.Notify), nameof(ControlFuzzGraph.Chain), nameof(ControlFuzzGraph.Lone), nameof(ControlFuzzGraph.Tail),
    ];

    public static readonly int[][] Dependencies = [[], [0], [0], [1], [1, 2], [3, 4], [], [5, 6], [3], [7], [], [9, 8, 10]];

    /// <summary>Dependencies the layer (or its condition or fallback) needs as <c>T</c> or takes by no parameter.</summary>
    public static readonly int[][] Needed = [[], [0], [], [1], [1, 2], [], [], [5, 6], [3], [], [], [9]];

    /// <summary>What each layer passes to the script, in order: a dependency's value or its status.</summary>
    public static readonly Argument[][] Arguments =
    [
        [], [new(0, true)], [new(0, false)], [new(1, true)], [new(1, true), new(2, true)], [new(3, false), new(4, false)],
        [], [new(5, true)], [], [new(7, false)], [], [new(9, true), new(8, false), new(10, false)],
    ];

    private static readonly RetryPolicy s_classDefault = new(1, 2, RetryBackoff.Constant, false, null);

    public static readonly RetryPolicy[] Retry =
    [
        new(2, 10, RetryBackoff.Constant, false, null),
        new(3, 5, RetryBackoff.Linear, false, typeof(IOException)),
        new(2, 8, RetryBackoff.Exponential, true, null),
        new(0, 100, RetryBackoff.Exponential, true, null),
        new(1, 20, RetryBackoff.Exponential, false, null),
        s_classDefault,
        new(1, 6, RetryBackoff.Constant, true, null),
        s_classDefault,
        new(2, 4, RetryBackoff.Linear, true, typeof(IOException)),
        new(2, 3, RetryBackoff.Exponential, true, typeof(InvalidOperationException)),
        new(3, 7, RetryBackoff.Constant, true, null),
        s_classDefault,
    ];

    public static readonly bool[] HasPredicate = [false, false, true, true, false, true, false, false, true, false, false, false];

    /// <summary>The exception type a layer's fallback accepts; null: no fallback.</summary>
    public static readonly Type?[] FallbackAccepts = [null, null, typeof(IOException), null, typeof(Exception), null, typeof(Exception), null, typeof(Exception), null, null, null];

    public static readonly bool[] Critical = [false, false, false, false, false, false, true, false, false, false, false, false];

    public static readonly bool[] Synchronous = [false, false, false, false, false, false, false, false, false, false, true, false];

    /// <summary>How a layer records a dependency it takes as <see cref="LayerResult{T}"/>: apart from any value.</summary>
    public static int StatusArgument(LayerStatus status) => -100 - (int)status;
}
