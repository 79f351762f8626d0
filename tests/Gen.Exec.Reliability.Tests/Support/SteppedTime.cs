using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Gen.Exec.Reliability.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that knows when its timers are due, so that a test can advance the clock
/// exactly to the next due time (never past it): work a timer releases then starts at that very instant, and
/// delays measured on this clock are exact.
/// </summary>
internal sealed class SteppedTime : FakeTimeProvider
{
    private readonly object _gate = new();
    private readonly SortedSet<DateTimeOffset> _due = new();

    public SteppedTime()
        : base(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Note(dueTime);
        return new TrackedTimer(this, base.CreateTimer(callback, state, dueTime, period));
    }

    /// <summary>The earliest due time after now that some timer may still have (stale ones only cost a step).</summary>
    public bool TryNextDue(out DateTimeOffset due)
    {
        DateTimeOffset now = GetUtcNow();
        lock (_gate)
        {
            _due.RemoveWhere(d => d <= now);
            if (_due.Count > 0)
            {
                due = _due.Min;
                return true;
            }
        }

        due = default;
        return false;
    }

    private void Note(TimeSpan dueTime)
    {
        if (dueTime == Timeout.InfiniteTimeSpan || dueTime < TimeSpan.Zero)
        {
            return;
        }

        DateTimeOffset due = GetUtcNow() + dueTime;
        lock (_gate)
        {
            _due.Add(due);
        }
    }

    private sealed class TrackedTimer(SteppedTime owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Note(dueTime);
            return inner.Change(dueTime, period);
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
