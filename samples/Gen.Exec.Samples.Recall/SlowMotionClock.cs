using System;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Samples.Recall;

/// <summary>
/// A clock that runs <see cref="Factor"/> times slower than the wall clock: its timestamps advance
/// <see cref="Factor"/> times slower and its timers fire <see cref="Factor"/> times later. Given to the executor
/// (<see cref="ExecutorOptions.TimeProvider"/>) and to the simulated stores, it stretches a 120 ms run so that a
/// live progress view can be watched, while every time reported (elapsed, time-outs) stays in simulated milliseconds.
/// </summary>
public sealed class SlowMotionClock : TimeProvider
{
    // System.Threading timers take at most 0xFFFFFFFE ms.
    private const double MaxTimerMilliseconds = 4294967294.0;

    private readonly TimeProvider _wall;
    private readonly long _originTimestamp;
    private readonly DateTimeOffset _originUtc;

    /// <summary>A clock <paramref name="factor"/> times slower than <paramref name="wall"/> (the system clock by default).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="factor"/> is below 1.</exception>
    public SlowMotionClock(double factor, TimeProvider? wall = null)
    {
        if (!(factor >= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The slow-motion factor must be at least 1.");
        }

        Factor = factor;
        _wall = wall ?? System;
        _originTimestamp = _wall.GetTimestamp();
        _originUtc = _wall.GetUtcNow();
    }

    /// <summary>How many times slower than the wall clock this clock runs.</summary>
    public double Factor { get; }

    /// <inheritdoc/>
    public override long TimestampFrequency => _wall.TimestampFrequency;

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => _wall.LocalTimeZone;

    /// <inheritdoc/>
    public override long GetTimestamp() => _originTimestamp + (long)((_wall.GetTimestamp() - _originTimestamp) / Factor);

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => _originUtc + ((_wall.GetUtcNow() - _originUtc) / Factor);

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        => new StretchedTimer(_wall.CreateTimer(callback, state, Stretch(dueTime), Stretch(period)), this);

    private TimeSpan Stretch(TimeSpan span)
    {
        if (span <= TimeSpan.Zero || span == Timeout.InfiniteTimeSpan)
        {
            return span;
        }

        return TimeSpan.FromMilliseconds(Math.Min(span.TotalMilliseconds * Factor, MaxTimerMilliseconds));
    }

    private sealed class StretchedTimer(ITimer timer, SlowMotionClock clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => timer.Change(clock.Stretch(dueTime), clock.Stretch(period));

        public void Dispose() => timer.Dispose();

        public ValueTask DisposeAsync() => timer.DisposeAsync();
    }
}
