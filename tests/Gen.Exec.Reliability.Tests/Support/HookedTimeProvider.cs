using System;
using System.Threading;
using Microsoft.Extensions.Time.Testing;

namespace Gen.Exec.Reliability.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> whose timers run <see cref="OnTimerDisposed"/> when disposed: lets a test
/// act at the exact point where the runtime releases a layer's time-out timer.
/// </summary>
internal sealed class HookedTimeProvider : TimeProvider
{
    public FakeTimeProvider Inner { get; } = new();

    public Action? OnTimerDisposed { get; set; }

    public override long TimestampFrequency => Inner.TimestampFrequency;

    public override long GetTimestamp() => Inner.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => Inner.GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        => new HookedTimer(this, Inner.CreateTimer(callback, state, dueTime, period));

    private sealed class HookedTimer(HookedTimeProvider owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            inner.Dispose();
            owner.OnTimerDisposed?.Invoke();
        }

        public System.Threading.Tasks.ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
