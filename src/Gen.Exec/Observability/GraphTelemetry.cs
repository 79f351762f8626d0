using System;
using System.Collections.Generic;

namespace Gen.Exec;

/// <summary>
/// What telemetry says about one graph, computed once per graph type: its names, the activities' display
/// names and the tags that never change, so that a run builds no string and boxes nothing.
/// </summary>
internal sealed class GraphTelemetry
{
    private readonly string[] _layers;
    private readonly string[] _layerDisplayNames;
    private readonly KeyValuePair<string, object?>[] _layerTags;
    private readonly KeyValuePair<string, object?>[][] _layerActivityTags;

    /// <param name="graph">The graph type's full name: namespace and containing types joined with <c>.</c>.</param>
    /// <param name="layers">The layers' names, indexed as the engine indexes them.</param>
    public GraphTelemetry(string graph, string[] layers)
    {
        Graph = graph ?? throw new ArgumentNullException(nameof(graph));
        if (layers is null) throw new ArgumentNullException(nameof(layers));

        DisplayName = SimpleName(graph);
        GraphTag = new(TelemetryNames.GraphTag, graph);
        RunActivityTags = [GraphTag];
        _layers = (string[])layers.Clone();
        _layerDisplayNames = new string[layers.Length];
        _layerTags = new KeyValuePair<string, object?>[layers.Length];
        _layerActivityTags = new KeyValuePair<string, object?>[layers.Length][];
        for (int i = 0; i < layers.Length; i++)
        {
            string layer = layers[i] ?? throw new ArgumentException("A layer name is null.", nameof(layers));
            _layerDisplayNames[i] = DisplayName + "." + layer;
            _layerTags[i] = new(TelemetryNames.LayerTag, layer);
            _layerActivityTags[i] = [GraphTag, _layerTags[i]];
        }
    }

    /// <summary>The <c>gen_exec.graph</c> value: the graph type's full name.</summary>
    public string Graph { get; }

    /// <summary>The run activity's display name: the graph type's simple name.</summary>
    public string DisplayName { get; }

    /// <summary>The number of layers.</summary>
    public int LayerCount => _layers.Length;

    /// <summary>The <c>gen_exec.graph</c> tag.</summary>
    public KeyValuePair<string, object?> GraphTag { get; }

    /// <summary>The tags a run activity starts with.</summary>
    public KeyValuePair<string, object?>[] RunActivityTags { get; }

    /// <summary>A layer's name.</summary>
    public string LayerName(int layer) => _layers[layer];

    /// <summary>A layer activity's display name: <c>Graph.Layer</c>.</summary>
    public string LayerDisplayName(int layer) => _layerDisplayNames[layer];

    /// <summary>The <c>gen_exec.layer</c> tag of a layer.</summary>
    public KeyValuePair<string, object?> LayerTag(int layer) => _layerTags[layer];

    /// <summary>The tags a layer activity starts with.</summary>
    public KeyValuePair<string, object?>[] LayerActivityTags(int layer) => _layerActivityTags[layer];

    // "Recall.Outer.Tier1Recall" -> "Tier1Recall"; a generic argument list may itself contain dots.
    private static string SimpleName(string fullName)
    {
        int generic = fullName.IndexOf('<');
        int end = generic < 0 ? fullName.Length : generic;
        int dot = fullName.LastIndexOf('.', end - 1 < 0 ? 0 : end - 1);
        return dot < 0 ? fullName : fullName.Substring(dot + 1);
    }
}
