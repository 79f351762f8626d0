using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Gen.Exec.Benchmarks.Makespan;

/// <summary>
/// Virtual time for the makespan command. Layers wait on <see cref="DelayAsync"/> for their true duration; the
/// executor's clock is <see cref="Time"/>. <see cref="Drive"/> advances the clock straight to the next layer's
/// end once nothing else can happen at the current instant, so the makespan is exact and free of the machine's
/// timer granularity and load. "Nothing else can happen" is known without engine internals: every layer the
/// executor has finished has been reported to the observer (<see cref="Observer"/>), and as many layers are
/// waiting as a work-conserving scheduler with <c>MaxConcurrency</c> slots must have started by now.
/// </summary>
public sealed class VirtualDelays(IReadOnlyDictionary<string, int> trueMilliseconds)
{
    private static readonly TimeSpan s_stall = TimeSpan.FromSeconds(20);
    private readonly object _gate = new();
    private readonly List<(string Layer, DateTimeOffset Due, TaskCompletionSource Done)> _pending = new();
    private readonly Dictionary<string, TimeSpan> _starts = new();
    private readonly HashSet<string> _released = new();
    private int _reported;
    private DateTimeOffset _runStarted;
    private ExecutionObserver? _observer;

    /// <summary>The executor's clock (<see cref="ExecutorOptions.TimeProvider"/>).</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Counts layers the executor has finished; set as <see cref="ExecutorOptions.Observer"/>.</summary>
    public ExecutionObserver Observer => _observer ??= new CompletionCounter(this);

    /// <summary>A layer's body: completes after the layer's true duration of virtual time.</summary>
    public Task DelayAsync(string layer, CancellationToken cancellationToken)
    {
        // Continuations off the driver's thread: the layer finishes on the pool, as a real one would.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            DateTimeOffset now = Time.GetUtcNow();
            _starts.Add(layer, now - _runStarted);
            _pending.Add((layer, now.AddMilliseconds(trueMilliseconds[layer]), done));
            Monitor.PulseAll(_gate);
        }

        // Honoured, though no time-out is due before a true duration ends: one that fired would fail the run.
        cancellationToken.Register(static state => ((TaskCompletionSource)state!).TrySetCanceled(), done);
        return done.Task;
    }

    /// <summary>
    /// Runs one run to completion in virtual time and returns its makespan and each layer's start offset.
    /// Throws if the run fails or stalls (nothing happening for 20 s of real time).
    /// </summary>
    public (TimeSpan Makespan, IReadOnlyDictionary<string, TimeSpan> Starts) Drive(
        Func<Task> startRun, ExecutionPlan plan, int maxConcurrency)
    {
        lock (_gate)
        {
            _pending.Clear();
            _starts.Clear();
            _released.Clear();
            _reported = 0;
            _runStarted = Time.GetUtcNow();
        }

        Task run = startRun();
        int layerCount = plan.Layers.Count;
        while (true)
        {
            List<TaskCompletionSource> due;
            lock (_gate)
            {
                var stall = Stopwatch.StartNew();
                while (!Quiescent(plan, maxConcurrency))
                {
                    if (run.IsFaulted || run.IsCanceled || stall.Elapsed > s_stall)
                    {
                        throw new InvalidOperationException(
                            $"The run stalled or failed in virtual time: {_pending.Count} waiting, {_released.Count} released, {_reported} reported, run {run.Status}.",
                            run.Exception);
                    }

                    Monitor.Wait(_gate, TimeSpan.FromMilliseconds(50));
                }

                if (_released.Count == layerCount)
                {
                    break;
                }

                DateTimeOffset next = _pending.Min(p => p.Due);
                Time.SetUtcNow(next); // fires any timer due by then (a time-out would show as a failed run)
                due = new List<TaskCompletionSource>();
                foreach (var pending in _pending.Where(p => p.Due == next).ToList())
                {
                    _pending.Remove(pending);
                    _released.Add(pending.Layer);
                    due.Add(pending.Done);
                }
            }

            foreach (TaskCompletionSource done in due)
            {
                done.TrySetResult();
            }
        }

        if (!run.Wait(s_stall))
        {
            throw new InvalidOperationException("Every layer finished but the run did not complete.");
        }

        lock (_gate)
        {
            return (Time.GetUtcNow() - _runStarted, new Dictionary<string, TimeSpan>(_starts));
        }
    }

    // Under _gate. Every released layer reported finished, and the waiting layers fill the slots as far as the
    // ready layers allow: then the executor has nothing left to do at this instant.
    private bool Quiescent(ExecutionPlan plan, int maxConcurrency)
    {
        if (_reported != _released.Count)
        {
            return false;
        }

        int ready = plan.Layers.Count(layer =>
            !_starts.ContainsKey(layer) && plan.DependenciesOf(layer).All(_released.Contains));
        return _pending.Count == Math.Min(maxConcurrency, _pending.Count + ready);
    }

    private void Reported()
    {
        lock (_gate)
        {
            _reported++;
            Monitor.PulseAll(_gate);
        }
    }

    private sealed class CompletionCounter(VirtualDelays owner) : ExecutionObserver
    {
        public override void OnLayerCompleted(RunInfo run, LayerResult result) => owner.Reported();
    }
}
