namespace Gen.Exec;

/// <summary>The outcome of one layer in one run.</summary>
public enum LayerStatus
{
    /// <summary>
    /// The layer was not part of the run: it was not among <see cref="RunOptions.Targets"/> or their dependencies,
    /// its <see cref="WhenAttribute"/> condition was false, or a dependency it needs ended NotRun. Not a failure.
    /// </summary>
    NotRun = 0,

    /// <summary>The layer completed and produced its value.</summary>
    Succeeded,

    /// <summary>The layer threw; <see cref="LayerResult.Error"/> holds the exception.</summary>
    Failed,

    /// <summary>The layer did not finish within its time-out; the run stopped waiting for it.</summary>
    TimedOut,

    /// <summary>The layer was running when fail-fast, a critical layer or the caller cancelled the run.</summary>
    Canceled,

    /// <summary>
    /// The layer did not start: a dependency it needs as a value did not succeed, or the run was
    /// aborted before it started.
    /// </summary>
    Skipped,

    /// <summary>
    /// The layer failed or timed out (after its retries) and its <see cref="FallbackAttribute"/> method returned:
    /// the result holds the fallback's value, and <see cref="LayerResult.Error"/> the layer's own error. Not
    /// <c>Succeeded</c>, but dependents that need the value run with it.
    /// </summary>
    FellBack,
}
