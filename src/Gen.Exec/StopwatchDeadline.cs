using System;
using System.Diagnostics;

namespace Gen.Exec;

/// <summary>Deadlines on the system clock, whose timestamps are <see cref="Stopwatch"/> timestamps.</summary>
internal static class StopwatchDeadline
{
    /// <summary>A span as Stopwatch ticks.</summary>
    public static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    /// <summary>
    /// The time left until <paramref name="dueTimestamp"/>, in whole milliseconds rounded up: a system timer
    /// truncates to milliseconds, and must not fire before a deadline.
    /// </summary>
    public static TimeSpan Remaining(long dueTimestamp)
    {
        long ticks = dueTimestamp - Stopwatch.GetTimestamp();
        return ticks <= 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Ceiling(ticks * 1000.0 / Stopwatch.Frequency));
    }
}
