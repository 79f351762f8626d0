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

    public Task Started(string layer) => StartedSource(layer).Task;

    public async Task<T> Run<T>(string layer, T value, CancellationToken cancellationToken)
    {
        Enter(layer);
        try
        {
            if (_behaviours.TryGetValue(layer, out Func<CancellationToken, Task>? behaviour))
            {
                await behaviour(cancellationToken);
            }

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
        _startOrder.Enqueue(layer);
        int running = Interlocked.Increment(ref _running);
        int max;
        while (running > (max = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, running, max) != max)
        {
        }

        StartedSource(layer).TrySetResult();
    }

    private TaskCompletionSource StartedSource(string layer)
        => _started.GetOrAdd(layer, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
