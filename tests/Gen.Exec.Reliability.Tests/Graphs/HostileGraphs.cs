using System;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Reliability.Tests.Graphs;

/// <summary>Async layers that capture the caller's context, a blocking synchronous layer, a join.</summary>
[Timeout(10_000)]
public sealed partial class ContextGraph
{
    [Layer]
    public async Task<int> Captures(CancellationToken ct)
    {
        // No ConfigureAwait(false): the continuations go back to the caller's context, as user code does.
        await Task.Delay(2, ct);
        await Task.Yield();
        return 1;
    }

    [Layer]
    public int Blocks(CancellationToken ct)
    {
        Thread.Sleep(10);
        return 2;
    }

    [Layer, DependsOn(nameof(Captures), nameof(Blocks))]
    public async ValueTask<int> Join(int captures, int blocks, CancellationToken ct)
    {
        await Task.Delay(1, ct);
        return captures + blocks;
    }

    [Layer, DependsOn(nameof(Join))]
    public Task<int> Last(int join, CancellationToken ct) => Task.FromResult(join * 10);

    [Layer, DependsOn(nameof(Captures))]
    public int Tolerant(LayerResult<int> captures, CancellationToken ct) => captures.Succeeded ? 1 : -1;
}

/// <summary>Four blocking synchronous layers beside four async ones: more blocking work than a small pool has threads.</summary>
[Timeout(30_000)]
public sealed partial class StarvationGraph
{
    public const int BlockMilliseconds = 40;

    [Layer] public int Block1(CancellationToken ct) { Thread.Sleep(BlockMilliseconds); return 1; }

    [Layer] public int Block2(CancellationToken ct) { Thread.Sleep(BlockMilliseconds); return 2; }

    [Layer] public int Block3(CancellationToken ct) { Thread.Sleep(BlockMilliseconds); return 3; }

    [Layer] public int Block4(CancellationToken ct) { Thread.Sleep(BlockMilliseconds); return 4; }

    [Layer] public async Task<int> Async1(CancellationToken ct) { await Task.Delay(5, ct).ConfigureAwait(false); return 10; }

    [Layer] public async Task<int> Async2(CancellationToken ct) { await Task.Yield(); return 20; }

    [Layer, DependsOn(nameof(Block1), nameof(Async1))]
    public async ValueTask<int> Mixed(int block1, int async1, CancellationToken ct) { await Task.Delay(1, ct).ConfigureAwait(false); return block1 + async1; }

    [Layer, DependsOn(nameof(Mixed), nameof(Block2), nameof(Block3), nameof(Block4), nameof(Async2))]
    public int Sum(int mixed, int block2, int block3, int block4, int async2, CancellationToken ct) => mixed + block2 + block3 + block4 + async2;
}

/// <summary>A blocking layer that overruns its time-out while the pool is small.</summary>
[Timeout(100)]
public sealed partial class StarvedTimeoutGraph
{
    [Layer] public int Overruns(CancellationToken ct) { Thread.Sleep(400); return 1; }

    [Layer] public async Task<int> Quick(CancellationToken ct) { await Task.Delay(1, ct).ConfigureAwait(false); return 2; }

    [Layer, DependsOn(nameof(Overruns), nameof(Quick))]
    public int After(LayerResult<int> overruns, int quick, CancellationToken ct) => overruns.GetValueOrDefault(0) + quick;
}

/// <summary>Every way a layer can fail, with the layers that depend on them.</summary>
[Timeout(2000)]
public sealed partial class ExceptionGraph(ExceptionGraph.Faults faults)
{
    public sealed class Faults
    {
        public InvalidOperationException BeforeTask { get; } = new("thrown before the task was returned");

        public AggregateException Aggregate { get; } = new(new InvalidOperationException("first"), new ArgumentException("second"));

        public InvalidOperationException FirstOfMany { get; } = new("first of two");

        public ArgumentException SecondOfMany { get; } = new("second of two");

        public InvalidOperationException FromVoid { get; } = new("thrown by a void layer");
    }

    [Layer]
    public Task<int> ThrowsBeforeTask(CancellationToken ct) => throw faults.BeforeTask;

    [Layer, DependsOn(nameof(ThrowsBeforeTask))]
    public int NeedsValue(int throwsBeforeTask, CancellationToken ct) => throwsBeforeTask;

    [Layer, DependsOn(nameof(ThrowsBeforeTask))]
    public Exception? SeesFailure(LayerResult<int> throwsBeforeTask, CancellationToken ct) => throwsBeforeTask.Error;

    [Layer]
    public Task<int> ThrowsAggregate(CancellationToken ct) => Task.FromException<int>(faults.Aggregate);

    [Layer]
    public async Task<int> FailsTwice(CancellationToken ct)
    {
        await Task.Yield();
        await Task.WhenAll(Task.FromException(faults.FirstOfMany), Task.FromException(faults.SecondOfMany));
        return 0;
    }

    [Layer]
    public ValueTask<int> OwnCancellationAsync(CancellationToken ct)
        => ValueTask.FromCanceled<int>(new CancellationToken(canceled: true));

    [Layer]
    public int OwnCancellationSync(CancellationToken ct) => throw new OperationCanceledException("gave up for its own reasons");

    [Layer]
    public async Task OwnCancellationFromAnotherSource(CancellationToken ct)
    {
        using var other = new CancellationTokenSource();
        await other.CancelAsync();
        await Task.Delay(Timeout.Infinite, other.Token);
    }

    [Layer]
    public void VoidThrows(CancellationToken ct) => throw faults.FromVoid;

    [Layer]
    public ValueTask ValueTaskThrowsSynchronously(CancellationToken ct) => throw faults.FromVoid;
}

/// <summary>A layer that ignores its token, outlives its time-out and then fails: abandoned work that throws.</summary>
[Timeout(20)]
public sealed partial class LateFailureGraph
{
    public static int Finished;

    [Layer]
    public async Task<int> ThrowsLate(CancellationToken ct)
    {
        await Task.Delay(60, CancellationToken.None).ConfigureAwait(false);
        Interlocked.Increment(ref Finished);
        throw new InvalidOperationException("failed after its time-out");
    }

    [Layer]
    public int ThrowsLateSync(CancellationToken ct)
    {
        Thread.Sleep(60);
        Interlocked.Increment(ref Finished);
        throw new InvalidOperationException("failed after its time-out");
    }

    // A generous time-out of its own: this synchronous layer waits for a pool thread, and with 2,000 runs each
    // blocking one the wait alone can exceed the graph's 20 ms (seen once in a long run: TimedOut, correctly).
    [Layer, Timeout(10_000), DependsOn(nameof(ThrowsLate), nameof(ThrowsLateSync))]
    public int Sees(LayerResult<int> throwsLate, LayerResult<int> throwsLateSync, CancellationToken ct)
        => (int)throwsLate.Status * 10 + (int)throwsLateSync.Status;
}

/// <summary>Layers that turn their token's cancellation into their own exception, at the very moment it happens.</summary>
[Timeout(3)]
public sealed partial class ThrowOnCancellationGraph
{
    // A synchronous layer whose deadline passes before its thread picks it up never starts, so the test compares
    // the layers that finished with those that started, not with the number of runs.
    public static int Started;
    public static int Finished;

    [Layer]
    public int Sync(CancellationToken ct)
    {
        Interlocked.Increment(ref Started);
        ct.WaitHandle.WaitOne();
        Interlocked.Increment(ref Finished);
        throw new InvalidOperationException("cancelled, reported as my own failure");
    }

    [Layer]
    public async Task<int> Async(CancellationToken ct)
    {
        Interlocked.Increment(ref Started);
        try
        {
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref Finished);
            throw new InvalidOperationException("cancelled, reported as my own failure");
        }

        return 0;
    }
}

/// <summary>A layer whose token callback throws (say, a callback that completes an already completed source).</summary>
[Timeout(20)]
public sealed partial class ThrowingCallbackGraph
{
    [Layer]
    public Task<int> Waits(CancellationToken ct)
    {
        var source = new TaskCompletionSource<int>();
        source.SetResult(0);

        // SetCanceled on a completed source throws InvalidOperationException inside the token's callback.
        ct.Register(() => source.SetCanceled(ct));
        return Task.Delay(Timeout.Infinite, CancellationToken.None).ContinueWith(_ => 0, TaskScheduler.Default);
    }
}

/// <summary>A Task-returning layer that blocks its caller's thread before returning its task.</summary>
[Timeout(300)]
public sealed partial class BlockingTaskGraph
{
    [Layer]
    public Task<int> BlocksBeforeReturning(CancellationToken ct)
    {
        Thread.Sleep(600);
        return Task.FromResult(1);
    }

    [Layer]
    public async Task<int> Sibling(CancellationToken ct)
    {
        await Task.Yield();
        return 2;
    }
}

/// <summary>A layer whose task is completed from outside: by the test, at a moment of its choosing.</summary>
[Timeout(20)]
public sealed partial class ExternallyCompletedGraph
{
    [Layer]
    public Task<int> Waits(TaskCompletionSource<int> source, CancellationToken ct) => source.Task;
}

/// <summary>Keeps the token each layer was given.</summary>
public sealed class TokenBox
{
    public CancellationToken First { get; set; }

    public CancellationToken Second { get; set; }
}

/// <summary>A synchronously completing layer followed by a dependent that overruns its time-out.</summary>
[Timeout(100)]
public sealed partial class TokenReuseGraph
{
    [Layer]
    public ValueTask<int> First(TokenBox box, CancellationToken ct)
    {
        // A layer may hand its token to work that outlives it (a cache fill, a background flush).
        box.First = ct;
        return new ValueTask<int>(1);
    }

    [Layer, DependsOn(nameof(First))]
    public async Task<int> Second(int first, TokenBox box, CancellationToken ct)
    {
        box.Second = ct;
        await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        return first;
    }
}
