namespace Gen.Exec;

/// <summary>How a run ended, as the <c>gen_exec.run.outcome</c> tag reports it.</summary>
internal enum RunOutcome
{
    /// <summary>The run returned and every layer Succeeded or was NotRun.</summary>
    Succeeded,

    /// <summary>The run returned and some layer did not succeed.</summary>
    Degraded,

    /// <summary>Fail-fast or a critical layer cancelled the run; it returned.</summary>
    Aborted,

    /// <summary>The caller cancelled the run; <c>RunAsync</c> threw.</summary>
    Canceled,
}
