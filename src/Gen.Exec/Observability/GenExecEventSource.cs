using System;
using System.Diagnostics.Tracing;

namespace Gen.Exec;

/// <summary>
/// Gen.Exec's event source, <c>Gen-Exec</c>: what must not disturb a run but should not vanish either.
/// Watch it with <c>dotnet-trace collect --providers Gen-Exec</c> or an <see cref="EventListener"/>.
/// </summary>
[EventSource(Name = SourceName)]
internal sealed class GenExecEventSource : EventSource
{
    public const string SourceName = "Gen-Exec";

    public const int ObserverFailedId = 1;

    public static readonly GenExecEventSource Log = new();

    private GenExecEventSource()
    {
    }

    [NonEvent]
    public void ObserverThrew(RunInfo run, string callback, Exception error)
    {
        // The texts are built only for a listener.
        if (IsEnabled(EventLevel.Warning, EventKeywords.All))
        {
            ObserverFailed(run.ToString(), callback, error.ToString());
        }
    }

    /// <summary>An <see cref="ExecutionObserver"/> threw; the exception was caught and the run went on.</summary>
    /// <param name="run">The run: graph and run id.</param>
    /// <param name="callback">The observer method that threw.</param>
    /// <param name="exception">The exception, as <see cref="Exception.ToString"/> writes it.</param>
    [Event(ObserverFailedId, Level = EventLevel.Warning, Message = "{1} threw for run {0}: {2}")]
    public void ObserverFailed(string run, string callback, string exception)
        => WriteEvent(ObserverFailedId, run, callback, exception);
}
