using System.Runtime.CompilerServices;
using System.Threading;

namespace Gen.Exec;

// The one place where a run reports its life: the run started, a layer started, a layer's result became
// final (exactly once per layer, Skipped included), the run completed (returned, cancelled by its caller, or
// faulted). Telemetry and observers (issue 11) attach here and nowhere else; what is here today is what the
// run itself needs at those moments, so an unused hook costs nothing.
public abstract partial class GraphRun<TRun, TResults>
{
    /// <summary>How a run ended, as <see cref="ReportRunCompleted"/> sees it.</summary>
    private enum RunEnd
    {
        /// <summary><c>RunAsync</c> returned the results.</summary>
        Returned,

        /// <summary>The caller cancelled; <c>RunAsync</c> throws <see cref="System.OperationCanceledException"/>.</summary>
        Canceled,

        /// <summary>The runtime itself failed; <c>RunAsync</c> faults with its exception.</summary>
        Faulted,
    }

    /// <summary>The run starts: returns its start timestamp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long ReportRunStarted() => _time.GetTimestamp();

    /// <summary>Layer <paramref name="layer"/> starts its first attempt: returns its start timestamp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long ReportLayerStarted(int layer) => _time.GetTimestamp();

    /// <summary>The result of <paramref name="layer"/> is final: stores it where the run's <c>Results</c> read it.</summary>
    private void ReportLayerCompleted<T>(int layer, in LayerResult result, T value, object store)
    {
        if (typeof(T) == typeof(NoValue))
        {
            Unsafe.As<System.Action<TRun, LayerResult>>(store)((TRun)this, result);
        }
        else
        {
            Unsafe.As<System.Action<TRun, LayerResult<T>>>(store)((TRun)this, new LayerResult<T>(result, value));
        }
    }

    /// <summary>The run completed (before its task does): a run that returned counts in the executor's statistics.</summary>
    private void ReportRunCompleted(RunEnd end, in RunStats stats)
    {
        if (end == RunEnd.Returned)
        {
            _executorStats.Record(stats);
        }
    }

    /// <summary>Layer <paramref name="layer"/> starts another attempt: counted into the run's retries (<see cref="ExecutorStats.Retries"/>).</summary>
    private void ReportRetry(int layer) => Interlocked.Increment(ref _retries);

    /// <summary>An attempt of <paramref name="layer"/> ended with <paramref name="status"/> after <paramref name="elapsed"/> (every attempt, before any retry or fallback).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ReportAttemptEnded(int layer, LayerStatus status, System.TimeSpan elapsed)
    {
        // The run itself needs nothing here: the layer's result counts its attempts, and its status is reported once, when final.
    }
}
