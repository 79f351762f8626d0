using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec;

// Invoking a layer. A layer's life is a short pipeline, written in that order below:
//   1. admission (GraphRun.Control.cs): NotRun when not targeted, when a needed dependency is NotRun or when
//      its [When] condition is false; Skipped when a needed dependency has no value or the run was aborted;
//   2. attempts: each with its own deadline and fresh token (a Polly pipeline or a LayerDispatcher would wrap
//      the invocation in InvokeAttempt); [Retry] starts the next attempt from AttemptEnded after its delay
//      (GraphRun.Retry.cs);
//   3. fallback ([Fallback] runs from AttemptEnded, as one more invocation, when the last attempt Failed or TimedOut);
//   4. completion (GraphRun.Completion.cs), reported once in GraphRun.Reporting.cs.
// Layers without retries or a fallback carry no state between these steps (no LayerLife): they cost what they did.
// Value and void layers take the same path: a void layer is a layer of NoValue, stored as a LayerResult.
public abstract partial class GraphRun<TRun, TResults>
{
    private void Start<T>(int layer, int dependencies, bool takesToken, LayerShape shape, object invoke, object store, LayerControl? control)
    {
        if (!Admit<T>(layer, dependencies, control, store))
        {
            return;
        }

        long started;
        try
        {
            started = ReportLayerStarted(layer);
        }
        catch (Exception exception)
        {
            // The clock failed: the layer cannot be timed, so it does not run.
            CompleteLayer(layer, new AttemptOutcome<T>(LayerStatus.Failed, default!, exception, TimeSpan.Zero, TimeSpan.Zero), store);
            return;
        }

        LayerLife<T>? life = control is { HasLife: true } ? new LayerLife<T>(this, layer, control, started, takesToken, shape, invoke, store) : null;
        InvokeAttempt<T>(layer, started, takesToken, shape, invoke, store, life);
    }

    /// <summary>Makes one attempt at the layer: invokes it, and either ends the attempt at once or leaves a <see cref="PendingLayer"/> racing its deadline.</summary>
    /// <remarks>A fallback is invoked the same way, with its own method, shape and token; <paramref name="life"/> tells them apart.</remarks>
    private void InvokeAttempt<T>(int layer, long started, bool takesToken, LayerShape shape, object invoke, object store, LayerLife<T>? life)
    {
        // A layer that takes no token gets no source: nothing would observe it.
        CancellationTokenSource? cts = takesToken ? BeginAttempt(layer) : null;
        if (shape == LayerShape.Synchronous)
        {
            // Never invoked on this thread: it could block the layers started after it, and its deadline must hold.
            var work = new PendingLayer<T>(this, layer, started, cts, store, life, invoke);
            Publish(work);
            if (!_systemClock)
            {
                ArmDeadline(work);
            }

            work.HandToLayerThread();
            return;
        }

        T value = default!;
        Exception? error = null;
        Task? pending = null;
        try
        {
            LayerThreads.UserCodeStarting();
            pending = Invoke(layer, shape, invoke, cts?.Token ?? CancellationToken.None, out value);
        }
        catch (Exception exception)
        {
            // The method threw before returning its task, or its task completed with an exception.
            error = exception;
        }

        if (pending is null)
        {
            // Completed synchronously: no timer was ever needed. The clock says whether it finished in time.
            AttemptEnded(layer, cts, abandoned: false, OutcomeAtReturn(layer, started, cts, value, error), store, life);
            return;
        }

        // Publish and ArmDeadline may end the attempt at once (an abort, a deadline already passed, a timer that
        // could not be armed); the work is awaited all the same, so that whatever it does later is observed.
        var awaiting = new PendingLayer<T>(this, layer, started, cts, store, life, pending);
        Publish(awaiting);
        ArmDeadline(awaiting);
        awaiting.AwaitWork();
    }

    /// <summary>Calls an asynchronous layer method; returns its task if it did not complete, otherwise its value (or throws its exception).</summary>
    private Task? Invoke<T>(int layer, LayerShape shape, object invoke, CancellationToken token, out T value)
    {
        value = default!;
        var run = (TRun)this;
        if (shape == LayerShape.ValueTask)
        {
            if (typeof(T) == typeof(NoValue))
            {
                ValueTask work = Unsafe.As<Func<TRun, CancellationToken, ValueTask>>(invoke)(run, token);
                if (!work.IsCompleted)
                {
                    return work.AsTask();
                }

                work.GetAwaiter().GetResult();
                return null;
            }

            ValueTask<T> valueWork = Unsafe.As<Func<TRun, CancellationToken, ValueTask<T>>>(invoke)(run, token);
            if (!valueWork.IsCompleted)
            {
                return valueWork.AsTask();
            }

            value = valueWork.Result;
            return null;
        }

        Task? task = typeof(T) == typeof(NoValue)
            ? Unsafe.As<Func<TRun, CancellationToken, Task>>(invoke)(run, token)
            : Unsafe.As<Func<TRun, CancellationToken, Task<T>>>(invoke)(run, token);
        if (task is null)
        {
            throw new InvalidOperationException($"Layer '{_plan.NameOf(layer)}' returned a null Task; return a task (for example Task.CompletedTask or Task.FromResult(value)).");
        }

        if (!task.IsCompleted)
        {
            return task;
        }

        value = ResultOf<T>(task);
        return null;
    }

    /// <summary>Calls a synchronous layer method (on a layer thread).</summary>
    private T InvokeSynchronous<T>(object invoke, CancellationToken token)
    {
        if (typeof(T) == typeof(NoValue))
        {
            Unsafe.As<Action<TRun, CancellationToken>>(invoke)((TRun)this, token);
            return default!;
        }

        return Unsafe.As<Func<TRun, CancellationToken, T>>(invoke)((TRun)this, token);
    }

    /// <summary>The value of a completed task (throws its exception, as <c>await</c> does).</summary>
    private static T ResultOf<T>(Task task)
    {
        if (typeof(T) == typeof(NoValue))
        {
            task.GetAwaiter().GetResult();
            return default!;
        }

        return Unsafe.As<Task<T>>(task).GetAwaiter().GetResult();
    }

    /// <summary>
    /// An attempt (or the fallback) of <paramref name="layer"/> ended. A layer without retries or fallback completes
    /// with its outcome; otherwise its <paramref name="life"/> decides: another attempt, the fallback, or completion.
    /// </summary>
    private void AttemptEnded<T>(int layer, CancellationTokenSource? cts, bool abandoned, in AttemptOutcome<T> outcome, object store, LayerLife<T>? life)
    {
        EndAttempt(layer, cts, abandoned);
        if (life is not null)
        {
            LifeStepEnded(life, outcome);
            return;
        }

        ReportAttemptEnded(layer, outcome.Status, outcome.Elapsed);
        CompleteLayer(layer, new AttemptOutcome<T>(outcome.Status, outcome.Value, outcome.Error, outcome.Elapsed, outcome.StartOffset, outcome.Status == LayerStatus.Skipped ? 0 : 1), store);
    }

    /// <summary>The outcome of an attempt whose work returned (or threw) just now, on this thread, judged by the clock at this moment.</summary>
    private AttemptOutcome<T> OutcomeAtReturn<T>(int layer, long started, CancellationTokenSource? cts, T value, Exception? error)
    {
        if (!TryMeasure(started, out TimeSpan elapsed, out TimeSpan startOffset, out Exception? clockError))
        {
            return new AttemptOutcome<T>(LayerStatus.Failed, default!, clockError, elapsed, startOffset);
        }

        // Finishing past the deadline is TimedOut whatever the layer did: returned a value or threw.
        return Classify(layer, value, error, elapsed, startOffset, pastDeadline: elapsed > TimeoutOf(layer), cts);
    }
}
