using System;
using System.Collections.Concurrent;
using System.Threading.Tasks;

namespace Gen.Exec.Reliability.Tests.Support;

/// <summary>Collects <see cref="TaskScheduler.UnobservedTaskException"/> events while alive.</summary>
internal sealed class UnobservedExceptionMonitor : IDisposable
{
    private readonly ConcurrentQueue<Exception> _seen = new();

    public UnobservedExceptionMonitor() => TaskScheduler.UnobservedTaskException += OnUnobserved;

    /// <summary>Collects garbage until every faulted, unreferenced task has been finalized, then lists what surfaced.</summary>
    public Exception[] CollectAndList()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return _seen.ToArray();
    }

    public void Dispose() => TaskScheduler.UnobservedTaskException -= OnUnobserved;

    private void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
    {
        _seen.Enqueue(e.Exception);
        e.SetObserved();
    }
}
