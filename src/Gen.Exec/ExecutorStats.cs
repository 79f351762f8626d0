using System;
using System.Globalization;
using System.Threading;

namespace Gen.Exec;

/// <summary>
/// Statistics accumulated over all runs of one executor that returned results. Exact under concurrent
/// runs: every completed run is counted once, as a whole. Each property reads one value under a lock, so
/// two properties read one after the other may straddle a run that completes in between;
/// <see cref="ToString"/> reads all of them at once, as one consistent snapshot.
/// </summary>
public sealed class ExecutorStats
{
    private readonly object _gate = new();
    private readonly ExecutionPlan? _plan;
    private LatencyHistory? _latency;
    private AdaptiveRanks? _ranks;
    private long _runs;
    private long _layersRun;
    private long _failures;
    private long _timeouts;
    private double _speedupSum;
    private long _timeSavedTicks;
    private long _retries;
    private long _fallbacks;

    /// <summary>
    /// Engine work of this executor's runs queued and not yet finished; counted only under the AppContext switch
    /// <see cref="EngineWork.TrackingSwitch"/>, for tests that drive virtual time (always 0 otherwise).
    /// </summary>
    internal long EngineWorkInFlight;

    /// <summary>Creates empty statistics (with no latency history until a run records one).</summary>
    public ExecutorStats()
    {
    }

    /// <summary>Creates empty statistics for the executor of <paramref name="plan"/>'s graph. Called by generated executors.</summary>
    /// <param name="plan">The graph's plan: the layers its <see cref="Latency"/> history records.</param>
    public ExecutorStats(ExecutionPlan plan)
    {
        _plan = plan ?? throw new ArgumentNullException(nameof(plan));
    }

    /// <summary>
    /// The recent durations and outcomes of each layer over this executor's runs (every attempt that ran,
    /// including those of runs the caller cancelled): percentiles, rates and suggested time-outs. Created on
    /// first use (the first attempt recorded or the first read), so an executor that never runs holds none.
    /// </summary>
    /// <exception cref="InvalidOperationException">These statistics were created without a plan and no run has recorded into them yet.</exception>
    public LatencyHistory Latency
        => Volatile.Read(ref _latency) ?? LatencyFor(_plan ?? throw new InvalidOperationException("These statistics were created without an execution plan, and no run has recorded into them yet."));

    /// <summary>Runs that returned results (runs that threw <see cref="OperationCanceledException"/> are not counted).</summary>
    public long Runs { get { lock (_gate) { return _runs; } } }

    /// <summary>Layers started over all runs (not counting skipped ones).</summary>
    public long LayersRun { get { lock (_gate) { return _layersRun; } } }

    /// <summary>Layers that failed over all runs.</summary>
    public long Failures { get { lock (_gate) { return _failures; } } }

    /// <summary>Layers that timed out over all runs.</summary>
    public long Timeouts { get { lock (_gate) { return _timeouts; } } }

    /// <summary>Attempts of layers beyond their first (<see cref="RetryAttribute"/>), summed over all runs.</summary>
    public long Retries { get { lock (_gate) { return _retries; } } }

    /// <summary>Layers that fell back (<see cref="RunStats.FellBack"/>), summed over all runs.</summary>
    public long Fallbacks { get { lock (_gate) { return _fallbacks; } } }

    /// <summary>The mean of the runs' <see cref="RunStats.Speedup"/>; 0 before the first run.</summary>
    public double AverageSpeedup { get { lock (_gate) { return _runs == 0 ? 0.0 : _speedupSum / _runs; } } }

    /// <summary>The sum of the runs' <see cref="RunStats.TimeSaved"/>.</summary>
    public TimeSpan TotalTimeSaved { get { lock (_gate) { return TimeSpan.FromTicks(_timeSavedTicks); } } }

    /// <summary>The latency history, created for <paramref name="plan"/> on first use.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal LatencyHistory LatencyFor(ExecutionPlan plan) => Volatile.Read(ref _latency) ?? CreateLatency(plan);

    private LatencyHistory CreateLatency(ExecutionPlan plan)
    {
        Interlocked.CompareExchange(ref _latency, LatencyHistory.ForPlan(plan), null);
        return _latency!;
    }

    /// <summary>
    /// Start ranks under a concurrency limit learnt from the latency history (<see cref="ExecutorOptions.AdaptivePriority"/>):
    /// recomputed only when the history's typical durations have refreshed, otherwise the same array.
    /// </summary>
    internal int[] AdaptiveRanksFor(ExecutionPlan plan)
    {
        AdaptiveRanks? ranks = Volatile.Read(ref _ranks);
        if (ranks is null)
        {
            Interlocked.CompareExchange(ref _ranks, new AdaptiveRanks(plan), null);
            ranks = _ranks!;
        }

        return ranks.Current(LatencyFor(plan));
    }

    internal void Record(in RunStats run)
    {
        lock (_gate)
        {
            _runs++;
            _layersRun += run.LayersRun;
            _failures += run.Failed;
            _timeouts += run.TimedOut;
            _speedupSum += run.Speedup;
            _timeSavedTicks += run.TimeSaved.Ticks;
            _retries += run.Retries;
            _fallbacks += run.FellBack;
        }
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        lock (_gate)
        {
            return string.Format(
                CultureInfo.InvariantCulture,
                "{0} runs, {1} layers run, {2} failures, {3} time-outs, average speedup {4:0.00}x, {5:0.0} ms saved",
                _runs,
                _layersRun,
                _failures,
                _timeouts,
                _runs == 0 ? 0.0 : _speedupSum / _runs,
                TimeSpan.FromTicks(_timeSavedTicks).TotalMilliseconds);
        }
    }
}
