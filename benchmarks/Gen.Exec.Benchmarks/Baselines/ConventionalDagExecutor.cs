using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Benchmarks.Baselines;

/// <summary>
/// A conventional runtime DAG executor, written the way the Python systems this project grew from do it
/// (a registry of named async callables, a topological sort into batches on every run, per-batch gather,
/// a semaphore, per-node wait_for time-outs), idiomatically in C#: named delegates over a dictionary of
/// boxed values, LINQ, a linked token per node, <c>WaitAsync</c> for the time-out.
/// </summary>
public sealed class ConventionalDagExecutor(int maxConcurrency)
{
    public delegate Task<object?> Node(IReadOnlyDictionary<string, object?> values, CancellationToken cancellationToken);

    private readonly Dictionary<string, NodeSpec> _nodes = new();
    private readonly SemaphoreSlim _semaphore = new(maxConcurrency, maxConcurrency);

    public ConventionalDagExecutor Add(string name, TimeSpan timeout, Node node, params string[] dependsOn)
    {
        _nodes.Add(name, new NodeSpec(node, dependsOn, timeout));
        return this;
    }

    public async Task<Dictionary<string, NodeResult>> RunAsync(IReadOnlyDictionary<string, object?> inputs, CancellationToken cancellationToken = default)
    {
        var results = new Dictionary<string, NodeResult>(_nodes.Count);
        var values = new Dictionary<string, object?>(inputs);
        foreach (List<string> batch in TopologicalBatches())
        {
            NodeResult[] finished = await Task.WhenAll(batch.Select(name => RunNodeAsync(name, values, results, cancellationToken))).ConfigureAwait(false);
            for (int i = 0; i < batch.Count; i++)
            {
                results[batch[i]] = finished[i];
                if (finished[i].Status == LayerStatus.Succeeded)
                {
                    values[batch[i]] = finished[i].Value;
                }
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return results;
    }

    private async Task<NodeResult> RunNodeAsync(
        string name,
        IReadOnlyDictionary<string, object?> values,
        IReadOnlyDictionary<string, NodeResult> results,
        CancellationToken cancellationToken)
    {
        NodeSpec spec = _nodes[name];
        if (spec.DependsOn.Any(dependency => results[dependency].Status != LayerStatus.Succeeded))
        {
            return new NodeResult(LayerStatus.Skipped, null, null, TimeSpan.Zero);
        }

        await _semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(spec.Timeout);
            object? value = await spec.Node(values, cts.Token).WaitAsync(cts.Token).ConfigureAwait(false);
            return new NodeResult(LayerStatus.Succeeded, value, null, stopwatch.Elapsed);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            return new NodeResult(LayerStatus.TimedOut, null, exception, stopwatch.Elapsed);
        }
        catch (Exception exception)
        {
            return new NodeResult(LayerStatus.Failed, null, exception, stopwatch.Elapsed);
        }
        finally
        {
            _semaphore.Release();
        }
    }

    // Kahn's algorithm by levels, recomputed per run as such executors do (the graph could have changed).
    private List<List<string>> TopologicalBatches()
    {
        Dictionary<string, int> indegree = _nodes.ToDictionary(pair => pair.Key, pair => pair.Value.DependsOn.Length);
        var batches = new List<List<string>>();
        List<string> ready = indegree.Where(pair => pair.Value == 0).Select(pair => pair.Key).ToList();
        while (ready.Count > 0)
        {
            batches.Add(ready);
            var next = new List<string>();
            foreach (KeyValuePair<string, NodeSpec> node in _nodes)
            {
                if (indegree[node.Key] > 0 && node.Value.DependsOn.Any(ready.Contains))
                {
                    indegree[node.Key] -= node.Value.DependsOn.Count(ready.Contains);
                    if (indegree[node.Key] == 0)
                    {
                        next.Add(node.Key);
                    }
                }
            }

            ready = next;
        }

        return batches;
    }

    private sealed record NodeSpec(Node Node, string[] DependsOn, TimeSpan Timeout);
}

public sealed record NodeResult(LayerStatus Status, object? Value, Exception? Error, TimeSpan Elapsed);
