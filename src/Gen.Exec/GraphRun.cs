using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec;

/// <summary>
/// The engine behind one run of a generated executor. Generated code supplies typed layer invocations
/// and result storage; this class schedules layers as their own dependencies finish, enforces time-outs,
/// the concurrency limit, fail-fast and cancellation, and builds the run's statistics.
/// </summary>
/// <typeparam name="TRun">The generated run type (passed to layer callbacks without closures).</typeparam>
/// <typeparam name="TResults">The generated results type.</typeparam>
/// <remarks>Infrastructure for generated code; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GraphRun<TRun, TResults>
    where TRun : GraphRun<TRun, TResults>
    where TResults : class
{
    private const int AbortedByFailure = 1;
    private const int CanceledByCaller = 2;

    private static readonly object s_completed = new();

    private static readonly TimerCallback s_cancelLayer = static state => TryCancel((CancellationTokenSource)state!);

    private readonly ExecutionPlan _plan;
    private readonly ExecutorStats _executorStats;
    private readonly TimeProvider _time;
    private readonly bool _failFast;
    private readonly CancellationToken _cancellationToken;

    // Token sources of running layers, kept only when something can abort the run (fail-fast, a critical
    // layer, a cancellable caller token), so that one registration per run can cancel them all.
    private readonly CancellationTokenSource?[]? _running;

    // Present only under a concurrency limit or in sequential mode.
    private readonly ReadyQueue? _ready;

    private long _startTimestamp;
    private long _elapsedTicks;
    private int _finished;
    private int _abortState;
    private object? _completion;
    private CancellationTokenRegistration _callerRegistration;

    /// <summary>Prepares a run. Called by generated code.</summary>
    protected GraphRun(ExecutionPlan plan, ExecutorOptions options, ExecutorStats executorStats, CancellationToken cancellationToken)
    {
        _plan = plan;
        _executorStats = executorStats;
        _time = options.TimeProvider;
        _failFast = options.FailFast;
        _cancellationToken = cancellationToken;
        int count = plan.LayerCount;
        if (_failFast || plan.HasCriticalLayers || cancellationToken.CanBeCanceled)
        {
            _running = new CancellationTokenSource?[count];
        }

        if (!options.Parallel)
        {
            _ready = new ReadyQueue(1, plan.TopologicalRanks);
        }
        else if (options.MaxConcurrency < count)
        {
            _ready = new ReadyQueue(options.MaxConcurrency, plan.SchedulingRanks);
        }
    }

    /// <summary>Runs the graph. Called once by generated code.</summary>
    public Task<TResults> ExecuteAsync()
    {
        _startTimestamp = _time.GetTimestamp();
        if (_cancellationToken.CanBeCanceled)
        {
            _callerRegistration = _cancellationToken.UnsafeRegister(
                static state => ((GraphRun<TRun, TResults>)state!).Abort(CanceledByCaller),
                this);
        }

        // Layers never run on the caller's SynchronizationContext: their continuations stay on the thread
        // pool, so a caller that blocks on the run (or a single-threaded context) cannot deadlock it.
        SynchronizationContext? callerContext = SynchronizationContext.Current;
        if (callerContext is not null)
        {
            SynchronizationContext.SetSynchronizationContext(null);
        }

        try
        {
            StartRoots();
        }
        finally
        {
            if (callerContext is not null)
            {
                SynchronizationContext.SetSynchronizationContext(callerContext);
            }
        }

        if (ReferenceEquals(Volatile.Read(ref _completion), s_completed))
        {
            // Every layer completed synchronously: no state machine, no waiting.
            return IsCanceledByCaller ? Task.FromCanceled<TResults>(_cancellationToken) : Task.FromResult(Finish());
        }

        return WaitAndFinishAsync();
    }

    /// <summary>Starts layer <paramref name="layer"/> by calling <c>RunLayer</c> or <c>RunVoidLayer</c> with its typed invocation.</summary>
    protected abstract void StartLayer(int layer);

    /// <summary>Adds every layer's result to <paramref name="stats"/>.</summary>
    protected abstract void CollectStats(ref RunStatsBuilder stats);

    /// <summary>Creates the run's results once every layer has finished.</summary>
    protected abstract TResults CreateResults();

    /// <summary>
    /// The count of unfinished dependencies of <paramref name="layer"/>, one of the layers with two or more
    /// dependencies: a field of the generated run, so a run allocates no array for them. A layer with a single
    /// dependency needs no count: it starts when that dependency finishes.
    /// </summary>
    protected abstract ref int PendingDependencies(int layer);

    /// <summary>The run's statistics, computed from the layers' results (valid once the run has finished).</summary>
    protected RunStats GetStats()
    {
        var builder = default(RunStatsBuilder);
        CollectStats(ref builder);
        return builder.Build(new TimeSpan(_elapsedTicks));
    }

    /// <summary>Runs a layer that produces a value.</summary>
    /// <param name="layer">The layer's index in declaration order.</param>
    /// <param name="dependenciesSucceeded">Whether every dependency the layer needs as a value succeeded.</param>
    /// <param name="takesToken">Whether the layer method has a <see cref="CancellationToken"/> parameter.</param>
    /// <param name="invoke">Calls the layer method (a static lambda: no allocation per run).</param>
    /// <param name="store">Stores the layer's result in the run.</param>
    protected void RunLayer<T>(
        int layer,
        bool dependenciesSucceeded,
        bool takesToken,
        Func<TRun, CancellationToken, ValueTask<T>> invoke,
        Action<TRun, LayerResult<T>> store)
    {
        if (!dependenciesSucceeded || Volatile.Read(ref _abortState) != 0)
        {
            store((TRun)this, new LayerResult<T>(Skip(layer)));
            LayerFinished(layer, LayerStatus.Skipped);
            return;
        }

        long started = _time.GetTimestamp();

        // A layer that takes no token gets a source only if it goes asynchronous (for its deadline).
        CancellationTokenSource? cts = takesToken ? BeginLayer(layer) : null;
        ValueTask<T> pending;
        try
        {
            pending = invoke((TRun)this, cts?.Token ?? CancellationToken.None);
        }
        catch (Exception exception)
        {
            // A Task-returning method that throws before returning its task.
            FinishLayer(layer, started, cts, abandoned: false, exception, default(T)!, store);
            return;
        }

        if (pending.IsCompleted)
        {
            // Completed synchronously: no timer was ever needed.
            T value = default!;
            Exception? error = null;
            try
            {
                value = pending.Result;
            }
            catch (Exception exception)
            {
                error = exception;
            }

            FinishLayer(layer, started, cts, abandoned: false, error, value, store);
            return;
        }

        _ = AwaitLayerAsync(layer, started, cts ?? BeginLayer(layer), pending.AsTask(), store);
    }

    /// <summary>Runs a layer that produces no value.</summary>
    /// <param name="layer">The layer's index in declaration order.</param>
    /// <param name="dependenciesSucceeded">Whether every dependency the layer needs as a value succeeded.</param>
    /// <param name="takesToken">Whether the layer method has a <see cref="CancellationToken"/> parameter.</param>
    /// <param name="invoke">Calls the layer method (a static lambda: no allocation per run).</param>
    /// <param name="store">Stores the layer's result in the run.</param>
    protected void RunVoidLayer(
        int layer,
        bool dependenciesSucceeded,
        bool takesToken,
        Func<TRun, CancellationToken, ValueTask> invoke,
        Action<TRun, LayerResult> store)
    {
        if (!dependenciesSucceeded || Volatile.Read(ref _abortState) != 0)
        {
            store((TRun)this, Skip(layer));
            LayerFinished(layer, LayerStatus.Skipped);
            return;
        }

        long started = _time.GetTimestamp();
        CancellationTokenSource? cts = takesToken ? BeginLayer(layer) : null;
        ValueTask pending;
        try
        {
            pending = invoke((TRun)this, cts?.Token ?? CancellationToken.None);
        }
        catch (Exception exception)
        {
            FinishVoidLayer(layer, started, cts, abandoned: false, exception, store);
            return;
        }

        if (pending.IsCompleted)
        {
            Exception? error = null;
            try
            {
                pending.GetAwaiter().GetResult();
            }
            catch (Exception exception)
            {
                error = exception;
            }

            FinishVoidLayer(layer, started, cts, abandoned: false, error, store);
            return;
        }

        _ = AwaitVoidLayerAsync(layer, started, cts ?? BeginLayer(layer), pending.AsTask(), store);
    }

    /// <summary>
    /// Runs a synchronous layer method on the thread pool, so that it never blocks the layers beside it
    /// and its time-out holds even if it ignores its token.
    /// </summary>
    protected static ValueTask<T> Offload<T>(TRun run, CancellationToken cancellationToken, Func<TRun, CancellationToken, T> body)
        => new(Task.Factory.StartNew(
            static state => ((SyncInvocation<T>)state!).Invoke(),
            new SyncInvocation<T>(run, cancellationToken, body),
            CancellationToken.None,
            TaskCreationOptions.DenyChildAttach,
            TaskScheduler.Default));

    /// <inheritdoc cref="Offload{T}(TRun, CancellationToken, Func{TRun, CancellationToken, T})"/>
    protected static ValueTask Offload(TRun run, CancellationToken cancellationToken, Action<TRun, CancellationToken> body)
        => new(Task.Factory.StartNew(
            static state => ((SyncInvocation)state!).Invoke(),
            new SyncInvocation(run, cancellationToken, body),
            CancellationToken.None,
            TaskCreationOptions.DenyChildAttach,
            TaskScheduler.Default));

    private bool IsCanceledByCaller => (Volatile.Read(ref _abortState) & CanceledByCaller) != 0;

    private async Task<TResults> WaitAndFinishAsync()
    {
        var waiter = new TaskCompletionSource();
        if (Interlocked.CompareExchange(ref _completion, waiter, null) is null)
        {
            await waiter.Task.ConfigureAwait(false);
        }

        if (IsCanceledByCaller)
        {
            _callerRegistration.Dispose();
            throw new OperationCanceledException(_cancellationToken);
        }

        return Finish();
    }

    private TResults Finish()
    {
        _callerRegistration.Dispose();
        _elapsedTicks = _time.GetElapsedTime(_startTimestamp).Ticks;
        _executorStats.Record(GetStats());
        return CreateResults();
    }

    private void SignalCompletion()
    {
        object? previous = Interlocked.Exchange(ref _completion, s_completed);
        (previous as TaskCompletionSource)?.TrySetResult();
    }

    private void StartRoots()
    {
        int[] roots = _plan.RootsInRankOrder;
        if (_ready is null)
        {
            foreach (int root in roots)
            {
                StartLayer(root);
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

    private void LayerFinished(int layer, LayerStatus status)
    {
        if ((status == LayerStatus.Failed || status == LayerStatus.TimedOut) && (_failFast || _plan.Critical[layer]))
        {
            Abort(AbortedByFailure);
        }

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
        }
        else
        {
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

        if (Interlocked.Increment(ref _finished) == _plan.LayerCount)
        {
            SignalCompletion();
        }
    }

    private void StartReady(int layer)
    {
        // Layers that complete synchronously start their dependents inline; on a long chain that would
        // recurse once per layer, so hop to the thread pool before the stack runs out.
        if (RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            StartLayer(layer);
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(
                static state => state.Run.StartLayer(state.Layer),
                (Run: this, Layer: layer),
                preferLocal: false);
        }
    }

    // One thread at a time drains the ready queue; layers finishing on other threads only enqueue. This keeps
    // the start order strictly by rank and never recurses, however many layers complete synchronously.
    private void Dispatch(ReadyQueue ready)
    {
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

            StartLayer(next);
        }
    }

    private void Abort(int reason)
    {
        int previous = Interlocked.Or(ref _abortState, reason);
        if (previous == 0 && _running is not null)
        {
            for (int layer = 0; layer < _running.Length; layer++)
            {
                // Swap the source out of its slot, so a layer completing now (which clears its slot the same way)
                // and this loop never both act on it.
                if (Interlocked.Exchange(ref _running[layer], null) is { } cts)
                {
                    TryCancel(cts);
                }
            }
        }

        if (reason == CanceledByCaller && (previous & CanceledByCaller) == 0)
        {
            // The caller gets its OperationCanceledException now, not when the last layer notices.
            SignalCompletion();
        }

        if (previous == 0 && _ready is not null)
        {
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
    }

    private CancellationTokenSource BeginLayer(int layer)
    {
        var cts = new CancellationTokenSource();
        if (_running is not null)
        {
            // A full fence (not a volatile write): the abort check below must not move before the publish, or
            // an abort running now could miss this source while this layer misses the abort.
            Interlocked.Exchange(ref _running[layer], cts);
            if (Volatile.Read(ref _abortState) != 0 && Interlocked.Exchange(ref _running[layer], null) is { } aborted)
            {
                // The run was aborted between the skip check and now.
                TryCancel(aborted);
            }
        }

        return cts;
    }

    private ITimer? ArmTimeout(int layer, long started, CancellationTokenSource cts)
    {
        TimeSpan remaining = _plan.Timeouts[layer] - _time.GetElapsedTime(started);
        if (remaining <= TimeSpan.Zero)
        {
            TryCancel(cts);
            return null;
        }

        // Our own callback even for the system clock: CancelAfter would run the layer's token callbacks on the
        // timer thread and let an exception from one of them terminate the process; TryCancel contains it.
        return _time.CreateTimer(s_cancelLayer, cts, remaining, Timeout.InfiniteTimeSpan);
    }

    private async Task AwaitLayerAsync<T>(int layer, long started, CancellationTokenSource cts, Task<T> task, Action<TRun, LayerResult<T>> store)
    {
        ITimer? timer = ArmTimeout(layer, started, cts);
        T value = default!;
        Exception? error = null;
        try
        {
            value = await task.WaitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            if (task.IsCompletedSuccessfully)
            {
                value = task.Result;
            }
            else
            {
                error = exception;

                // Observe the layer's own failure whether it is still running or failed in the instant the
                // wait was cancelled: either way nobody else will look at its exception.
                ObserveFailure(task);
            }
        }

        timer?.Dispose();
        bool abandoned = !task.IsCompleted;

        FinishLayer(layer, started, cts, abandoned, error, value, store);
    }

    private async Task AwaitVoidLayerAsync(int layer, long started, CancellationTokenSource cts, Task task, Action<TRun, LayerResult> store)
    {
        ITimer? timer = ArmTimeout(layer, started, cts);
        Exception? error = null;
        try
        {
            await task.WaitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            if (!task.IsCompletedSuccessfully)
            {
                error = exception;
                ObserveFailure(task);
            }
        }

        timer?.Dispose();
        bool abandoned = !task.IsCompleted;

        FinishVoidLayer(layer, started, cts, abandoned, error, store);
    }

    private void FinishLayer<T>(int layer, long started, CancellationTokenSource? cts, bool abandoned, Exception? error, T value, Action<TRun, LayerResult<T>> store)
    {
        LayerResult info = Complete(layer, started, cts, abandoned, error);
        store((TRun)this, new LayerResult<T>(info, value));
        LayerFinished(layer, info.Status);
    }

    private void FinishVoidLayer(int layer, long started, CancellationTokenSource? cts, bool abandoned, Exception? error, Action<TRun, LayerResult> store)
    {
        LayerResult info = Complete(layer, started, cts, abandoned, error);
        store((TRun)this, info);
        LayerFinished(layer, info.Status);
    }

    private LayerResult Complete(int layer, long started, CancellationTokenSource? cts, bool abandoned, Exception? error)
    {
        TimeSpan elapsed = _time.GetElapsedTime(started);
        LayerStatus status = LayerStatus.Succeeded;
        if (error is null && elapsed > _plan.Timeouts[layer])
        {
            // The layer finished, but after its deadline: typically a Task-returning method that blocked before
            // returning its task, so no timer could interrupt the wait. The deadline decides, not the luck of timing.
            status = LayerStatus.TimedOut;
            error = TimedOutError(layer, null);
        }
        else if (error is not null)
        {
            status = LayerStatus.Failed;
            if (error is OperationCanceledException && cts?.IsCancellationRequested == true)
            {
                // Our token stopped the layer. A layer that throws OperationCanceledException for its own
                // reasons, with its token untouched, has Failed.
                if (Volatile.Read(ref _abortState) != 0)
                {
                    status = LayerStatus.Canceled;
                }
                else
                {
                    status = LayerStatus.TimedOut;
                    error = TimedOutError(layer, error);
                }
            }
        }

        if (cts is not null)
        {
            if (_running is not null)
            {
                Interlocked.Exchange(ref _running[layer], null);
            }

            // An abandoned layer may still hold its (already cancelled) token: leave the source to the GC
            // rather than dispose it under running code. A finished layer's source is never reused: a token
            // the layer kept must not be cancelled later by some other layer's time-out.
            if (!abandoned)
            {
                cts.Dispose();
            }
        }

        return new LayerResult(_plan.NameOf(layer), status, error, elapsed, _time.GetElapsedTime(_startTimestamp, started));
    }

    private TimeoutException TimedOutError(int layer, Exception? inner)
        => new($"Layer '{_plan.NameOf(layer)}' did not finish within its time-out of {_plan.Timeouts[layer].TotalMilliseconds:0} ms.", inner);

    private LayerResult Skip(int layer)
        => new(_plan.NameOf(layer), LayerStatus.Skipped, null, TimeSpan.Zero, _time.GetElapsedTime(_startTimestamp));

    private static void ObserveFailure(Task task)
    {
        // If the task fails (now or after the run stopped waiting for it), observe the exception so that it
        // never surfaces as an unobserved task exception. On a completed task the continuation runs at once.
        task.ContinueWith(
            static t => _ = t.Exception,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static void TryCancel(CancellationTokenSource cts)
    {
        try
        {
            cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The layer finished and released its source while we were cancelling it.
        }
        catch (AggregateException)
        {
            // A callback the layer registered on its token threw; the layer's own outcome reports it.
        }
    }

    private sealed class SyncInvocation<T>(TRun run, CancellationToken cancellationToken, Func<TRun, CancellationToken, T> body)
    {
        public T Invoke() => body(run, cancellationToken);
    }

    private sealed class SyncInvocation(TRun run, CancellationToken cancellationToken, Action<TRun, CancellationToken> body)
    {
        public void Invoke() => body(run, cancellationToken);
    }

    /// <summary>Layers whose dependencies have finished, waiting for a slot; a binary min-heap by rank.</summary>
    private sealed class ReadyQueue(int limit, int[] ranks)
    {
        private readonly int[] _heap = new int[ranks.Length];

        public int Limit { get; } = limit;

        public int Running { get; set; }

        public bool Dispatching { get; set; }

        public int Count { get; private set; }

        public void Push(int layer)
        {
            int index = Count++;
            while (index > 0)
            {
                int parent = (index - 1) >> 1;
                if (ranks[_heap[parent]] <= ranks[layer])
                {
                    break;
                }

                _heap[index] = _heap[parent];
                index = parent;
            }

            _heap[index] = layer;
        }

        public int Pop()
        {
            int top = _heap[0];
            int last = _heap[--Count];
            int index = 0;
            while (true)
            {
                int child = (2 * index) + 1;
                if (child >= Count)
                {
                    break;
                }

                if (child + 1 < Count && ranks[_heap[child + 1]] < ranks[_heap[child]])
                {
                    child++;
                }

                if (ranks[last] <= ranks[_heap[child]])
                {
                    break;
                }

                _heap[index] = _heap[child];
                index = child;
            }

            if (Count > 0)
            {
                _heap[index] = last;
            }

            return top;
        }
    }
}
