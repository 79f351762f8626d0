using System;
using System.ComponentModel;
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
/// <remarks>
/// Infrastructure for generated code; not meant to be used directly. The engine is one partial class in
/// named parts: <c>GraphRun.Scheduling.cs</c> (readiness, ready queue, priority, concurrency limit),
/// <c>GraphRun.Invocation.cs</c> (a layer's life: condition, attempts, fallback, completion), <c>GraphRun.Control.cs</c>
/// (targets, dependency gates, conditions) and <c>GraphRun.Retry.cs</c> (retries and fallbacks),
/// <c>GraphRun.PendingLayer.cs</c> and <c>GraphRun.Deadlines.cs</c> (a layer that did not finish at once,
/// racing its deadline), <c>GraphRun.Completion.cs</c> (status, propagation, fail-fast and critical abort),
/// <c>GraphRun.Results.cs</c> (the returned task, results and statistics) and <c>GraphRun.Reporting.cs</c>
/// (the one place a run reports its life).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract partial class GraphRun<TRun, TResults>
    where TRun : GraphRun<TRun, TResults>
    where TResults : class
{
    private readonly ExecutionPlan _plan;
    private readonly ExecutorStats _executorStats;
    private readonly TimeProvider _time;
    private readonly bool _failFast;

    // On the system clock, deadlines need no timer per attempt: a synchronous layer's is watched by its layer
    // thread's own reusable timer, the asynchronous ones by one timer per run (_deadlines, created on first use).
    private readonly bool _systemClock;
    private RunDeadlines? _deadlines;
    private readonly CancellationToken _cancellationToken;

    // What can stop each running layer, kept only when something can abort the run (fail-fast, a critical
    // layer, a cancellable caller token): the layer's token source while it is being invoked, then its
    // PendingLayer once it goes asynchronous. One abort walks them all.
    private readonly object?[]? _running;

    // Present only under a concurrency limit or in sequential mode.
    private readonly ReadyQueue? _ready;

    /// <summary>Prepares a run. Called by generated code.</summary>
    protected GraphRun(ExecutionPlan plan, ExecutorOptions options, ExecutorStats executorStats, CancellationToken cancellationToken)
    {
        _plan = plan;
        _executorStats = executorStats;
        _time = options.TimeProvider;
        _systemClock = ReferenceEquals(_time, TimeProvider.System);
        _failFast = options.FailFast;
        _cancellationToken = cancellationToken;
        AttachReporting(options);
        _dispatcher = options.Dispatcher;
        int count = plan.LayerCount;
        if (_failFast || plan.HasCriticalLayers || cancellationToken.CanBeCanceled)
        {
            _running = new object?[count];
        }

        if (!options.Parallel)
        {
            _ready = new ReadyQueue(1, plan.TopologicalRanks);
        }
        else if (options.MaxConcurrency < count)
        {
            _ready = new ReadyQueue(options.MaxConcurrency, SchedulingRanks(options));
        }
    }

    /// <summary>Starts layer <paramref name="layer"/> by calling one of the <c>Run…Layer</c> methods with its typed invocation.</summary>
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

    /// <summary>Runs a layer that returns <see cref="ValueTask{TResult}"/>.</summary>
    /// <param name="layer">The layer's index in declaration order.</param>
    /// <param name="dependencies">
    /// 0 when every dependency the layer needs has a value; otherwise <see cref="DependencyWithoutValue"/> and/or
    /// <see cref="DependencyNotRun"/>, OR-ed over them (see <see cref="DependencyGate(in LayerResult)"/>).
    /// </param>
    /// <param name="takesToken">Whether the layer method has a <see cref="CancellationToken"/> parameter.</param>
    /// <param name="invoke">Calls the layer method (a static lambda: no allocation per run).</param>
    /// <param name="store">Stores the layer's result in the run.</param>
    /// <param name="control">The layer's condition, retries and fallback; <see langword="null"/> when it has none.</param>
    protected void RunLayer<T>(int layer, int dependencies, bool takesToken, Func<TRun, CancellationToken, ValueTask<T>> invoke, Action<TRun, LayerResult<T>> store, LayerControl? control = null)
        => Start<T>(layer, dependencies, takesToken, LayerShape.ValueTask, invoke, store, control);

    /// <summary>Runs a layer that returns <see cref="Task{TResult}"/>.</summary>
    /// <inheritdoc cref="RunLayer{T}(int, int, bool, Func{TRun, CancellationToken, ValueTask{T}}, Action{TRun, LayerResult{T}}, LayerControl)"/>
    protected void RunTaskLayer<T>(int layer, int dependencies, bool takesToken, Func<TRun, CancellationToken, Task<T>> invoke, Action<TRun, LayerResult<T>> store, LayerControl? control = null)
        => Start<T>(layer, dependencies, takesToken, LayerShape.Task, invoke, store, control);

    /// <summary>Runs a synchronous layer that returns a value: on a Gen.Exec layer thread, never on the thread pool.</summary>
    /// <inheritdoc cref="RunLayer{T}(int, int, bool, Func{TRun, CancellationToken, ValueTask{T}}, Action{TRun, LayerResult{T}}, LayerControl)"/>
    protected void RunSyncLayer<T>(int layer, int dependencies, bool takesToken, Func<TRun, CancellationToken, T> invoke, Action<TRun, LayerResult<T>> store, LayerControl? control = null)
        => Start<T>(layer, dependencies, takesToken, LayerShape.Synchronous, invoke, store, control);

    /// <summary>Runs a layer that returns <see cref="ValueTask"/>.</summary>
    /// <inheritdoc cref="RunLayer{T}(int, int, bool, Func{TRun, CancellationToken, ValueTask{T}}, Action{TRun, LayerResult{T}}, LayerControl)"/>
    protected void RunVoidLayer(int layer, int dependencies, bool takesToken, Func<TRun, CancellationToken, ValueTask> invoke, Action<TRun, LayerResult> store, LayerControl? control = null)
        => Start<NoValue>(layer, dependencies, takesToken, LayerShape.ValueTask, invoke, store, control);

    /// <summary>Runs a layer that returns <see cref="Task"/>.</summary>
    /// <inheritdoc cref="RunLayer{T}(int, int, bool, Func{TRun, CancellationToken, ValueTask{T}}, Action{TRun, LayerResult{T}}, LayerControl)"/>
    protected void RunTaskVoidLayer(int layer, int dependencies, bool takesToken, Func<TRun, CancellationToken, Task> invoke, Action<TRun, LayerResult> store, LayerControl? control = null)
        => Start<NoValue>(layer, dependencies, takesToken, LayerShape.Task, invoke, store, control);

    /// <summary>Runs a synchronous <see langword="void"/> layer: on a Gen.Exec layer thread, never on the thread pool.</summary>
    /// <inheritdoc cref="RunLayer{T}(int, int, bool, Func{TRun, CancellationToken, ValueTask{T}}, Action{TRun, LayerResult{T}}, LayerControl)"/>
    protected void RunSyncVoidLayer(int layer, int dependencies, bool takesToken, Action<TRun, CancellationToken> invoke, Action<TRun, LayerResult> store, LayerControl? control = null)
        => Start<NoValue>(layer, dependencies, takesToken, LayerShape.Synchronous, invoke, store, control);

    /// <summary>How a layer (or fallback) method hands back its work; the delegate passed with it has the matching type.</summary>
    protected enum LayerShape
    {
        /// <summary>Returns <see cref="System.Threading.Tasks.ValueTask"/> or <see cref="ValueTask{TResult}"/>.</summary>
        ValueTask,

        /// <summary>Returns <see cref="System.Threading.Tasks.Task"/> or <see cref="Task{TResult}"/>.</summary>
        Task,

        /// <summary>Returns its value (or <see langword="void"/>); runs on a Gen.Exec layer thread.</summary>
        Synchronous,
    }

    /// <summary>The value type of layers that produce none: void layers run the value path and store a non-generic <see cref="LayerResult"/>.</summary>
    private readonly struct NoValue
    {
    }
}
