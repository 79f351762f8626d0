using System;
using System.Collections.Concurrent;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

// Graphs for the per-request control tests (issue 12): targets, conditions, retries, fallbacks.
namespace Gen.Exec.Tests
{
    /// <summary>A fake clock that records the due time of every timer the engine creates (deadlines and retry delays).</summary>
    public sealed class RecordingTime : FakeTimeProvider
    {
        public readonly ConcurrentQueue<TimeSpan> Timers = new();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Timers.Enqueue(dueTime);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    /// <summary>A -> B -> C, and D -> E with a counted condition on E.</summary>
    [Timeout(10_000)]
    public sealed partial class Selectable
    {
        public int ACalls, BCalls, CCalls, DCalls, ECalls, EConditionCalls;

        [Layer] public Task<int> A() => Task.FromResult(Interlocked.Increment(ref ACalls));

        [Layer, DependsOn(nameof(A))] public Task<int> B(int a) => Task.FromResult(a + Interlocked.Increment(ref BCalls));

        [Layer, DependsOn(nameof(B))] public Task<int> C(int b) => Task.FromResult(b + Interlocked.Increment(ref CCalls));

        [Layer] public Task<int> D() => Task.FromResult(Interlocked.Increment(ref DCalls));

        [Layer, DependsOn(nameof(D)), When(nameof(EWanted))] public Task<int> E(int d) => Task.FromResult(d + Interlocked.Increment(ref ECalls));

        private bool EWanted()
        {
            Interlocked.Increment(ref EConditionCalls);
            return true;
        }
    }

    /// <summary>A condition on Deep (true for long queries) and how NotRun propagates; a condition that throws.</summary>
    [Timeout(10_000)]
    public sealed partial class Conditional
    {
        public int DeepCalls, ConditionCalls, GuardedCalls, GuardedFallbackCalls;

        [Layer] public Task<int> Classify(string query) => Task.FromResult(query.Length);

        [Layer, DependsOn(nameof(Classify)), When(nameof(IsComplex))]
        public Task<string> Deep(int classify)
        {
            Interlocked.Increment(ref DeepCalls);
            return Task.FromResult("deep:" + classify);
        }

        [Layer, DependsOn(nameof(Deep))] public Task<string> UsesDeep(string deep) => Task.FromResult(deep + "!");

        [Layer, DependsOn(nameof(Deep))] public Task<string> SeesDeep(LayerResult<string> deep) => Task.FromResult(deep.Status.ToString());

        [Layer] public Task<int> Fails() => throw new InvalidOperationException("fails");

        [Layer, DependsOn(nameof(Fails), nameof(Deep))] public Task<int> Both(int fails, string deep) => Task.FromResult(fails);

        [Layer, When(nameof(Boom)), Retry(2, DelayMilliseconds = 0), Fallback(nameof(GuardedFallback))]
        public Task<int> Guarded() => Task.FromResult(Interlocked.Increment(ref GuardedCalls));

        private bool IsComplex(int classify)
        {
            Interlocked.Increment(ref ConditionCalls);
            return classify > 5;
        }

        private static bool Boom(string query) => query == "boom" ? throw new ArgumentException("bad predicate") : true;

        private int GuardedFallback() => Interlocked.Increment(ref GuardedFallbackCalls);
    }

    /// <summary>Layers that always fail at once, one per back-off; run one at a time with Targets.</summary>
    [Timeout(10_000)]
    public sealed partial class Backoffs
    {
        public int Calls;

        [Layer, Retry(3, DelayMilliseconds = 100, Backoff = RetryBackoff.Constant, Jitter = false)]
        public Task<int> Constant() => Fail();

        [Layer, Retry(3, DelayMilliseconds = 100, Backoff = RetryBackoff.Linear, Jitter = false)]
        public Task<int> Linear() => Fail();

        [Layer, Retry(3, DelayMilliseconds = 100, Backoff = RetryBackoff.Exponential, Jitter = false)]
        public Task<int> Exponential() => Fail();

        [Layer, Retry(3, DelayMilliseconds = 100)]
        public Task<int> Jittered() => Fail();

        private Task<int> Fail()
        {
            Interlocked.Increment(ref Calls);
            throw new IOException("transient");
        }
    }

    /// <summary>A layer that never finishes: every attempt times out.</summary>
    [Timeout(100)]
    public sealed partial class RetriesTimeouts
    {
        public readonly ConcurrentQueue<(CancellationToken Token, bool CanceledAtStart)> Attempts = new();

        [Layer, Retry(2, DelayMilliseconds = 0)]
        public async Task<int> Slow(CancellationToken ct)
        {
            Attempts.Enqueue((ct, ct.IsCancellationRequested));
            await Task.Delay(Timeout.Infinite, ct);
            return 1;
        }
    }

    /// <summary>Retry filtering by exception type.</summary>
    [Timeout(10_000)]
    public sealed partial class Handles
    {
        public int NotHandledCalls, HandledThenNotCalls, SucceedsThirdCalls;

        [Layer, Retry(3, DelayMilliseconds = 0, Handle = new[] { typeof(IOException) })]
        public Task<int> NotHandled()
        {
            Interlocked.Increment(ref NotHandledCalls);
            throw new InvalidOperationException("not retried");
        }

        [Layer, Retry(3, DelayMilliseconds = 0, Handle = new[] { typeof(IOException) })]
        public Task<int> HandledThenNot()
        {
            int call = Interlocked.Increment(ref HandledThenNotCalls);
            throw call < 3 ? new IOException("transient") : new InvalidOperationException("permanent");
        }

        [Layer, Retry(3, DelayMilliseconds = 0)]
        public Task<int> SucceedsThird()
        {
            int call = Interlocked.Increment(ref SucceedsThirdCalls);
            return call < 3 ? Task.FromException<int>(new IOException("transient")) : Task.FromResult(call);
        }
    }

    /// <summary>A retrying layer waiting out its delay while a critical layer fails (or the caller cancels).</summary>
    [Timeout(10_000)]
    public sealed partial class RetryThenAbort
    {
        public int RetriedCalls;
        public readonly TaskCompletionSource<int> ReleaseCritical = new(TaskCreationOptions.RunContinuationsAsynchronously);

        [Layer, Retry(3, DelayMilliseconds = 1000, Jitter = false)]
        public Task<int> Retried()
        {
            Interlocked.Increment(ref RetriedCalls);
            throw new IOException("transient");
        }

        [Layer(Critical = true)]
        public async Task<int> Critical()
        {
            await ReleaseCritical.Task;
            throw new InvalidOperationException("critical failure");
        }
    }

    /// <summary>Fallbacks after Failed and TimedOut, a failing and a timing-out fallback, one limited to IOException.</summary>
    [Timeout(10_000)]
    public sealed partial class Fallbacks
    {
        public int NarrowCalls;

        [Layer, Fallback(nameof(Cached))] public Task<int> Throws() => throw new InvalidOperationException("primary down");

        [Layer, DependsOn(nameof(Throws))] public Task<int> UsesValue(int throws) => Task.FromResult(throws + 1);

        [Layer, Timeout(100), Fallback(nameof(Late))]
        public async Task<string> Hangs(CancellationToken ct)
        {
            await Task.Delay(Timeout.Infinite, ct);
            return "never";
        }

        [Layer, Timeout(100), Fallback(nameof(HangsToo))]
        public async Task<string> HangsTwice(CancellationToken ct)
        {
            await Task.Delay(Timeout.Infinite, ct);
            return "never";
        }

        [Layer, Retry(1, DelayMilliseconds = 0), Fallback(nameof(AlsoFails))]
        public Task<int> FailsTwice() => throw new InvalidOperationException("layer error");

        [Layer, DependsOn(nameof(FailsTwice))] public Task<int> AfterFailsTwice(int failsTwice) => Task.FromResult(failsTwice);

        [Layer, Fallback(nameof(OnlyIo))] public Task<int> Narrowed() => throw new InvalidOperationException("not io");

        private int Cached(Exception error) => error is InvalidOperationException ? 42 : -1;

        private static string Late(TimeoutException error) => "late:" + error.GetType().Name;

        // Ignores its token: its own deadline still holds.
        private static async Task<string> HangsToo(CancellationToken ct)
        {
            await Task.Delay(Timeout.Infinite, CancellationToken.None);
            return "never";
        }

        private static Task<int> AlsoFails(CancellationToken ct) => throw new NotSupportedException("fallback error");

        private int OnlyIo(IOException error)
        {
            Interlocked.Increment(ref NarrowCalls);
            return 0;
        }
    }

    /// <summary>A layer that fails <c>caller % 5</c> times per caller before it succeeds: 4 failures exhaust its retries and fall back.</summary>
    [Timeout(10_000)]
    public sealed partial class ConcurrentRetries
    {
        private readonly ConcurrentDictionary<int, int> _calls = new();

        [Layer, Retry(3, DelayMilliseconds = 1, Jitter = false), Fallback(nameof(Safe))]
        public Task<int> Flaky(int caller)
        {
            int call = _calls.AddOrUpdate(caller, 1, static (_, count) => count + 1);
            return call <= caller % 5 ? Task.FromException<int>(new IOException("transient")) : Task.FromResult(caller);
        }

        [Layer, DependsOn(nameof(Flaky))]
        public async Task<int> Next(int flaky)
        {
            await Task.Yield();
            return flaky;
        }

        private static int Safe(int caller) => -caller;
    }
}
