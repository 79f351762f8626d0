using System;

namespace Gen.Exec;

/// <summary>
/// Calls an <see cref="ExecutionObserver"/> so that whatever it throws stays with it: the exception is
/// reported on <see cref="GenExecEventSource"/> and the run goes on as if the observer had returned. Like any
/// user code on a layer thread, an observer first has the layers queued for that thread guarded
/// (<see cref="LayerThreads.UserCodeStarting"/>), so that one that blocks cannot hold them back.
/// </summary>
internal static class ObserverCalls
{
    public static void RunStarted(ExecutionObserver observer, RunInfo run)
    {
        try
        {
            LayerThreads.UserCodeStarting();
            observer.OnRunStarted(run);
        }
        catch (Exception error)
        {
            GenExecEventSource.Log.ObserverThrew(run, nameof(ExecutionObserver.OnRunStarted), error);
        }
    }

    public static void LayerStarted(ExecutionObserver observer, RunInfo run, string layer)
    {
        try
        {
            LayerThreads.UserCodeStarting();
            observer.OnLayerStarted(run, layer);
        }
        catch (Exception error)
        {
            GenExecEventSource.Log.ObserverThrew(run, nameof(ExecutionObserver.OnLayerStarted), error);
        }
    }

    public static void LayerCompleted(ExecutionObserver observer, RunInfo run, in LayerResult result)
    {
        try
        {
            LayerThreads.UserCodeStarting();
            observer.OnLayerCompleted(run, result);
        }
        catch (Exception error)
        {
            GenExecEventSource.Log.ObserverThrew(run, nameof(ExecutionObserver.OnLayerCompleted), error);
        }
    }

    public static void RunCompleted(ExecutionObserver observer, RunInfo run, in RunStats stats)
    {
        try
        {
            LayerThreads.UserCodeStarting();
            observer.OnRunCompleted(run, stats);
        }
        catch (Exception error)
        {
            GenExecEventSource.Log.ObserverThrew(run, nameof(ExecutionObserver.OnRunCompleted), error);
        }
    }
}
