using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Threading;

namespace Gen.Exec;

/// <summary>
/// A graph's execution plan, computed at compile time by the Gen.Exec generator and emitted as constants:
/// topological order, batches, dependencies, critical path and worst-case latency.
/// </summary>
public sealed class ExecutionPlan
{
    private readonly string[] _names;
    private readonly ReadOnlyCollection<string>[] _dependencyNames;
    private readonly string _mermaid;
    private GraphTelemetry? _telemetry;

    // A plan built by code older than the graph-name argument.
    private const string UnnamedGraph = "Gen.Exec.Graph";

    /// <summary>Creates a plan. Called by generated executors; the arguments are compile-time constants.</summary>
    /// <param name="layers">Layer names in declaration order.</param>
    /// <param name="timeoutsMilliseconds">Each layer's effective time-out.</param>
    /// <param name="dependencies">Each layer's dependencies, as indexes into <paramref name="layers"/>.</param>
    /// <param name="critical">Whether each layer is critical.</param>
    /// <param name="schedulingRanks">Each layer's start rank under a concurrency limit (0 starts first).</param>
    /// <param name="topologicalOrder">Layer indexes in topological order.</param>
    /// <param name="batches">Layer indexes by length of their longest dependency chain.</param>
    /// <param name="criticalPath">Layer indexes along the path with the largest sum of time-outs.</param>
    /// <param name="worstCaseLatencyMilliseconds">The sum of time-outs along the critical path.</param>
    /// <param name="mermaid">The graph as a Mermaid flowchart.</param>
    /// <param name="graphName">The graph type's full name (namespace and containing types joined with <c>.</c>), as telemetry reports it.</param>
    /// <param name="priorities">Each layer's <see cref="LayerAttribute.Priority"/>; all 0 when <see langword="null"/>.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ExecutionPlan(
        string[] layers,
        int[] timeoutsMilliseconds,
        int[][] dependencies,
        bool[] critical,
        int[] schedulingRanks,
        int[] topologicalOrder,
        int[][] batches,
        int[] criticalPath,
        long worstCaseLatencyMilliseconds,
        string mermaid,
        string? graphName = null,
        int[]? priorities = null)
    {
        _names = layers ?? throw new ArgumentNullException(nameof(layers));
        int count = layers.Length;
        RequireLength(timeoutsMilliseconds, count, nameof(timeoutsMilliseconds));
        RequireLength(dependencies, count, nameof(dependencies));
        RequireLength(critical, count, nameof(critical));
        RequireLength(schedulingRanks, count, nameof(schedulingRanks));
        RequireLength(topologicalOrder, count, nameof(topologicalOrder));
        if (batches is null) throw new ArgumentNullException(nameof(batches));
        if (criticalPath is null) throw new ArgumentNullException(nameof(criticalPath));

        Timeouts = new TimeSpan[count];
        DependencyCounts = new int[count];
        TopologicalRanks = new int[count];
        var dependents = new List<int>[count];
        _dependencyNames = new ReadOnlyCollection<string>[count];
        for (int layer = 0; layer < count; layer++)
        {
            Timeouts[layer] = TimeSpan.FromMilliseconds(timeoutsMilliseconds[layer]);
            DependencyCounts[layer] = dependencies[layer].Length;
            dependents[layer] = new List<int>();
            var names = new string[dependencies[layer].Length];
            for (int i = 0; i < names.Length; i++)
            {
                names[i] = layers[dependencies[layer][i]];
            }

            _dependencyNames[layer] = Array.AsReadOnly(names);
        }

        for (int layer = 0; layer < count; layer++)
        {
            foreach (int dependency in dependencies[layer])
            {
                dependents[dependency].Add(layer);
            }
        }

        Dependents = new int[count][];
        for (int layer = 0; layer < count; layer++)
        {
            Dependents[layer] = dependents[layer].ToArray();
        }

        for (int position = 0; position < count; position++)
        {
            TopologicalRanks[topologicalOrder[position]] = position;
        }

        Critical = critical;
        HasCriticalLayers = Array.IndexOf(critical, true) >= 0;
        SchedulingRanks = schedulingRanks;
        RootsInRankOrder = BuildRoots(schedulingRanks);

        Layers = Array.AsReadOnly(ToNames(topologicalOrder));
        var batchNames = new IReadOnlyList<string>[batches.Length];
        int maxParallelism = 0;
        for (int i = 0; i < batches.Length; i++)
        {
            batchNames[i] = Array.AsReadOnly(ToNames(batches[i]));
            maxParallelism = Math.Max(maxParallelism, batches[i].Length);
        }

        Batches = Array.AsReadOnly(batchNames);
        MaxParallelism = maxParallelism;
        CriticalPath = Array.AsReadOnly(ToNames(criticalPath));
        WorstCaseLatency = TimeSpan.FromMilliseconds(worstCaseLatencyMilliseconds);
        _mermaid = mermaid ?? throw new ArgumentNullException(nameof(mermaid));
        GraphName = graphName ?? UnnamedGraph;
        if (priorities is not null) RequireLength(priorities, count, nameof(priorities));
        Priorities = priorities ?? new int[count];
    }

    /// <summary>
    /// The layers in topological order: every layer comes after all of its dependencies. (A run's
    /// <c>Results.Layers</c> lists them in declaration order instead, the order of the graph's methods.)
    /// </summary>
    public IReadOnlyList<string> Layers { get; }

    /// <summary>Batch <c>k</c> holds the layers whose longest dependency chain has <c>k</c> links. Batches describe the plan; they are not barriers.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Batches { get; }

    /// <summary>The size of the largest batch.</summary>
    public int MaxParallelism { get; }

    /// <summary>The dependency path with the largest sum of time-outs, from its first layer to its last.</summary>
    public IReadOnlyList<string> CriticalPath { get; }

    /// <summary>The sum of the time-outs along <see cref="CriticalPath"/>: the longest a run can take when no layer is kept waiting by a concurrency limit.</summary>
    public TimeSpan WorstCaseLatency { get; }

    /// <summary>The names of the layers that <paramref name="layer"/> depends on, in declaration order.</summary>
    /// <exception cref="ArgumentException">The graph has no layer of that name.</exception>
    public IReadOnlyList<string> DependenciesOf(string layer) => _dependencyNames[IndexOf(layer)];

    /// <summary>The effective time-out of <paramref name="layer"/>.</summary>
    /// <exception cref="ArgumentException">The graph has no layer of that name.</exception>
    public TimeSpan TimeoutOf(string layer) => Timeouts[IndexOf(layer)];

    /// <summary>The graph as a Mermaid flowchart, with time-outs on the nodes and the critical path highlighted.</summary>
    public string ToMermaid() => _mermaid;

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{_names.Length} layers in {Batches.Count} batches (max parallelism {MaxParallelism}); ");
        text.Append("critical path ").Append(string.Join(" -> ", CriticalPath));
        text.Append(CultureInfo.InvariantCulture, $" ({WorstCaseLatency.TotalMilliseconds:0} ms worst case)");
        return text.ToString();
    }

    internal int LayerCount => _names.Length;

    internal TimeSpan[] Timeouts { get; }

    internal int[][] Dependents { get; }

    internal int[] DependencyCounts { get; }

    internal bool[] Critical { get; }

    internal bool HasCriticalLayers { get; }

    internal int[] SchedulingRanks { get; }

    internal int[] TopologicalRanks { get; }

    internal int[] RootsInRankOrder { get; }

    internal string NameOf(int layer) => _names[layer];

    /// <summary>The <c>gen_exec.graph</c> value: the graph type's full name.</summary>
    internal string GraphName { get; }

    internal int[] Priorities { get; }

    /// <summary>The graph's names and tags as telemetry reports them: built once per plan (per graph type), on the first run anything listens to.</summary>
    internal GraphTelemetry Telemetry
    {
        get
        {
            GraphTelemetry? telemetry = Volatile.Read(ref _telemetry);
            if (telemetry is null)
            {
                Interlocked.CompareExchange(ref _telemetry, new GraphTelemetry(GraphName, _names), null);
                telemetry = _telemetry!;
            }

            return telemetry;
        }
    }

    /// <summary>The index of the layer named <paramref name="layer"/>, or -1.</summary>
    internal int IndexOfLayer(string layer) => Array.IndexOf(_names, layer);

    private int IndexOf(string layer)
    {
        if (layer is null) throw new ArgumentNullException(nameof(layer));
        int index = Array.IndexOf(_names, layer);
        return index >= 0 ? index : throw new ArgumentException($"The graph has no layer named '{layer}'.", nameof(layer));
    }

    private string[] ToNames(int[] indexes)
    {
        var names = new string[indexes.Length];
        for (int i = 0; i < indexes.Length; i++)
        {
            names[i] = _names[indexes[i]];
        }

        return names;
    }

    private int[] BuildRoots(int[] ranks)
    {
        var roots = new List<int>();
        for (int layer = 0; layer < _names.Length; layer++)
        {
            if (DependencyCounts[layer] == 0)
            {
                roots.Add(layer);
            }
        }

        roots.Sort((a, b) => ranks[a].CompareTo(ranks[b]));
        return roots.ToArray();
    }

    private static void RequireLength<T>(T[] array, int length, string name)
    {
        if (array is null) throw new ArgumentNullException(name);
        if (array.Length != length) throw new ArgumentException($"Expected {length} entries.", name);
    }
}
