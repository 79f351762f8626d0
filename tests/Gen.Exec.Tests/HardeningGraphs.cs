using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

// Graphs for the engine-hardening regression tests (issue 10), compiled by the real generator.
namespace Gen.Exec.Tests
{
    /// <summary>One layer that waits for its token; it notes whether its token's callback ran inside the caller's Cancel().</summary>
    [Timeout(30_000)]
    public sealed partial class WaitsForCaller
    {
        // The managed id of the thread inside the caller's Cancel() call, 0 outside it.
        public volatile int CancellingThread;
        public volatile bool CallbackRanInsideCancel;
        public readonly TaskCompletionSource Started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        [Layer]
        public async Task<int> Waits(CancellationToken ct)
        {
            ct.Register(() => CallbackRanInsideCancel |= CancellingThread == Environment.CurrentManagedThreadId);
            Started.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return 1;
        }
    }

    /// <summary>An asynchronous layer released by the test.</summary>
    [Timeout(30_000)]
    public sealed partial class ReleasedByTest
    {
        public readonly TaskCompletionSource<int> Release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource Started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        [Layer]
        public Task<int> Work()
        {
            Started.TrySetResult();
            return Release.Task;
        }
    }

    /// <summary>Layers that run on the fake clock and overrun their 100 ms time-out before they return or throw.</summary>
    [Timeout(100)]
    public sealed partial class OverrunsThenEnds(FakeTimeProvider time)
    {
        [Layer]
        public Task<int> ReturnsLate()
        {
            time.Advance(TimeSpan.FromMilliseconds(150));
            return Task.FromResult(1);
        }

        [Layer]
        public Task<int> ThrowsLate()
        {
            time.Advance(TimeSpan.FromMilliseconds(150));
            throw new InvalidOperationException("late and failing");
        }

        [Layer]
        public async ValueTask<int> ThrowsLateInsideItsTask(CancellationToken ct)
        {
            time.Advance(TimeSpan.FromMilliseconds(150));
            await Task.CompletedTask;
            throw new InvalidOperationException("late and failing, inside the task");
        }

        [Layer]
        public int SynchronousThrowsLate()
        {
            time.Advance(TimeSpan.FromMilliseconds(150));
            throw new InvalidOperationException("late and failing, synchronously");
        }

        [Layer]
        public int SynchronousReturnsLate()
        {
            time.Advance(TimeSpan.FromMilliseconds(150));
            return 1;
        }
    }

    /// <summary>A layer that yields (so its continuation goes to TaskScheduler.Current) and notes the scheduler it started on.</summary>
    [Timeout(3_000)]
    public sealed partial class YieldsOnce
    {
        public volatile bool StartedOnDefaultScheduler;

        [Layer]
        public async Task<int> Yields()
        {
            StartedOnDefaultScheduler = TaskScheduler.Current == TaskScheduler.Default;
            await Task.Yield();
            return 1;
        }

        [Layer, DependsOn(nameof(Yields))]
        public async Task<int> After(int yields)
        {
            await Task.Yield();
            return yields + 1;
        }
    }

    /// <summary>A Task-returning layer that returns null.</summary>
    [Timeout(1_000)]
    public sealed partial class ReturnsNullTask
    {
        [Layer]
        public Task<int> Broken() => null!;

        [Layer]
        public Task AlsoBroken() => null!;
    }

    /// <summary>Synchronous layers: where they run, and sixteen that can finish only if all of them run at once.</summary>
    [Timeout(5_000)]
    public sealed partial class Rendezvous
    {
        public const int Width = 16;
        public readonly CountdownEvent AllThere = new(Width);
        public volatile bool RanOnPoolThread;

        [Layer] public bool L00() => Meet();

        [Layer] public bool L01() => Meet();

        [Layer] public bool L02() => Meet();

        [Layer] public bool L03() => Meet();

        [Layer] public bool L04() => Meet();

        [Layer] public bool L05() => Meet();

        [Layer] public bool L06() => Meet();

        [Layer] public bool L07() => Meet();

        [Layer] public bool L08() => Meet();

        [Layer] public bool L09() => Meet();

        [Layer] public bool L10() => Meet();

        [Layer] public bool L11() => Meet();

        [Layer] public bool L12() => Meet();

        [Layer] public bool L13() => Meet();

        [Layer] public bool L14() => Meet();

        [Layer] public bool L15() => Meet();

        private bool Meet()
        {
            RanOnPoolThread |= Thread.CurrentThread.IsThreadPoolThread;
            AllThere.Signal();

            // Ignores its token, as blocking code does; bounded so that a failing run cannot hang the test.
            return AllThere.Wait(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>The scenario of issue 10: a synchronous layer blocked past its 200 ms time-out beside four 50 ms asynchronous layers.</summary>
    public sealed partial class BlockingBesideAsync
    {
        public readonly ManualResetEventSlim Unblock = new(initialState: false);

        [Layer, Timeout(200)]
        public int Blocks()
        {
            // Ignores its token; the test releases it after the run.
            Unblock.Wait(TimeSpan.FromSeconds(30));
            return 0;
        }

        [Layer, Timeout(500)] public async Task<int> A(CancellationToken ct) { await Task.Delay(50, ct); return 1; }

        [Layer, Timeout(500)] public async Task<int> B(CancellationToken ct) { await Task.Delay(50, ct); return 2; }

        [Layer, Timeout(500)] public async Task<int> C(CancellationToken ct) { await Task.Delay(50, ct); return 3; }

        [Layer, Timeout(500)] public async Task<int> D(CancellationToken ct) { await Task.Delay(50, ct); return 4; }
    }

    /// <summary>Two independent synchronous layers that each sleep 300 ms.</summary>
    [Timeout(10_000)]
    public sealed partial class TwoSleepers
    {
        [Layer]
        public int First()
        {
            Thread.Sleep(300);
            return 1;
        }

        [Layer]
        public int Second()
        {
            Thread.Sleep(300);
            return 2;
        }
    }
}
