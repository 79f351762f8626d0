namespace Gen.Exec;

/// <summary>
/// Receives the progress of runs as it happens: set <see cref="ExecutorOptions.Observer"/>. Override only the
/// calls you need; the base implementations do nothing.
/// </summary>
/// <remarks>
/// <para>For each run: <see cref="OnRunStarted"/> comes before every other call; <see cref="OnLayerStarted"/>
/// once for each layer that starts; <see cref="OnLayerCompleted"/> exactly once for every layer, whatever its
/// status (Skipped and NotRun included), as that status becomes final; <see cref="OnRunCompleted"/> once,
/// after all of the run's <see cref="OnLayerCompleted"/> calls and before the task returned by
/// <c>RunAsync</c> completes, also when the caller cancelled the run.</para>
/// <para>Calls come from several threads at once, for one run and across runs: an observer must be
/// thread-safe, and should be quick, since a layer's dependents start after its call returns. An exception
/// thrown by an observer is caught and reported on the <c>Gen-Exec</c> event source; it never changes a
/// result, a status or the run.</para>
/// </remarks>
public abstract class ExecutionObserver
{
    /// <summary>A run started.</summary>
    /// <param name="run">The run.</param>
    public virtual void OnRunStarted(RunInfo run)
    {
    }

    /// <summary>A layer of <paramref name="run"/> started (its first attempt).</summary>
    /// <param name="run">The run.</param>
    /// <param name="layer">The layer's name.</param>
    public virtual void OnLayerStarted(RunInfo run, string layer)
    {
    }

    /// <summary>A layer's status became final.</summary>
    /// <param name="run">The run.</param>
    /// <param name="result">The layer's result: name, status, error and timing.</param>
    public virtual void OnLayerCompleted(RunInfo run, LayerResult result)
    {
    }

    /// <summary>A run ended: it is about to return its results, or to throw because the caller cancelled it.</summary>
    /// <param name="run">The run.</param>
    /// <param name="stats">The run's statistics.</param>
    public virtual void OnRunCompleted(RunInfo run, RunStats stats)
    {
    }
}
