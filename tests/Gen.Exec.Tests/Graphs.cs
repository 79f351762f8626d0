using System;
using System.Threading;
using System.Threading.Tasks;

// Graphs compiled by the real generator. Each is small and aimed at one behaviour.
namespace Gen.Exec.Tests
{
    /// <summary>Fan-out of five layers and a merge that takes their typed results.</summary>
    [Timeout(10_000)]
    public sealed partial class FanOut(Script script)
    {
        [Layer] public Task<int> A(CancellationToken ct) => script.Run(nameof(A), 1, ct);

        [Layer] public Task<int> B(CancellationToken ct) => script.Run(nameof(B), 2, ct);

        [Layer] public Task<int> C(CancellationToken ct) => script.Run(nameof(C), 3, ct);

        [Layer] public Task<int> D(CancellationToken ct) => script.Run(nameof(D), 4, ct);

        [Layer] public Task<int> E(CancellationToken ct) => script.Run(nameof(E), 5, ct);

        [Layer, DependsOn(nameof(A), nameof(B), nameof(C), nameof(D), nameof(E))]
        public Task<int> Sum(int a, int b, int c, int d, int e, CancellationToken ct) => script.Run(nameof(Sum), a + b + c + d + e, ct);
    }

    /// <summary>Fast -> AfterFast must not wait for Slow; Join tolerates Slow's failure.</summary>
    [Timeout(10_000)]
    public sealed partial class Uneven(Script script)
    {
        [Layer] public Task<int> Fast(CancellationToken ct) => script.Run(nameof(Fast), 1, ct);

        [Layer] public Task<int> Slow(CancellationToken ct) => script.Run(nameof(Slow), 2, ct);

        [Layer, DependsOn(nameof(Fast))]
        public Task<int> AfterFast(int fast, CancellationToken ct) => script.Run(nameof(AfterFast), fast + 10, ct);

        [Layer, DependsOn(nameof(Slow), nameof(AfterFast))]
        public Task<string> Join(LayerResult<int> slow, int afterFast, CancellationToken ct)
            => script.Run(nameof(Join), $"{slow.Status}:{slow.GetValueOrDefault(-1)}:{afterFast}", ct);
    }

    /// <summary>Run inputs in order of first appearance, shared between layers; every return shape.</summary>
    [Timeout(10_000)]
    public sealed partial class Shapes
    {
        public int SyncVoidCalls;
        public string? Seen;

        [Layer] public string Greeting(string name, int times) => string.Concat(System.Linq.Enumerable.Repeat("hi " + name + ";", times));

        [Layer] public Task<int> Length(string name, CancellationToken ct) => Task.FromResult(name.Length);

        [Layer, DependsOn(nameof(Greeting))]
        public async ValueTask<string> Shout(string greeting, bool loud, CancellationToken ct)
        {
            await Task.Yield();
            return loud ? greeting.ToUpperInvariant() : greeting;
        }

        [Layer] public void Count() => Interlocked.Increment(ref SyncVoidCalls);

        [Layer, DependsOn(nameof(Shout), nameof(Count))]
        public async Task Record(string shout, LayerResult count, CancellationToken ct)
        {
            await Task.Delay(1, ct);
            Seen = shout + "|" + count.Status;
        }

        [Layer, DependsOn(nameof(Record), nameof(Length))]
        public ValueTask Done(LayerResult record, int length) => ValueTask.CompletedTask;
    }

    /// <summary>Failures of every kind, time-outs driven by a TimeProvider, and an ordinary dependent.</summary>
    [Timeout(1_000)]
    public sealed partial class Faulty(Script script)
    {
        [Layer] public Task<int> Ok(CancellationToken ct) => script.Run(nameof(Ok), 1, ct);

        [Layer] public async Task<int> ThrowsAsync(CancellationToken ct)
        {
            await Task.Yield();
            throw new InvalidOperationException("async boom");
        }

        // Not async: throws before returning a task.
        [Layer] public Task<int> ThrowsSynchronously(CancellationToken ct) => throw new FormatException("sync boom");

        [Layer, Timeout(100)] public Task<int> IgnoresToken(CancellationToken ct) => script.Run(nameof(IgnoresToken), 4, CancellationToken.None);

        [Layer, DependsOn(nameof(ThrowsAsync))]
        public Task<int> NeedsThrower(int throwsAsync, CancellationToken ct) => script.Run(nameof(NeedsThrower), throwsAsync, ct);

        [Layer, DependsOn(nameof(IgnoresToken))]
        public Task<int> NeedsTimedOut(int ignoresToken, CancellationToken ct) => script.Run(nameof(NeedsTimedOut), ignoresToken, ct);

        [Layer, DependsOn(nameof(Ok), nameof(ThrowsSynchronously))]
        public Task<string> Tolerant(int ok, LayerResult<int> throwsSynchronously, CancellationToken ct)
            => script.Run(nameof(Tolerant), $"{ok}:{throwsSynchronously.Status}:{throwsSynchronously.Error?.Message}", ct);
    }

    /// <summary>A synchronous layer that blocks and ignores its token until the test releases it.</summary>
    [Timeout(10_000)]
    public sealed partial class Blocking(ManualResetEventSlim release)
    {
        private int _stuckReturned;

        public TaskCompletionSource StuckStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool StuckReturned => Volatile.Read(ref _stuckReturned) == 1;

        [Layer, Timeout(200)]
        public int Stuck()
        {
            StuckStarted.SetResult();

            // Bounded so that an engine that wrongly waits for it fails the test instead of hanging it.
            release.Wait(TimeSpan.FromSeconds(30));
            Volatile.Write(ref _stuckReturned, 1);
            return 1;
        }

        [Layer] public int Quick() => 2;
    }

    /// <summary>Ten independent layers for the concurrency limit; priorities for start order.</summary>
    [Timeout(10_000)]
    public sealed partial class Wide(Script script)
    {
        [Layer] public Task L0(CancellationToken ct) => script.Run(nameof(L0), ct);
        [Layer] public Task L1(CancellationToken ct) => script.Run(nameof(L1), ct);
        [Layer] public Task L2(CancellationToken ct) => script.Run(nameof(L2), ct);
        [Layer] public Task L3(CancellationToken ct) => script.Run(nameof(L3), ct);
        [Layer] public Task L4(CancellationToken ct) => script.Run(nameof(L4), ct);
        [Layer] public Task L5(CancellationToken ct) => script.Run(nameof(L5), ct);
        [Layer] public Task L6(CancellationToken ct) => script.Run(nameof(L6), ct);
        [Layer] public Task L7(CancellationToken ct) => script.Run(nameof(L7), ct);
        [Layer] public Task L8(CancellationToken ct) => script.Run(nameof(L8), ct);
        [Layer] public Task L9(CancellationToken ct) => script.Run(nameof(L9), ct);
    }

    /// <summary>
    /// Start order under MaxConcurrency = 1: Urgent (priority), then Head (longest remaining path: Head -> Tail),
    /// then Tail (its remaining path beats Plain's), then Plain.
    /// </summary>
    public sealed partial class Prioritized(Script script)
    {
        [Layer, Timeout(100)] public Task Plain(CancellationToken ct) => script.Run(nameof(Plain), ct);

        [Layer, Timeout(100)] public Task Head(CancellationToken ct) => script.Run(nameof(Head), ct);

        [Layer(Priority = 10), Timeout(100)] public Task Urgent(CancellationToken ct) => script.Run(nameof(Urgent), ct);

        [Layer, Timeout(500), DependsOn(nameof(Head))] public Task Tail(CancellationToken ct) => script.Run(nameof(Tail), ct);
    }

    /// <summary>A critical layer and bystanders, for abort semantics.</summary>
    [Timeout(10_000)]
    public sealed partial class Guarded(Script script)
    {
        [Layer(Critical = true)] public Task<int> Vital(CancellationToken ct) => script.Run(nameof(Vital), 1, ct);

        [Layer] public Task<int> Optional(CancellationToken ct) => script.Run(nameof(Optional), 2, ct);

        [Layer] public Task<int> Running(CancellationToken ct) => script.Run(nameof(Running), 3, ct);

        [Layer, DependsOn(nameof(Running))]
        public Task<int> Later(LayerResult<int> running, CancellationToken ct) => script.Run(nameof(Later), 4, ct);
    }

    /// <summary>
    /// Abandoned at its time-out, then throws when the test releases it, with nobody waiting for it: must not
    /// surface as an unobserved task exception. Keeps only a weak reference to the layer's task, so the test
    /// can check that the task became garbage (had nobody observed its exception, it would have surfaced).
    /// </summary>
    [Timeout(50)]
    public sealed partial class LateThrower
    {
        public const string Marker = "late-thrower-marker";

        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource LateStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public WeakReference<Task>? LateTask { get; private set; }

        public void ReleaseLate() => _release.SetResult();

        [Layer]
        public Task<int> Late(CancellationToken ct)
        {
            Task<int> body = ThrowWhenReleasedAsync();
            LateTask = new WeakReference<Task>(body);
            LateStarted.SetResult();
            return body;
        }

        private async Task<int> ThrowWhenReleasedAsync()
        {
            await _release.Task.ConfigureAwait(false);
            throw new InvalidOperationException(Marker);
        }
    }

    public static partial class Outer
    {
        /// <summary>A static graph nested in a static partial class.</summary>
        [Timeout(1_000)]
        public static partial class StaticGraph
        {
            [Layer] public static int Two() => 2;

            [Layer, DependsOn(nameof(Two))] public static Task<int> Square(int two, int extra) => Task.FromResult((two * two) + extra);
        }

        public partial class Container<TItem>
        {
            /// <summary>A graph nested in a generic type, using the type parameter.</summary>
            [Timeout(1_000)]
            public sealed partial class Generic
            {
                [Layer] public TItem[] Wrap(TItem item) => new[] { item };

                [Layer, DependsOn(nameof(Wrap))] public int Count(TItem[] wrap) => wrap.Length;
            }
        }
    }
}

/// <summary>A graph in the global namespace.</summary>
[Gen.Exec.Timeout(1_000)]
public sealed partial class GlobalGraph
{
    [Gen.Exec.Layer] public int One() => 1;
}

namespace Gen.Exec.Tests
{
    /// <summary>Layers exchanging a private nested type: the generated types take its accessibility.</summary>
    [Timeout(1_000)]
    public sealed partial class PrivateTypes
    {
        public static async Task<int> RunOnceAsync() => (await new Executor(new PrivateTypes()).RunAsync(20)).Read.Value;

        [Layer] private Secret Make(int seed) => new(seed + 1);

        [Layer, DependsOn(nameof(Make))] private int Read(Secret make) => make.Value * 2;

        private sealed record Secret(int Value);
    }

    /// <summary>A synchronous layer that blocks beside an asynchronous one.</summary>
    [Timeout(10_000)]
    public sealed partial class SyncBeside(Script script, ManualResetEventSlim release)
    {
        [Layer(Priority = 1)] public int Blocker() => release.Wait(TimeSpan.FromSeconds(30)) ? 1 : 0;

        [Layer] public Task<int> Other(CancellationToken ct) => script.Run(nameof(Other), 2, ct);
    }
}

namespace Gen.Exec.Tests
{
    /// <summary>
    /// A Task-returning layer whose work (virtual time it spends before returning its already completed task)
    /// overruns its time-out: no timer can interrupt it, only the deadline can judge it.
    /// </summary>
    [Timeout(10_000)]
    public sealed partial class BlocksBeforeReturning(Microsoft.Extensions.Time.Testing.FakeTimeProvider time)
    {
        [Layer, Timeout(50)]
        public Task<int> Late(CancellationToken ct)
        {
            time.Advance(TimeSpan.FromMilliseconds(60));
            return Task.FromResult(1);
        }

        [Layer, DependsOn(nameof(Late))] public int After(LayerResult<int> late) => late.GetValueOrDefault(-1);
    }
}
