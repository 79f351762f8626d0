using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Reliability.Tests.Graphs;

/// <summary>What one attempt of a layer does.</summary>
public enum AttemptAct : byte
{
    /// <summary>Returns its value at once.</summary>
    Succeed,

    /// <summary>Throws <see cref="IOException"/> at once (the exception the layers' <c>Handle</c> lists accept).</summary>
    ThrowHandled,

    /// <summary>Throws <see cref="InvalidOperationException"/> at once.</summary>
    ThrowUnhandled,

    /// <summary>Waits past its time-out, honouring its token.</summary>
    OverrunHonour,

    /// <summary>Waits past its time-out ignoring its token, then returns (abandoned work).</summary>
    OverrunIgnore,

    /// <summary>Waits past its time-out ignoring its token, then throws (abandoned work that fails later).</summary>
    OverrunIgnoreThenThrow,

    /// <summary>Returns after a delay shorter than its time-out (honouring its token).</summary>
    DelayThenSucceed,

    /// <summary>Throws <see cref="IOException"/> after a delay shorter than its time-out.</summary>
    DelayThenThrow,
}

/// <summary>What a layer's <c>[When]</c> predicate does.</summary>
public enum PredicateAct : byte { True, False, Throw }

/// <summary>What a layer's fallback does.</summary>
public enum FallbackAct : byte { Succeed, Throw, OverrunHonour, OverrunIgnore }

/// <summary>An exception a predicate was told to throw.</summary>
public sealed class PredicateException(string message) : Exception(message);

/// <summary>An exception a fallback was told to throw.</summary>
public sealed class FallbackException(string message) : Exception(message);

/// <summary>One attempt as the layer saw it, in the run's virtual time.</summary>
public sealed record AttemptRecord(TimeSpan Start, AttemptAct Act, int[] Arguments)
{
    /// <summary>When the attempt threw, for acts that throw (not for time-outs).</summary>
    public TimeSpan? ThrewAt { get; set; }
}

/// <summary>
/// One run's script for <see cref="ControlFuzzGraph"/>: per layer and per attempt what the layer does, what its
/// predicate and fallback do; and what really happened (attempts with their virtual start times, predicate
/// and fallback calls). Passed to the graph as a run input, so the same compiled graph behaves differently on
/// every run.
/// </summary>
public sealed class ControlFuzzScript
{
    public const int TimeoutMilliseconds = 50;
    public const int OverrunMilliseconds = 130;
    public const int MaxAttempts = 4;

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly List<AttemptRecord>[] _attempts;
    private readonly int[] _predicateCalls;
    private readonly List<TimeSpan>[] _predicateTimes;
    private readonly int[] _fallbackCalls;
    private readonly List<TimeSpan>[] _fallbackTimes;
    private readonly List<Wait> _waits = new();
    private DateTimeOffset _runStart;

    public ControlFuzzScript(Random random, TimeProvider time, bool[] synchronous)
    {
        _time = time;
        int layers = ControlFuzzModel.Layers;
        Acts = new AttemptAct[layers][];
        Delays = new int[layers][];
        Predicates = new PredicateAct[layers];
        Fallbacks = new FallbackAct[layers];
        _attempts = new List<AttemptRecord>[layers];
        _predicateCalls = new int[layers];
        _predicateTimes = new List<TimeSpan>[layers];
        _fallbackCalls = new int[layers];
        _fallbackTimes = new List<TimeSpan>[layers];
        // Per-case fault density: some cases mostly succeed, some mostly fail.
        double failure = random.NextDouble() * 0.8;
        for (int layer = 0; layer < layers; layer++)
        {
            Acts[layer] = new AttemptAct[MaxAttempts];
            Delays[layer] = new int[MaxAttempts];
            for (int k = 0; k < MaxAttempts; k++)
            {
                AttemptAct act = random.NextDouble() < failure
                    ? (AttemptAct)random.Next(1, 8)
                    : (random.Next(3) == 0 ? AttemptAct.DelayThenSucceed : AttemptAct.Succeed);
                if (synchronous[layer] && act is not (AttemptAct.Succeed or AttemptAct.ThrowHandled or AttemptAct.ThrowUnhandled))
                {
                    // A synchronous layer cannot wait on virtual time without blocking: it only succeeds or throws.
                    act = act == AttemptAct.DelayThenSucceed ? AttemptAct.Succeed : AttemptAct.ThrowHandled;
                }

                Acts[layer][k] = act;
                Delays[layer][k] = random.Next(1, TimeoutMilliseconds - 5);
            }

            int p = random.Next(10);
            Predicates[layer] = p < 6 ? PredicateAct.True : p < 9 ? PredicateAct.False : PredicateAct.Throw;
            int f = random.Next(10);
            Fallbacks[layer] = f < 6 ? FallbackAct.Succeed : f < 8 ? FallbackAct.Throw : f < 9 ? FallbackAct.OverrunHonour : FallbackAct.OverrunIgnore;
            _attempts[layer] = new List<AttemptRecord>();
            _predicateTimes[layer] = new List<TimeSpan>();
            _fallbackTimes[layer] = new List<TimeSpan>();
        }
    }

    public AttemptAct[][] Acts { get; }

    public int[][] Delays { get; }

    public PredicateAct[] Predicates { get; }

    public FallbackAct[] Fallbacks { get; }

    /// <summary>The value a layer returns from attempt <paramref name="attempt"/> (0-based).</summary>
    public static int ValueOf(int layer, int attempt) => (1000 * (layer + 1)) + attempt;

    /// <summary>The value a layer's fallback returns.</summary>
    public static int FallbackValueOf(int layer) => -(layer + 1);

    public void MarkRunStart() => _runStart = _time.GetUtcNow();

    public IReadOnlyList<AttemptRecord> AttemptsOf(int layer)
    {
        lock (_gate)
        {
            return _attempts[layer].ToArray();
        }
    }

    public int PredicateCalls(int layer) => Volatile.Read(ref _predicateCalls[layer]);

    public IReadOnlyList<TimeSpan> PredicateTimes(int layer)
    {
        lock (_gate)
        {
            return _predicateTimes[layer].ToArray();
        }
    }

    public int FallbackCalls(int layer) => Volatile.Read(ref _fallbackCalls[layer]);

    public IReadOnlyList<TimeSpan> FallbackTimes(int layer)
    {
        lock (_gate)
        {
            return _fallbackTimes[layer].ToArray();
        }
    }

    /// <summary>
    /// An asynchronous attempt of <paramref name="layer"/> with a value. Acts that do not wait return a completed
    /// task; acts that wait do so on the run's virtual clock (see <see cref="After"/>).
    /// </summary>
    public Task<int> RunAsync(int layer, CancellationToken ct, params int[] arguments)
    {
        (AttemptRecord record, int attempt) = Begin(layer, arguments);
        TimeSpan overrun = TimeSpan.FromMilliseconds(OverrunMilliseconds);
        TimeSpan delay = TimeSpan.FromMilliseconds(Delays[layer][attempt]);
        switch (record.Act)
        {
            case AttemptAct.Succeed:
                return Task.FromResult(ValueOf(layer, attempt));
            case AttemptAct.ThrowHandled:
                Threw(record);
                return Task.FromException<int>(new IOException($"layer {layer} attempt {attempt}: handled"));
            case AttemptAct.ThrowUnhandled:
                Threw(record);
                return Task.FromException<int>(new InvalidOperationException($"layer {layer} attempt {attempt}: unhandled"));
            case AttemptAct.OverrunHonour:
                return After(overrun, ct, () => ValueOf(layer, attempt));
            case AttemptAct.OverrunIgnore:
                return After(overrun, CancellationToken.None, () => ValueOf(layer, attempt));
            case AttemptAct.OverrunIgnoreThenThrow:
                return After(overrun, CancellationToken.None, () => throw new InvalidOperationException($"layer {layer} attempt {attempt}: abandoned work failed late"));
            case AttemptAct.DelayThenSucceed:
                return After(delay, ct, () => ValueOf(layer, attempt));
            default:
                return After(delay, ct, () =>
                {
                    Threw(record);
                    throw new IOException($"layer {layer} attempt {attempt}: handled, after a delay");
                });
        }
    }

    /// <summary>
    /// Whether work this script released has not yet handed its outcome to the engine: a wait whose time has
    /// come or whose token was cancelled, still resuming. The driver moves the clock only when there is none
    /// (and the engine has no work in flight), so every outcome reaches the engine at the virtual instant it happened.
    /// </summary>
    public bool HasReleasedWork()
    {
        DateTimeOffset now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach (Wait wait in _waits)
            {
                if (wait.Due <= now || wait.Token.IsCancellationRequested)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Waits <paramref name="delay"/> on the virtual clock (ending early, canceled, if <paramref name="token"/> is
    /// cancelled), then completes with <paramref name="then"/>'s value or exception. The task returned completes
    /// with its continuations inline (no RunContinuationsAsynchronously), so the engine has taken the outcome
    /// before the wait leaves <see cref="HasReleasedWork"/>.
    /// </summary>
    private Task<int> After(TimeSpan delay, CancellationToken token, Func<int> then)
    {
        var wait = new Wait(_time.GetUtcNow() + delay, token);
        lock (_gate)
        {
            _waits.Add(wait);
        }

        var completion = new TaskCompletionSource<int>();
        _ = CompleteAfterAsync(wait, delay, then, completion);
        return completion.Task;
    }

    private async Task CompleteAfterAsync(Wait wait, TimeSpan delay, Func<int> then, TaskCompletionSource<int> completion)
    {
        try
        {
            bool canceled = false;
            try
            {
                await Task.Delay(delay, _time, wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                canceled = true;
            }

            if (canceled)
            {
                completion.TrySetCanceled(wait.Token);
                return;
            }

            int value;
            try
            {
                value = then();
            }
            catch (Exception exception)
            {
                completion.TrySetException(exception);
                return;
            }

            completion.TrySetResult(value);
        }
        finally
        {
            lock (_gate)
            {
                _waits.Remove(wait);
            }
        }
    }

    /// <summary>A synchronous attempt (the script only gives it acts that do not wait).</summary>
    public int RunSync(int layer, params int[] arguments)
    {
        (AttemptRecord record, int attempt) = Begin(layer, arguments);
        switch (record.Act)
        {
            case AttemptAct.Succeed:
                return ValueOf(layer, attempt);
            case AttemptAct.ThrowUnhandled:
                Threw(record);
                throw new InvalidOperationException($"layer {layer} attempt {attempt}: unhandled");
            default:
                Threw(record);
                throw new IOException($"layer {layer} attempt {attempt}: handled");
        }
    }

    public bool Predicate(int layer)
    {
        lock (_gate)
        {
            _predicateTimes[layer].Add(Now());
        }

        Interlocked.Increment(ref _predicateCalls[layer]);
        return Predicates[layer] switch
        {
            PredicateAct.True => true,
            PredicateAct.False => false,
            _ => throw new PredicateException($"predicate of layer {layer}"),
        };
    }

    /// <summary>A fallback; <paramref name="error"/> is the layer's error as the engine passed it.</summary>
    public Task<int> FallbackAsync(int layer, Exception? error, CancellationToken ct)
    {
        lock (_gate)
        {
            _fallbackTimes[layer].Add(Now());
        }

        Interlocked.Increment(ref _fallbackCalls[layer]);
        if (error is null)
        {
            return Task.FromException<int>(new FallbackException($"fallback of layer {layer} received no error"));
        }

        TimeSpan overrun = TimeSpan.FromMilliseconds(OverrunMilliseconds);
        return Fallbacks[layer] switch
        {
            FallbackAct.Succeed => Task.FromResult(FallbackValueOf(layer)),
            FallbackAct.Throw => Task.FromException<int>(new FallbackException($"fallback of layer {layer}")),
            FallbackAct.OverrunHonour => After(overrun, ct, () => FallbackValueOf(layer)),
            _ => After(overrun, CancellationToken.None, () => FallbackValueOf(layer)),
        };
    }

    /// <summary>A fallback that does not wait: succeeds or throws; a waiting act counts as throwing.</summary>
    public void FallbackSync(int layer, Exception error)
    {
        lock (_gate)
        {
            _fallbackTimes[layer].Add(Now());
        }

        Interlocked.Increment(ref _fallbackCalls[layer]);
        if (Fallbacks[layer] != FallbackAct.Succeed || error is null)
        {
            throw new FallbackException($"fallback of layer {layer}");
        }
    }

    public string Describe()
    {
        var text = new StringBuilder();
        for (int layer = 0; layer < Acts.Length; layer++)
        {
            text.Append("  ").Append(ControlFuzzModel.Names[layer]).Append(": attempts [")
                .Append(string.Join(", ", Acts[layer].Select((a, k) => a is AttemptAct.DelayThenSucceed or AttemptAct.DelayThenThrow ? $"{a}({Delays[layer][k]}ms)" : a.ToString())))
                .Append("], predicate ").Append(Predicates[layer])
                .Append(", fallback ").Append(Fallbacks[layer])
                .Append("; saw ").Append(AttemptsOf(layer).Count).Append(" attempts at [")
                .Append(string.Join(", ", AttemptsOf(layer).Select(r => r.Start.TotalMilliseconds + (r.ThrewAt is { } t ? $"(threw {t.TotalMilliseconds})" : string.Empty))))
                .Append("], predicate calls ").Append(PredicateCalls(layer))
                .Append(", fallback calls ").Append(FallbackCalls(layer)).AppendLine();
        }

        return text.ToString();
    }

    private (AttemptRecord Record, int Attempt) Begin(int layer, int[] arguments)
    {
        lock (_gate)
        {
            int attempt = _attempts[layer].Count;
            AttemptAct act = attempt < MaxAttempts ? Acts[layer][attempt] : AttemptAct.Succeed;
            var record = new AttemptRecord(Now(), act, arguments);
            _attempts[layer].Add(record);
            return (record, Math.Min(attempt, MaxAttempts - 1));
        }
    }

    private void Threw(AttemptRecord record)
    {
        lock (_gate)
        {
            record.ThrewAt = Now();
        }
    }

    private TimeSpan Now() => _time.GetUtcNow() - _runStart;

    /// <summary>A wait on the virtual clock in progress.</summary>
    private sealed class Wait(DateTimeOffset due, CancellationToken token)
    {
        public DateTimeOffset Due { get; } = due;

        public CancellationToken Token { get; } = token;
    }
}
