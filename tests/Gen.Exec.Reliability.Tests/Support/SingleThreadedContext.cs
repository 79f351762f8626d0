using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Reliability.Tests.Support;

/// <summary>
/// A UI-like synchronization context: one dedicated thread runs everything posted to it, in order.
/// </summary>
internal sealed class SingleThreadedContext : SynchronizationContext, IDisposable
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly Thread _thread;

    public SingleThreadedContext()
    {
        _thread = new Thread(Pump) { IsBackground = true, Name = "Single-threaded context" };
        _thread.Start();
    }

    public int ThreadId => _thread.ManagedThreadId;

    /// <summary>Runs <paramref name="body"/> on the context's thread and completes with it.</summary>
    public Task<T> Run<T>(Func<Task<T>> body)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(
            async _ =>
            {
                try
                {
                    completion.SetResult(await body());
                }
                catch (Exception exception)
                {
                    completion.SetException(exception);
                }
            },
            null);
        return completion.Task;
    }

    public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("Send would deadlock a single-threaded context.");

    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(10));
        _queue.Dispose();
    }

    private void Pump()
    {
        SetSynchronizationContext(this);
        foreach ((SendOrPostCallback callback, object? state) in _queue.GetConsumingEnumerable())
        {
            callback(state);
        }
    }
}
