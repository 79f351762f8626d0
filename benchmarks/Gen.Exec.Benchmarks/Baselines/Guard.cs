using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Benchmarks.Baselines;

/// <summary>
/// The best hand-written way to run one layer with Gen.Exec's guarantees: a token linked to the caller's,
/// a time-out (armed only if the layer does not complete synchronously) enforced with <c>WaitAsync</c> even if
/// the layer ignores its token, error isolation, and start/elapsed timings. Static lambdas plus a state
/// argument: no closure per call.
/// </summary>
public static class Guard
{
    public static ValueTask<LayerResult<T>> RunAsync<TState, T>(
        string name,
        Func<TState, CancellationToken, ValueTask<T>> body,
        TState state,
        TimeSpan timeout,
        long runStarted,
        CancellationToken callerToken)
    {
        long started = Stopwatch.GetTimestamp();
        CancellationTokenSource cts = callerToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(callerToken)
            : new CancellationTokenSource();
        ValueTask<T> pending;
        try
        {
            pending = body(state, cts.Token);
        }
        catch (Exception exception)
        {
            cts.Dispose();
            return new(Result<T>(name, LayerStatus.Failed, exception, default!, started, runStarted));
        }

        if (pending.IsCompleted)
        {
            LayerResult<T> result;
            try
            {
                result = Result(name, LayerStatus.Succeeded, null, pending.Result, started, runStarted);
            }
            catch (Exception exception)
            {
                result = Result<T>(name, LayerStatus.Failed, exception, default!, started, runStarted);
            }

            cts.Dispose();
            return new(result);
        }

        return AwaitAsync(name, pending.AsTask(), cts, timeout, started, runStarted, callerToken);
    }

    /// <summary>
    /// A synchronous layer with the same guarantees: its body runs on the thread pool (one work item, its state
    /// boxed once, no closure) so that the time-out holds even if it never returns and it never blocks the
    /// caller or the layers beside it.
    /// </summary>
    public static ValueTask<LayerResult<T>> RunOffloadedAsync<TState, T>(
        string name,
        Func<TState, CancellationToken, T> body,
        TState state,
        TimeSpan timeout,
        long runStarted,
        CancellationToken callerToken)
    {
        long started = Stopwatch.GetTimestamp();
        CancellationTokenSource cts = callerToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(callerToken)
            : new CancellationTokenSource();
        Task<T> task = Task.Factory.StartNew(
            static boxed =>
            {
                var call = (Tuple<Func<TState, CancellationToken, T>, TState, CancellationToken>)boxed!;
                return call.Item1(call.Item2, call.Item3);
            },
            Tuple.Create(body, state, cts.Token),
            cts.Token,
            TaskCreationOptions.DenyChildAttach,
            TaskScheduler.Default);
        return AwaitAsync(name, task, cts, timeout, started, runStarted, callerToken);
    }

    private static async ValueTask<LayerResult<T>> AwaitAsync<T>(
        string name,
        Task<T> task,
        CancellationTokenSource cts,
        TimeSpan timeout,
        long started,
        long runStarted,
        CancellationToken callerToken)
    {
        cts.CancelAfter(timeout);
        try
        {
            T value = await task.WaitAsync(cts.Token).ConfigureAwait(false);
            cts.Dispose();
            return Result(name, LayerStatus.Succeeded, null, value, started, runStarted);
        }
        catch (Exception exception)
        {
            if (!task.IsCompleted)
            {
                // Abandoned at its deadline: observe a later failure so it never goes unobserved.
                _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            else
            {
                cts.Dispose();
            }

            LayerStatus status = exception is OperationCanceledException && cts.IsCancellationRequested
                ? (callerToken.IsCancellationRequested ? LayerStatus.Canceled : LayerStatus.TimedOut)
                : LayerStatus.Failed;
            return Result<T>(name, status, exception, default!, started, runStarted);
        }
    }

    public static LayerResult<T> Skipped<T>(string name, long runStarted)
        => new(new LayerResult(name, LayerStatus.Skipped, null, TimeSpan.Zero, Stopwatch.GetElapsedTime(runStarted)));

    private static LayerResult<T> Result<T>(string name, LayerStatus status, Exception? error, T value, long started, long runStarted)
    {
        long now = Stopwatch.GetTimestamp();
        return new(
            new LayerResult(name, status, error, Stopwatch.GetElapsedTime(started, now), Stopwatch.GetElapsedTime(runStarted, started)),
            value);
    }
}
