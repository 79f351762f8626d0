using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec;

// Readiness and scheduling: which layer starts when, on which thread. A layer starts as soon as its own
// dependencies have finished; under a concurrency limit (or in sequential mode) ready layers wait in the
// ReadyQueue and start by rank (priority, then longest remaining path, then declaration order).
public abstract partial class GraphRun<TRun, TResults>
{
    /// <summary>
    /// Whether layer <paramref name="layer"/> typically returns within <see cref="LayerThreads.QuickLayer"/>, by
    /// the executor's latency history: such a synchronous layer may wait for a busy layer thread rather than wake
    /// one of its own. A layer with no duration yet is not quick, so a graph's first runs, and every layer that
    /// may block, keep a thread each.
    /// </summary>
    private bool IsQuick(int layer)
    {
        long typical = _executorStats.LatencyFor(_plan).TypicalDuration(layer).Ticks;
        return typical > 0 && typical < LayerThreads.QuickLayer.Ticks;
    }

    private void StartRoots()
    {
        int[] roots = _plan.RootsInRankOrder;
        if (_ready is null)
        {
            foreach (int root in roots)
            {
                StartLayerHere(root);
            }

            return;
        }

        lock (_ready)
        {
            foreach (int root in roots)
            {
                _ready.Push(root);
            }

            _ready.Dispatching = true;
        }

        Dispatch(_ready);
    }

    /// <summary>Counts <paramref name="layer"/> as finished for its dependents, starting those that become ready.</summary>
    private void ReleaseDependents(int layer)
    {
        int[] dependents = _plan.Dependents[layer];
        int[] dependencyCounts = _plan.DependencyCounts;
        if (_ready is null)
        {
            foreach (int dependent in dependents)
            {
                if (dependencyCounts[dependent] == 1 || Interlocked.Decrement(ref PendingDependencies(dependent)) == 0)
                {
                    StartReady(dependent);
                }
            }

            return;
        }

        bool dispatch;
        lock (_ready)
        {
            _ready.Running--;
            foreach (int dependent in dependents)
            {
                if (dependencyCounts[dependent] == 1 || --PendingDependencies(dependent) == 0)
                {
                    _ready.Push(dependent);
                }
            }

            dispatch = !_ready.Dispatching;
            _ready.Dispatching = true;
        }

        if (dispatch)
        {
            Dispatch(_ready);
        }
    }

    /// <summary>Re-runs the dispatcher after an abort, so that queued layers are skipped without waiting for a slot.</summary>
    private void DispatchAfterAbort()
    {
        if (_ready is null)
        {
            return;
        }

        bool dispatch;
        lock (_ready)
        {
            dispatch = !_ready.Dispatching;
            _ready.Dispatching = true;
        }

        if (dispatch)
        {
            Dispatch(_ready);
        }
    }

    private void StartReady(int layer)
    {
        // Layers that complete synchronously start their dependents inline; on a long chain that would recurse
        // once per layer, so hop to the thread pool before the stack runs out. Hop too when this thread carries a
        // context a layer must not inherit.
        if (!MustLeaveThisThread() && RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            StartLayerHere(layer);
        }
        else
        {
            EngineWork.Queue(_executorStats, static state => state.Run.StartLayerGuarded(state.Layer), (Run: this, Layer: layer));
        }
    }

    // One thread at a time drains the ready queue; layers finishing on other threads only enqueue. This keeps
    // the start order strictly by rank and never recurses, however many layers complete synchronously.
    private void Dispatch(ReadyQueue ready)
    {
        if (MustLeaveThisThread())
        {
            // Still the dispatching thread's turn (Dispatching stays true): it moves to the pool.
            EngineWork.Queue(_executorStats, static run => run.DispatchGuarded(), this);
            return;
        }

        while (true)
        {
            int next;
            lock (ready)
            {
                // After an abort, queued layers are started only to be skipped, so they need no slot.
                if (ready.Count == 0 || (ready.Running >= ready.Limit && Volatile.Read(ref _abortState) == 0))
                {
                    ready.Dispatching = false;
                    return;
                }

                next = ready.Pop();
                ready.Running++;
            }

            StartLayerHere(next);
        }
    }

    private void DispatchGuarded()
    {
        try
        {
            Dispatch(_ready!);
        }
        catch (System.Exception exception)
        {
            FailRun(exception);
        }
    }

    private void StartLayerGuarded(int layer)
    {
        try
        {
            StartLayerHere(layer);
        }
        catch (System.Exception exception)
        {
            FailRun(exception);
        }
    }

    /// <summary>
    /// Starts a layer on this thread. With tracing, starting makes the layer's activity current (so that its
    /// method runs under it); afterwards this thread gets its own activity back. Without, one null test.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StartLayerHere(int layer)
    {
        if (_report is not { Tracing: true })
        {
            StartLayer(layer);
            return;
        }

        Activity? previous = Activity.Current;
        try
        {
            StartLayer(layer);
        }
        finally
        {
            RestoreActivity(previous);
        }
    }

    private static void RestoreActivity(Activity? previous)
    {
        if (!ReferenceEquals(Activity.Current, previous))
        {
            // A stopped activity cannot be made current again; the thread's ExecutionContext is reset by whatever
            // started this work (the thread pool, a layer thread, an async method) when it ends.
            Activity.Current = previous;
        }
    }

    /// <summary>
    /// The start ranks of this run under a concurrency limit: the compile-time ranks (priority, remaining path
    /// of time-outs, declaration order) or, with <see cref="ExecutorOptions.AdaptivePriority"/>, ranks learnt
    /// from observed durations, recomputed by the executor's statistics only when its history refreshes.
    /// </summary>
    private int[] SchedulingRanks(ExecutorOptions options)
        => options.AdaptivePriority ? _executorStats.AdaptiveRanksFor(_plan) : _plan.SchedulingRanks;

    /// <summary>
    /// Whether this thread carries a context layers must not run on: a <see cref="SynchronizationContext"/> or a
    /// <see cref="TaskScheduler"/> other than the default (a UI thread, an exclusive scheduler). Layers start as
    /// <see cref="Task.Run(System.Action)"/> starts work, so a caller that blocks on such a context cannot starve them.
    /// </summary>
    private static bool MustLeaveThisThread()
        => SynchronizationContext.Current is not null || TaskScheduler.Current != TaskScheduler.Default;
}
