using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Tests;

/// <summary>
/// Drives test graphs deterministically: every layer reports its start, can be held at a gate or given
/// a behaviour, and the script tracks how many layers run at once.
/// </summary>
public sealed class Script
{
    private readonly ConcurrentDictionary<string, Func<CancellationToken, Task>> _behaviours = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _started = new();
    private readonly ConcurrentQueue<string> _startOrder = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _countWaiters = new();
    private int _running;
    private int _maxRunning;

    public IReadOnlyList<string> StartOrder => _startOrder.ToArray();

    public int MaxRunning => Volatile.Read(ref _maxRunning);

    /// <summary>Holds <paramref name="layer"/> until the returned source completes (or the layer's token is cancelled).</summary>
    public TaskCompletionSource Gate(string layer)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        On(layer, ct => gate.Task.WaitAsync(ct));
        return gate;
    }

    /// <summary>Gives <paramref name="layer"/> a behaviour, run before it returns its value.</summary>
    public void On(string layer, Func<CancellationToken, Task> behaviour) => _behaviours[layer] = behaviour;

    /// <summary>
    /// Completes once <paramref name="layer"/> has started and its behaviour has been called, so a delay the
    /// behaviour awaits on a fake clock is already armed when the test advances that clock.
    /// </summary>
    public Task Started(string layer) => StartedSource(layer).Task;

    /// <summary>Completes once <paramref name="count"/> layers have started (as <see cref="Started"/> means it).</summary>
    public Task StartedCount(int count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_countWaiters)
        {
            if (_startOrder.Count >= count)
            {
                reached.SetResult();
            }
            else
            {
                _countWaiters.Add((count, reached));
            }
        }

        return reached.Task;
    }

    public async Task<T> Run<T>(string layer, T value, CancellationToken cancellationToken)
    {
        Enter(layer);
        try
        {
            Task behaviour = _behaviours.TryGetValue(layer, out Func<CancellationToken, Task>? body) ? body(cancellationToken) : Task.CompletedTask;
            ReportStarted(layer);
            await behaviour;
            return value;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public Task Run(string layer, CancellationToken cancellationToken) => Run(layer, 0, cancellationToken);

    private void Enter(string layer)
    {
        int running = Interlocked.Increment(ref _running);
        int max;
        while (running > (max = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, running, max) != max)
        {
        }
    }

    private void ReportStarted(string layer)
    {
        lock (_countWaiters)
        {
            _startOrder.Enqueue(layer);
            int started = _startOrder.Count;
            _countWaiters.RemoveAll(waiter => waiter.Count <= started && waiter.Reached.TrySetResult());
        }

        StartedSource(layer).TrySetResult();
    }

    private TaskCompletionSource StartedSource(string layer)
        => _started.GetOrAdd(layer, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
