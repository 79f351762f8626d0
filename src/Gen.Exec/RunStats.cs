using System;
using System.ComponentModel;
using System.Globalization;

namespace Gen.Exec;

/// <summary>Statistics of one run.</summary>
public readonly struct RunStats
{
    internal RunStats(TimeSpan elapsed, TimeSpan sequentialElapsed, int succeeded, int failed, int timedOut, int canceled, int skipped, int fellBack, int notRun, int retries)
    {
        FellBack = fellBack;
        NotRun = notRun;
        Retries = retries;
        Elapsed = elapsed;
        SequentialElapsed = sequentialElapsed;
        Succeeded = succeeded;
        Failed = failed;
        TimedOut = timedOut;
        Canceled = canceled;
        Skipped = skipped;
    }

    /// <summary>Wall-clock time of the run.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The sum of the layers' <see cref="LayerResult.Elapsed"/>: what running them one after another would take.</summary>
    public TimeSpan SequentialElapsed { get; }

    /// <summary><see cref="SequentialElapsed"/> divided by <see cref="Elapsed"/> (1 when the run took no measurable time).</summary>
    public double Speedup => Elapsed > TimeSpan.Zero ? SequentialElapsed.Ticks / (double)Elapsed.Ticks : 1.0;

    /// <summary><see cref="SequentialElapsed"/> minus <see cref="Elapsed"/>; negative when running in parallel did not pay off.</summary>
    public TimeSpan TimeSaved => SequentialElapsed - Elapsed;

    /// <summary>Layers that succeeded.</summary>
    public int Succeeded { get; }

    /// <summary>Layers that failed.</summary>
    public int Failed { get; }

    /// <summary>Layers that timed out.</summary>
    public int TimedOut { get; }

    /// <summary>Layers that were cancelled while running.</summary>
    public int Canceled { get; }

    /// <summary>Layers that were skipped.</summary>
    public int Skipped { get; }

    /// <summary>Layers whose fallback stood in for them after they failed or timed out (<see cref="LayerStatus.FellBack"/>); not counted in <see cref="Failed"/> or <see cref="TimedOut"/>.</summary>
    public int FellBack { get; }

    /// <summary>Layers not part of this run (<see cref="LayerStatus.NotRun"/>: not targeted, or a false condition); they add nothing to <see cref="SequentialElapsed"/>.</summary>
    public int NotRun { get; }

    /// <summary>Layers that started: everything but <see cref="Skipped"/> and <see cref="NotRun"/>.</summary>
    public int LayersRun => Succeeded + Failed + TimedOut + Canceled + FellBack;

    /// <summary>Attempts beyond the first, over all layers of the run (summed into <see cref="ExecutorStats.Retries"/>).</summary>
    internal int Retries { get; }

    /// <inheritdoc/>
    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "{0:0.0} ms (sequential {1:0.0} ms, {2:0.00}x); {3} succeeded, {4} failed, {5} timed out, {6} canceled, {7} skipped, {8} fell back, {9} not run",
        Elapsed.TotalMilliseconds,
        SequentialElapsed.TotalMilliseconds,
        Speedup,
        Succeeded,
        Failed,
        TimedOut,
        Canceled,
        Skipped,
        FellBack,
        NotRun);
}

/// <summary>Accumulates per-layer outcomes into <see cref="RunStats"/>. Used by generated executors.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct RunStatsBuilder
{
    private long _sequentialTicks;
    private int _succeeded;
    private int _failed;
    private int _timedOut;
    private int _canceled;
    private int _skipped;
    private int _fellBack;
    private int _notRun;
    private int _retries;

    /// <summary>Adds one layer's outcome.</summary>
    public void Add(in LayerResult result)
    {
        _sequentialTicks += result.Elapsed.Ticks;

        switch (result.Status)
        {
            case LayerStatus.Succeeded: _succeeded++; break;
            case LayerStatus.Failed: _failed++; break;
            case LayerStatus.TimedOut: _timedOut++; break;
            case LayerStatus.Canceled: _canceled++; break;
            case LayerStatus.Skipped: _skipped++; break;
            case LayerStatus.FellBack: _fellBack++; break;
            case LayerStatus.NotRun: _notRun++; break;
        }
    }

    /// <summary>Adds one layer's outcome.</summary>
    public void Add<T>(in LayerResult<T> result) => Add(result.ToLayerResult());

    /// <summary>The run's retries, as counted while it ran.</summary>
    internal void AddRetries(int retries) => _retries += retries;

    internal readonly RunStats Build(TimeSpan elapsed)
        => new(elapsed, TimeSpan.FromTicks(_sequentialTicks), _succeeded, _failed, _timedOut, _canceled, _skipped, _fellBack, _notRun, _retries);
}
