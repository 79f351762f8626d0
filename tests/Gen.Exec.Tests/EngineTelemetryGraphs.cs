using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

// Graphs for the engine's telemetry, observers and adaptive options (issue 11), compiled by the real generator.
namespace Gen.Exec.Tests.Telemetry
{
    /// <summary>Every kind of layer end in one run: succeeded (async and sync), failed, timed out, skipped.</summary>
    [Timeout(30_000)]
    public sealed partial class Traced
    {
        // What each layer saw as Activity.Current while its method ran.
        public volatile Activity? SeenBeforeAwait;
        public volatile Activity? SeenAfterAwait;
        public volatile Activity? SeenOnLayerThread;

        [Layer]
        public async Task<int> Async()
        {
            SeenBeforeAwait = Activity.Current;
            await Task.Yield();
            SeenAfterAwait = Activity.Current;
            return 1;
        }

        [Layer]
        public int Sync()
        {
            SeenOnLayerThread = Activity.Current;
            return 2;
        }

        [Layer]
        public async Task<int> Fails()
        {
            await Task.Yield();
            throw new InvalidOperationException("fails on purpose");
        }

        [Layer, Timeout(50)]
        public async Task<int> TimesOut(CancellationToken ct)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return 3;
        }

        [Layer, DependsOn(nameof(Fails))]
        public int NeedsFails(int fails) => fails;
    }

    /// <summary>Layers that all succeed, one of them after an asynchronous hop.</summary>
    [Timeout(30_000)]
    public sealed partial class AllGood
    {
        [Layer] public int First() => 1;

        [Layer]
        public async ValueTask<int> Second()
        {
            await Task.Yield();
            return 2;
        }

        [Layer, DependsOn(nameof(First), nameof(Second))]
        public int Sum(int first, int second) => first + second;
    }

    /// <summary>A critical layer that fails while another waits on its token: the run is aborted.</summary>
    [Timeout(30_000)]
    public sealed partial class Aborting
    {
        public readonly TaskCompletionSource WaiterStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        [Layer]
        public async Task<int> Waits(CancellationToken ct)
        {
            WaiterStarted.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return 1;
        }

        [Layer(Critical = true)]
        public async Task<int> Vital()
        {
            await WaiterStarted.Task;
            throw new FormatException("vital layer failed");
        }

        [Layer, DependsOn(nameof(Vital))]
        public int AfterVital(int vital) => vital;
    }

    /// <summary>One layer waits for the caller to cancel; another waits for it.</summary>
    [Timeout(30_000)]
    public sealed partial class CancelledByCaller
    {
        public readonly TaskCompletionSource Started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        [Layer]
        public async Task<int> Waits(CancellationToken ct)
        {
            Started.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return 1;
        }

        [Layer, DependsOn(nameof(Waits))]
        public int Then(int waits) => waits;
    }

    /// <summary>One layer ignores its token and returns only when the test lets it; another waits for it.</summary>
    [Timeout(30_000)]
    public sealed partial class IgnoresCallerCancellation
    {
        public readonly TaskCompletionSource Started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public readonly TaskCompletionSource Returning = new(TaskCreationOptions.RunContinuationsAsynchronously);

        [Layer]
        public async Task<int> Stubborn()
        {
            Started.TrySetResult();
            await Release.Task;
            Returning.TrySetResult();
            return 1;
        }

        [Layer, DependsOn(nameof(Stubborn))]
        public int Then(int stubborn) => stubborn;
    }

    /// <summary>
    /// A quick layer that finishes once the other has started, and a layer that waits for the caller to cancel.
    /// Quick waits for Waits to start so that a cancellation on Quick's completion always finds Waits running
    /// (Canceled), never still unstarted (Skipped).
    /// </summary>
    [Timeout(30_000)]
    public sealed partial class QuickThenWaiting
    {
        private readonly TaskCompletionSource _waitsStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        [Layer]
        public async Task<int> Quick()
        {
            await _waitsStarted.Task;
            return 1;
        }

        [Layer]
        public async Task<int> Waits(CancellationToken ct)
        {
            _waitsStarted.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return 2;
        }
    }

    /// <summary>A layer on the fake clock: quick (advances the clock and returns) or slow (waits on the clock).</summary>
    [Timeout(1000)]
    public sealed partial class Backend(FakeTimeProvider time)
    {
        public TimeSpan Takes { get; set; } = TimeSpan.FromMilliseconds(10);

        public bool Slow { get; set; }

        public readonly ConcurrentQueue<TaskCompletionSource> Started = new();

        [Layer]
        public async Task<int> Call(CancellationToken ct)
        {
            if (!Slow)
            {
                time.Advance(Takes);
                return 1;
            }

            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Started.Enqueue(started);
            started.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(10), time, ct);
            return 2;
        }
    }

    /// <summary>
    /// Two independent layers whose time-outs mislead: <c>LooksLong</c> declares 5 s but is quick, <c>LooksShort</c>
    /// declares 1 s but is the slow one. Compile-time ranks start <c>LooksLong</c> first.
    /// </summary>
    public sealed partial class Misleading
    {
        public readonly ConcurrentQueue<string> Order = new();

        [Layer, Timeout(5000)]
        public int LooksLong()
        {
            Order.Enqueue(nameof(LooksLong));
            return 1;
        }

        [Layer, Timeout(1000)]
        public int LooksShort()
        {
            Order.Enqueue(nameof(LooksShort));
            return 2;
        }
    }

    /// <summary>A few quick layers, asynchronous and synchronous, for many concurrent runs.</summary>
    [Timeout(30_000)]
    public sealed partial class Busy
    {
        [Layer]
        public async Task<int> A()
        {
            await Task.Yield();
            return 1;
        }

        [Layer] public int B() => 2;

        [Layer]
        public async ValueTask<int> C()
        {
            await Task.Yield();
            throw new InvalidOperationException("C fails");
        }

        [Layer, DependsOn(nameof(A), nameof(B))]
        public int D(int a, int b) => a + b;

        [Layer, DependsOn(nameof(C))]
        public int E(int c) => c;
    }
}
