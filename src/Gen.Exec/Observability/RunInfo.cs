using System.Globalization;
using System.Threading;

namespace Gen.Exec;

/// <summary>Identifies one run for an <see cref="ExecutionObserver"/>.</summary>
public readonly struct RunInfo
{
    private static long s_lastId;

    internal RunInfo(string graph, long id)
    {
        Graph = graph;
        Id = id;
    }

    /// <summary>The graph type's full name, namespace and containing types joined with <c>.</c>, as the <c>gen_exec.graph</c> tag.</summary>
    public string Graph { get; }

    /// <summary>The run's number, unique within the process (runs of every graph share one sequence, starting at 1).</summary>
    public long Id { get; }

    /// <inheritdoc/>
    public override string ToString() => (Graph ?? string.Empty) + " #" + Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>A new run of <paramref name="graph"/> with the next id.</summary>
    internal static RunInfo Next(string graph) => new(graph, Interlocked.Increment(ref s_lastId));
}
