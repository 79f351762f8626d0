using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec;

// The run as a whole: starting it, the task RunAsync returns, assembling the results and statistics.
public abstract partial class GraphRun<TRun, TResults>
{
    // null while layers run and nobody waits; the waiting TaskCompletionSource; or s_completed once signalled.
    private static readonly object s_completed = new();

    // The run's start timestamp while it runs; once it has returned, its elapsed ticks (read by GetStats). One
    // field for both keeps the run object at its part-1 size: when a run returns every layer is final, and
    // nothing reads the start any more (late work of an abandoned layer measures only to discard the figure).
    private long _startTimestamp;
    private object? _completion;
    private Exception? _failure;
    private CancellationTokenRegistration _callerRegistration;

    /// <summary>Runs the graph. Called once by generated code.</summary>
    public Task<TResults> ExecuteAsync()
    {
        try
        {
            _startTimestamp = ReportRunStarted();
        }
        catch (Exception exception)
        {
            // The clock failed before any layer started.
            ReportRunCompleted(RunEnd.Faulted, null);
            return Task.FromException<TResults>(exception);
        }

        if (_cancellationToken.CanBeCanceled)
        {
            _callerRegistration = _cancellationToken.UnsafeRegister(static state => ((GraphRun<TRun, TResults>)state!).OnCallerCanceled(), this);
        }

        if (TaskScheduler.Current != TaskScheduler.Default)
        {
            // The caller runs on a scheduler of its own (an exclusive or UI-like one, which it may block): layers
            // start on the default scheduler, as Task.Run would start them.
            TaskCompletionSource<TResults> waiter = NewWaiter();
            _completion = waiter;
            EngineWork.Queue(_executorStats, static run => run.StartRootsGuarded(), this);
            return waiter.Task;
        }

        // Layers never run on the caller's SynchronizationContext: their continuations stay on the thread pool,
        // so a caller that blocks on the run (or a single-threaded context) cannot deadlock it.
        SynchronizationContext? callerContext = SynchronizationContext.Current;
        if (callerContext is not null)
        {
            SynchronizationContext.SetSynchronizationContext(null);
        }

        // Layers started on this thread make their activity current while they are invoked: the caller gets its own back.
        Activity? callerActivity = _report is { Tracing: true } ? Activity.Current : null;
        try
        {
            StartRootsGuarded();
        }
        finally
        {
            if (callerContext is not null)
            {
                SynchronizationContext.SetSynchronizationContext(callerContext);
            }

            if (_report is { Tracing: true })
            {
                RestoreActivity(callerActivity);
            }
        }

        if (!ReferenceEquals(Volatile.Read(ref _completion), s_completed))
        {
            TaskCompletionSource<TResults> waiter = NewWaiter();
            if (Interlocked.CompareExchange(ref _completion, waiter, null) is null)
            {
                return waiter.Task;
            }
        }

        // Every layer completed synchronously: no waiting.
        return CompletedTask();
    }

    /// <summary>The run's statistics, computed from the layers' results (valid once the run has finished).</summary>
    protected RunStats GetStats()
    {
        var builder = default(RunStatsBuilder);
        CollectStats(ref builder);
        builder.AddRetries(Volatile.Read(ref _retries));
        return builder.Build(new TimeSpan(Volatile.Read(ref _startTimestamp)));
    }

    // Continuations of the returned task never run inside the engine (a layer's completion, a timer, the caller's Cancel()).
    private static TaskCompletionSource<TResults> NewWaiter() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void StartRootsGuarded()
    {
        try
        {
            StartRoots();
        }
        catch (Exception exception)
        {
            FailRun(exception);
        }
    }

    /// <summary>Every layer finished, or the caller cancelled, or the runtime failed: completes the returned task once.</summary>
    private void SignalCompletion()
    {
        if (Interlocked.Exchange(ref _completion, s_completed) is TaskCompletionSource<TResults> waiter)
        {
            TResults? results = Conclude(out Exception? error);
            if (results is not null)
            {
                waiter.TrySetResult(results);
            }
            else if (error is not null)
            {
                waiter.TrySetException(error);
            }
            else
            {
                waiter.TrySetCanceled(_cancellationToken);
            }
        }
    }

    /// <summary>The outcome of a run whose every layer completed before <see cref="ExecuteAsync"/> returned (or that failed or was cancelled by then).</summary>
    private Task<TResults> CompletedTask()
    {
        TResults? results = Conclude(out Exception? error);
        return results is not null ? Task.FromResult(results)
            : error is not null ? Task.FromException<TResults>(error)
            : Task.FromCanceled<TResults>(_cancellationToken);
    }

    /// <summary>Concludes a signalled run, once: its results; or null with the runtime's exception, or null and no exception when the caller cancelled.</summary>
    private TResults? Conclude(out Exception? error)
    {
        _callerRegistration.Unregister();
        error = Volatile.Read(ref _failure);
        if (error is not null)
        {
            ReportRunCompleted(RunEnd.Faulted, null);
            return null;
        }

        if (IsCanceledByCaller)
        {
            ReportRunCompleted(RunEnd.Canceled, null);
            return null;
        }

        try
        {
            long started = _startTimestamp;
            Volatile.Write(ref _startTimestamp, _time.GetElapsedTime(started).Ticks);
            ReportRunCompleted(RunEnd.Returned, GetStats());
            return CreateResults();
        }
        catch (Exception exception)
        {
            error = exception;
            return null;
        }
    }

    /// <summary>
    /// The runtime itself hit an exception that no layer owns (a hostile clock or timer, a bug): the run stops
    /// waiting and <c>RunAsync</c> faults with it, rather than hang or lose it.
    /// </summary>
    private void FailRun(Exception exception)
    {
        Interlocked.CompareExchange(ref _failure, exception, null);
        Abort(AbortedByFailure);
        SignalCompletion();
    }
}
