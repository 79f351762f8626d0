using System.ComponentModel;
using Orleans;

namespace Gen.Exec.Orleans;

/// <summary>One attempt of a distributed layer as it travels to a silo: graph and layer by name, the boxed arguments, the trace context.</summary>
[GenerateSerializer]
[Alias("Gen.Exec.Orleans.LayerWork")]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LayerWork
{
    /// <summary>Creates the message.</summary>
    public LayerWork(string graph, string layer, object?[] arguments, string? traceParent, string? traceState)
    {
        Graph = graph;
        Layer = layer;
        Arguments = arguments;
        TraceParent = traceParent;
        TraceState = traceState;
    }

    /// <summary>The graph's full type name.</summary>
    [Id(0)]
    public string Graph { get; }

    /// <summary>The layer's name.</summary>
    [Id(1)]
    public string Layer { get; }

    /// <summary>The layer method's arguments without its token, in parameter order.</summary>
    [Id(2)]
    public object?[] Arguments { get; }

    /// <summary>The caller's layer activity (W3C <c>traceparent</c>), so that the silo's span is its child.</summary>
    [Id(3)]
    public string? TraceParent { get; }

    /// <summary>The caller's <c>tracestate</c>.</summary>
    [Id(4)]
    public string? TraceState { get; }
}
