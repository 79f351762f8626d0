using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Reliability.Tests.Graphs;

/// <summary>What a layer does in one run of the load test.</summary>
public enum Fault
{
    /// <summary>Returns its value after a short random latency (sometimes synchronously).</summary>
    None,

    /// <summary>Throws after starting (async layers: after an await).</summary>
    Throw,

    /// <summary>A Task-returning method that throws before returning its task.</summary>
    ThrowBeforeTask,

    /// <summary>Fails with an <see cref="AggregateException"/> wrapping the injected fault.</summary>
    ThrowAggregate,

    /// <summary>Throws <see cref="OperationCanceledException"/> for its own reasons, its token untouched.</summary>
    OwnCancellation,

    /// <summary>Overruns its time-out and honours its token (throws when it is cancelled).</summary>
    OverrunHonoringToken,

    /// <summary>Overruns its time-out ignoring its token, then returns a value.</summary>
    OverrunIgnoringToken,

    /// <summary>Overruns its time-out ignoring its token, then throws (abandoned work that fails later).</summary>
    OverrunIgnoringTokenThenThrow,

    /// <summary>A synchronous layer that blocks its thread past its time-out, ignoring its token.</summary>
    OverrunBlocking,

    /// <summary>Overruns and, when its token is cancelled, throws its own exception instead of an OperationCanceledException.</summary>
    ThrowOnCancellation,
}

/// <summary>The layers of <see cref="LoadGraph"/>, in declaration order.</summary>
public enum LoadLayer
{
    Fetch, Lookup, Config, Parse, Enrich, Score, Audit, Rank, Cache, Notify, Merge, Final,
}

/// <summary>An exception a layer was told to throw.</summary>
public sealed class InjectedFaultException(string message) : Exception(message);

/// <summary>
/// One run's script for <see cref="LoadGraph"/>: decides each layer's fault up front (from a seed) and records
/// what the layers really did: how often each was invoked, and the most layers the executor was waiting for
/// at once. A layer counts towards concurrency from its start until it returns or its token is cancelled,
/// whichever comes first: the runtime frees a layer's slot when it stops waiting for it (time-out, abort),
/// even if the layer's code goes on running, so only work the executor still waits for is bounded.
/// </summary>
public sealed class LoadScript
{
    public const int TimeoutMilliseconds = 100;
    public const int OverrunMilliseconds = 250;

    public static readonly bool[] SyncLayers =
    [
        false, false, true, false, true, false, false, true, false, true, false, false,
    ];

    private static int s_outstanding;

    private readonly Fault[] _faults = new Fault[12];
    private readonly int[] _latencies = new int[12];
    private readonly int[] _invocations = new int[12];
    private readonly List<Slot> _slots = new();
    private int _maxConcurrent;

    public LoadScript(int seed, double failureRate, double overrunRate)
    {
        Seed = seed;
        var random = new Random(seed);
        for (int layer = 0; layer < _faults.Length; layer++)
        {
            bool sync = SyncLayers[layer];
            double roll = random.NextDouble();
            if (roll < failureRate)
            {
                Fault[] failures = sync
                    ? [Fault.Throw, Fault.ThrowAggregate, Fault.OwnCancellation]
                    : [Fault.Throw, Fault.ThrowBeforeTask, Fault.ThrowAggregate, Fault.OwnCancellation];
                _faults[layer] = failures[random.Next(failures.Length)];
            }
            else if (roll < failureRate + overrunRate)
            {
                Fault[] overruns = sync
                    ? [Fault.OverrunBlocking, Fault.OverrunHonoringToken, Fault.ThrowOnCancellation]
                    : [Fault.OverrunHonoringToken, Fault.OverrunIgnoringToken, Fault.OverrunIgnoringTokenThenThrow, Fault.ThrowOnCancellation];
                _faults[layer] = overruns[random.Next(overruns.Length)];
            }

            // 0: completes synchronously; 1: yields; 2..6: waits that many milliseconds.
            _latencies[layer] = random.Next(7);
        }
    }

    /// <summary>Layer bodies (of any run) that have started and not yet ended, abandoned ones included.</summary>
    public static int Outstanding => Volatile.Read(ref s_outstanding);

    public int Seed { get; }

    public int MaxConcurrent { get { lock (_slots) { return _maxConcurrent; } } }

    public Fault FaultOf(LoadLayer layer) => _faults[(int)layer];

    public int InvocationsOf(LoadLayer layer) => Volatile.Read(ref _invocations[(int)layer]);

    public static bool IsOverrun(Fault fault) => fault >= Fault.OverrunHonoringToken;

    /// <summary>Runs a Task-returning layer.</summary>
    public Task<T> Async<T>(LoadLayer layer, CancellationToken cancellationToken, Func<T> compute)
    {
        Slot slot = Enter(layer, cancellationToken);
        Fault fault = _faults[(int)layer];
        if (fault == Fault.ThrowBeforeTask)
        {
            Exit(slot);
            throw Injected(layer, "before returning its task");
        }

        if (fault == Fault.ThrowAggregate)
        {
            Exit(slot);
            return Task.FromException<T>(new AggregateException(Injected(layer, "inside an AggregateException")));
        }

        return AsyncCore(layer, fault, slot, cancellationToken, compute);
    }

    /// <summary>Runs a ValueTask-returning layer.</summary>
    public ValueTask<T> Value<T>(LoadLayer layer, CancellationToken cancellationToken, Func<T> compute)
    {
        Task<T> task = Async(layer, cancellationToken, compute);
        return task.IsCompletedSuccessfully ? new ValueTask<T>(task.Result) : new ValueTask<T>(task);
    }

    /// <summary>Runs a synchronous layer (the executor runs it on the thread pool).</summary>
    public T Sync<T>(LoadLayer layer, CancellationToken cancellationToken, Func<T> compute)
    {
        Slot slot = Enter(layer, cancellationToken);
        try
        {
            switch (_faults[(int)layer])
            {
                case Fault.Throw:
                    throw Injected(layer, "synchronously");
                case Fault.ThrowAggregate:
                    throw new AggregateException(Injected(layer, "inside an AggregateException"));
                case Fault.OwnCancellation:
                    throw new OperationCanceledException("The layer gave up for its own reasons.");
                case Fault.OverrunBlocking:
                    Thread.Sleep(OverrunMilliseconds);
                    break;
                case Fault.OverrunHonoringToken:
                    cancellationToken.WaitHandle.WaitOne();
                    cancellationToken.ThrowIfCancellationRequested();
                    break;
                case Fault.ThrowOnCancellation:
                    cancellationToken.WaitHandle.WaitOne();
                    throw Injected(layer, "when its token was cancelled");
                default:
                    if (_latencies[(int)layer] > 1)
                    {
                        Thread.Sleep(_latencies[(int)layer] - 1);
                    }

                    break;
            }

            return compute();
        }
        finally
        {
            Exit(slot);
        }
    }

    private async Task<T> AsyncCore<T>(LoadLayer layer, Fault fault, Slot slot, CancellationToken cancellationToken, Func<T> compute)
    {
        try
        {
            int latency = _latencies[(int)layer];
            if (latency == 1)
            {
                await Task.Yield();
            }
            else if (latency > 1)
            {
                await Task.Delay(latency - 1, cancellationToken).ConfigureAwait(false);
            }

            switch (fault)
            {
                case Fault.Throw:
                    throw Injected(layer, "after an await");
                case Fault.OwnCancellation:
                    using (var own = new CancellationTokenSource())
                    {
                        await own.CancelAsync().ConfigureAwait(false);
                        own.Token.ThrowIfCancellationRequested();
                    }

                    break;
                case Fault.OverrunHonoringToken:
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                    break;
                case Fault.OverrunIgnoringToken:
                    await Task.Delay(OverrunMilliseconds, CancellationToken.None).ConfigureAwait(false);
                    break;
                case Fault.OverrunIgnoringTokenThenThrow:
                    await Task.Delay(OverrunMilliseconds, CancellationToken.None).ConfigureAwait(false);
                    throw Injected(layer, "after its time-out");
                case Fault.ThrowOnCancellation:
                    try
                    {
                        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        throw Injected(layer, "when its token was cancelled");
                    }

                    break;
            }

            return compute();
        }
        finally
        {
            Exit(slot);
        }
    }

    private Slot Enter(LoadLayer layer, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _invocations[(int)layer]);
        Interlocked.Increment(ref s_outstanding);
        var slot = new Slot(cancellationToken);
        lock (_slots)
        {
            // Cancellation is flagged before any callback runs, so a layer the executor started because it
            // stopped waiting for this one always sees it as released.
            _slots.RemoveAll(static s => s.Released || s.Token.IsCancellationRequested);
            if (!cancellationToken.IsCancellationRequested)
            {
                _slots.Add(slot);
            }

            _maxConcurrent = Math.Max(_maxConcurrent, _slots.Count);
        }

        return slot;
    }

    private void Exit(Slot slot)
    {
        lock (_slots)
        {
            slot.Released = true;
        }

        Interlocked.Decrement(ref s_outstanding);
    }

    private InjectedFaultException Injected(LoadLayer layer, string how)
        => new($"Injected fault in {layer} (run seed {Seed}) {how}.");

    private sealed class Slot(CancellationToken token)
    {
        public CancellationToken Token { get; } = token;

        public bool Released { get; set; }
    }
}
