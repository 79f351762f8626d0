using System;
using System.Buffers;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Threading;

namespace Gen.Exec;

/// <summary>
/// The recent durations and outcomes of each layer of a graph, over the last <see cref="Capacity"/> outcomes
/// per layer: percentiles, success and time-out rates, and a suggested time-out. Adaptive time-outs and
/// adaptive priority learn from it.
/// </summary>
/// <remarks>
/// <para>Memory is fixed at construction: one ring of <see cref="Capacity"/> samples per layer, whatever the
/// number of runs. <see cref="Record"/> is lock-free and allocation-free, and safe from any number of
/// concurrent runs; executors record with a plain increment instead of an interlocked one, so two runs
/// recording the same layer at the same instant may lose one of the two outcomes (the figures are those of a
/// sample either way). Reading a <see cref="LayerLatency"/> copies and sorts one ring.</para>
/// <para>What is recorded: each finished attempt of a layer that ran: Succeeded, Failed, TimedOut (and
/// FellBack). Canceled, Skipped and NotRun outcomes say nothing about how long the layer takes and are
/// ignored. Percentiles are taken over Succeeded and TimedOut samples only: a fast failure (a refused
/// connection) would pull them down, while a time-out is a duration at least as long as the time-out and
/// must pull them up.</para>
/// </remarks>
public sealed class LatencyHistory
{
    /// <summary>The default number of outcomes kept per layer.</summary>
    public const int DefaultCapacity = 256;

    /// <summary>The largest <see cref="Capacity"/> a history accepts.</summary>
    public const int MaxCapacity = 1 << 16;

    /// <summary>
    /// How many duration samples a layer needs before its suggested time-out is used
    /// (<see cref="LayerLatency.IsReliable"/>): with fewer, its p99 is little more than its slowest sample.
    /// Also the smallest <see cref="Capacity"/> a history accepts.
    /// </summary>
    public const int MinimumReliableSamples = 100;

    /// <summary>The suggested time-out is the p99 duration times this margin (never above the declared time-out).</summary>
    public const double SuggestedTimeoutMargin = 1.5;

    // TypicalDuration and AdaptiveTimeout are refreshed after the 1st, 2nd, 4th ... 64th and 100th outcome, then every 64th.
    private const int RefreshInterval = 64;

    // Largest ring sorted on the stack: 1,024 longs = 8 KB.
    private const int StackSortLimit = 1024;

    private const int StatusBits = 3;
    private const long StatusMask = (1 << StatusBits) - 1;
    private const long MaxTicks = long.MaxValue >> StatusBits;

    // Contract 2 adds LayerStatus.FellBack after Skipped.
    private const LayerStatus FellBack = LayerStatus.Skipped + 1;

    private readonly LayerSamples[] _samples;
    private readonly TimeSpan[] _timeouts;
    private long _generation;

    /// <summary>
    /// Creates an empty history for the layers of <paramref name="plan"/>, with their declared time-outs, indexed
    /// in declaration order (the order of the graph's methods, as executors index them), not in the topological
    /// order of <see cref="ExecutionPlan.Layers"/>. An executor keeps one already: <see cref="ExecutorStats.Latency"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is outside <see cref="MinimumReliableSamples"/>..<see cref="MaxCapacity"/>.</exception>
    public LatencyHistory(ExecutionPlan plan, int capacity = DefaultCapacity)
        : this(LayersOf(plan), TimeoutsOf(plan), capacity)
    {
    }

    /// <summary>Creates an empty history.</summary>
    /// <param name="layers">The layers' names; a layer's index in this array is its index in <see cref="Record"/>.</param>
    /// <param name="timeouts">Each layer's declared time-out: no suggested time-out exceeds it.</param>
    /// <param name="capacity">How many recent outcomes are kept per layer.</param>
    /// <exception cref="ArgumentNullException">An array or a name is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The arrays differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A time-out is not positive, or <paramref name="capacity"/> is outside <see cref="MinimumReliableSamples"/>..<see cref="MaxCapacity"/>.</exception>
    public LatencyHistory(string[] layers, TimeSpan[] timeouts, int capacity = DefaultCapacity)
    {
        if (layers is null) throw new ArgumentNullException(nameof(layers));
        if (timeouts is null) throw new ArgumentNullException(nameof(timeouts));
        if (layers.Length != timeouts.Length)
        {
            throw new ArgumentException($"There are {layers.Length} layers but {timeouts.Length} time-outs.", nameof(timeouts));
        }

        if (capacity is < MinimumReliableSamples or > MaxCapacity)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"The capacity must be between {MinimumReliableSamples} and {MaxCapacity}.");
        }

        var names = new string[layers.Length];
        _timeouts = new TimeSpan[layers.Length];
        _samples = new LayerSamples[layers.Length];
        for (int i = 0; i < layers.Length; i++)
        {
            names[i] = layers[i] ?? throw new ArgumentNullException(nameof(layers), $"The name of layer {i} is null.");
            if (timeouts[i] <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(timeouts), timeouts[i], $"The time-out of layer '{names[i]}' is not positive.");
            }

            _timeouts[i] = timeouts[i];
            _samples[i] = new LayerSamples(capacity);
        }

        Layers = Array.AsReadOnly(names);
        Capacity = capacity;
    }

    /// <summary>The layers' names, in the order of their indexes.</summary>
    public IReadOnlyList<string> Layers { get; }

    /// <summary>How many recent outcomes are kept per layer; older ones are overwritten.</summary>
    public int Capacity { get; }

    /// <summary>A snapshot of layer <paramref name="layer"/>'s recent latency.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layer"/> is not a layer index.</exception>
    public LayerLatency this[int layer]
    {
        get
        {
            CheckIndex(layer);
            return Snapshot(layer);
        }
    }

    /// <summary>A snapshot of the named layer's recent latency.</summary>
    /// <exception cref="ArgumentException"><paramref name="layer"/> names no layer.</exception>
    public LayerLatency this[string layer] => Snapshot(IndexOf(layer));

    /// <summary>
    /// Records one finished attempt of layer <paramref name="layer"/>. Executors call this; it is public so
    /// that a history can be filled from elsewhere (a replay, a test). Canceled, Skipped and NotRun outcomes
    /// are ignored.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layer"/> is not a layer index.</exception>
    public void Record(int layer, LayerStatus status, TimeSpan elapsed)
    {
        CheckIndex(layer);
        if (IsRecorded(status))
        {
            LayerSamples samples = _samples[layer];
            Write(samples, Interlocked.Increment(ref samples.Written) - 1, status, elapsed);
        }
    }

    /// <summary>Whether an outcome of this status is recorded (Succeeded, Failed, TimedOut, FellBack).</summary>
    internal static bool IsRecorded(LayerStatus status)
        => status is LayerStatus.Succeeded or LayerStatus.Failed or LayerStatus.TimedOut or FellBack;

    /// <summary>
    /// The engine's path to <see cref="Record"/>, on every attempt of every run: a valid layer index and a
    /// recorded status, checked by the caller. It claims its slot with a plain increment, not an interlocked
    /// one (which would cost a run of a small graph several percent): two runs recording the same layer at the
    /// same instant may then share a slot, and one of the two outcomes is lost. The history is a sample of
    /// recent outcomes, so its figures do not suffer; <see cref="LayerLatency.TotalRecorded"/> is then a lower bound.
    /// </summary>
    internal void RecordAttempt(int layer, LayerStatus status, TimeSpan elapsed)
    {
        LayerSamples samples = _samples[layer];
        long written = samples.Written;
        samples.Written = written + 1;
        Write(samples, written, status, elapsed);
    }

    // No refresh here: recording stays a counter and a write on every run; whoever reads the cached figures
    // (an adaptive option, TypicalDuration) refreshes them when they are due.
    private static void Write(LayerSamples samples, long index, LayerStatus status, TimeSpan elapsed)
    {
        long ticks = Math.Clamp(elapsed.Ticks, 0, MaxTicks);
        long[] ring = samples.Ring;
        int slot = samples.Mask >= 0 ? (int)(index & samples.Mask) : (int)(index % ring.Length);
        Volatile.Write(ref ring[slot], (ticks << StatusBits) | (long)status);
    }

    /// <summary>
    /// Layer <paramref name="layer"/>'s typical duration: the median of its recent Succeeded and TimedOut
    /// samples, refreshed when read if outcomes were recorded since (after the 1st, 2nd, 4th ... 64th, the 100th, then every 64th).
    /// <see cref="TimeSpan.Zero"/> until it has one. Constant time, for ranking layers on every run.
    /// </summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="layer"/> is not a layer index.</exception>
    public TimeSpan TypicalDuration(int layer)
    {
        LayerSamples samples = _samples[layer];
        RefreshIfDue(layer, samples);
        return TimeSpan.FromTicks(Volatile.Read(ref samples.TypicalTicks));
    }

    /// <summary>
    /// The time-out to run layer <paramref name="layer"/> with under adaptive time-outs: its suggested time-out
    /// once that is reliable (at the last refresh, as for <see cref="TypicalDuration"/>), otherwise its declared
    /// time-out. Never above the declared time-out. Constant time.
    /// </summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="layer"/> is not a layer index.</exception>
    public TimeSpan AdaptiveTimeout(int layer)
    {
        LayerSamples samples = _samples[layer];
        RefreshIfDue(layer, samples);
        long suggested = Volatile.Read(ref samples.SuggestedTicks);
        return suggested > 0 ? TimeSpan.FromTicks(suggested) : _timeouts[layer];
    }

    /// <summary>Refreshes every layer's cached figures that are due; the <see cref="Generation"/> after it.</summary>
    internal long RefreshAll()
    {
        for (int layer = 0; layer < _samples.Length; layer++)
        {
            RefreshIfDue(layer, _samples[layer]);
        }

        return Generation;
    }

    /// <summary>How many times cached figures have been refreshed: a consumer that derives something from them recomputes when it changes.</summary>
    internal long Generation => Volatile.Read(ref _generation);

    /// <summary>The number of layers.</summary>
    internal int LayerCount => _samples.Length;

    /// <summary>A history of the layers of <paramref name="plan"/>, indexed in declaration order as the engine indexes them.</summary>
    internal static LatencyHistory ForPlan(ExecutionPlan plan) => new(LayersOf(plan), TimeoutsOf(plan));

    /// <summary>The index of the named layer.</summary>
    /// <exception cref="ArgumentException"><paramref name="layer"/> names no layer.</exception>
    public int IndexOf(string layer)
    {
        if (layer is null) throw new ArgumentNullException(nameof(layer));
        for (int i = 0; i < Layers.Count; i++)
        {
            if (string.Equals(Layers[i], layer, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentException($"'{layer}' is not a layer of this history.", nameof(layer));
    }

    /// <summary>The suggested time-out for a p99 duration: p99 times the margin, in whole milliseconds, at least 1 ms, at most <paramref name="declared"/>.</summary>
    internal static TimeSpan Suggest(long p99Ticks, TimeSpan declared)
    {
        double milliseconds = Math.Max(1.0, Math.Ceiling(p99Ticks * SuggestedTimeoutMargin / TimeSpan.TicksPerMillisecond));
        return milliseconds * TimeSpan.TicksPerMillisecond >= declared.Ticks ? declared : TimeSpan.FromMilliseconds(milliseconds);
    }

    private static bool IsDuration(long sample)
        => (LayerStatus)(sample & StatusMask) is LayerStatus.Succeeded or LayerStatus.TimedOut;

    private static long Percentile(ReadOnlySpan<long> sorted, double fraction)
    {
        // Nearest rank: the smallest sample with at least this fraction of the samples at or below it.
        int rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    // Due after the 1st, 2nd, 4th ... 64th outcome, the 100th, then after every 64th: one refresher per due point.
    private void RefreshIfDue(int layer, LayerSamples samples)
    {
        long written = Volatile.Read(ref samples.Written);
        long refreshed = Volatile.Read(ref samples.RefreshedAt);
        if (written < NextRefresh(refreshed) || Interlocked.CompareExchange(ref samples.RefreshedAt, written, refreshed) != refreshed)
        {
            return;
        }

        Refresh(layer, samples);
        Interlocked.Increment(ref _generation);
    }

    private static long NextRefresh(long refreshed)
    {
        long next;
        if (refreshed >= RefreshInterval)
        {
            next = ((refreshed / RefreshInterval) + 1) * RefreshInterval;
        }
        else
        {
            next = 1;
            while (next <= refreshed)
            {
                next <<= 1;
            }
        }

        // Also at MinimumReliableSamples, so that the suggestion is used as soon as it can be reliable.
        return refreshed < MinimumReliableSamples ? Math.Min(next, MinimumReliableSamples) : next;
    }

    private void Refresh(int layer, LayerSamples samples)
    {
        long[] ring = samples.Ring;
        long[]? rented = null;
        Span<long> durations = ring.Length <= StackSortLimit
            ? stackalloc long[ring.Length]
            : (rented = ArrayPool<long>.Shared.Rent(ring.Length));
        int count = 0;
        for (int i = 0; i < ring.Length; i++)
        {
            long sample = Volatile.Read(ref ring[i]);
            if (sample != 0 && IsDuration(sample))
            {
                durations[count++] = sample >> StatusBits;
            }
        }

        if (count > 0)
        {
            Span<long> sorted = durations[..count];
            sorted.Sort();
            Volatile.Write(ref samples.TypicalTicks, Percentile(sorted, 0.50));
            Volatile.Write(
                ref samples.SuggestedTicks,
                count >= MinimumReliableSamples ? Suggest(Percentile(sorted, 0.99), _timeouts[layer]).Ticks : 0);
        }

        if (rented is not null)
        {
            ArrayPool<long>.Shared.Return(rented);
        }
    }

    private LayerLatency Snapshot(int layer)
    {
        LayerSamples samples = _samples[layer];
        long[] ring = samples.Ring;
        long total = Volatile.Read(ref samples.Written);
        var durations = new long[ring.Length];
        int count = 0;
        int outcomes = 0;
        int succeeded = 0;
        int timedOut = 0;
        for (int i = 0; i < ring.Length; i++)
        {
            long sample = Volatile.Read(ref ring[i]);
            if (sample == 0)
            {
                continue;
            }

            outcomes++;
            var status = (LayerStatus)(sample & StatusMask);
            if (status == LayerStatus.Succeeded) succeeded++;
            if (status == LayerStatus.TimedOut) timedOut++;
            if (IsDuration(sample))
            {
                durations[count++] = sample >> StatusBits;
            }
        }

        Span<long> sorted = durations.AsSpan(0, count);
        sorted.Sort();
        TimeSpan declared = _timeouts[layer];
        if (count == 0)
        {
            return new LayerLatency(Layers[layer], declared, total, outcomes, succeeded, timedOut, 0, default, default, default, declared);
        }

        long p99 = Percentile(sorted, 0.99);
        return new LayerLatency(
            Layers[layer],
            declared,
            total,
            outcomes,
            succeeded,
            timedOut,
            count,
            TimeSpan.FromTicks(Percentile(sorted, 0.50)),
            TimeSpan.FromTicks(Percentile(sorted, 0.95)),
            TimeSpan.FromTicks(p99),
            Suggest(p99, declared));
    }

    private void CheckIndex(int layer)
    {
        if ((uint)layer >= (uint)_samples.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"The history has {_samples.Length} layers.");
        }
    }

    private static string[] LayersOf(ExecutionPlan plan)
    {
        if (plan is null) throw new ArgumentNullException(nameof(plan));
        // Declaration order: the order in which the engine indexes layers (plan.Layers is topological).
        var layers = new string[plan.LayerCount];
        for (int i = 0; i < layers.Length; i++)
        {
            layers[i] = plan.NameOf(i);
        }

        return layers;
    }

    private static TimeSpan[] TimeoutsOf(ExecutionPlan plan)
    {
        var timeouts = new TimeSpan[plan.LayerCount];
        for (int i = 0; i < timeouts.Length; i++)
        {
            timeouts[i] = plan.Timeouts[i];
        }

        return timeouts;
    }

    // One object per layer, so that layers recorded from different threads do not share the counter's cache line.
    private sealed class LayerSamples(int capacity)
    {
        public readonly long[] Ring = new long[capacity];

        // capacity - 1 when the capacity is a power of two (the default): the ring index without a division.
        public readonly long Mask = (capacity & (capacity - 1)) == 0 ? capacity - 1 : -1;
        public long Written;
        public long TypicalTicks;
        public long SuggestedTicks;
        public long RefreshedAt;
    }
}
