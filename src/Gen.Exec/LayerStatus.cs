namespace Gen.Exec;

/// <summary>The outcome of one layer in one run.</summary>
public enum LayerStatus
{
    /// <summary>The layer was not part of the run.</summary>
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
}
