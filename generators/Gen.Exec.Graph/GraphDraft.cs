using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Gen.Exec.Graph;

/// <summary>
/// A graph while it is being analysed: what each step of <see cref="GraphBuilder"/> has found so far, and the
/// problems reported. Holds symbols and locations, so it never leaves the analysis; the model built from it does.
/// </summary>
internal sealed class GraphDraft
{
    public GraphDraft(INamedTypeSymbol type, GraphSymbols symbols, CancellationToken cancellationToken)
    {
        Type = type;
        Symbols = symbols;
        CancellationToken = cancellationToken;
    }

    public INamedTypeSymbol Type { get; }

    public GraphSymbols Symbols { get; }

    public CancellationToken CancellationToken { get; }

    public List<GraphProblem> Problems { get; } = new();

    /// <summary>
    /// Whether the compiler reports errors that keep the graph from being generated (half-typed attributes,
    /// missing types, non-partial containers); they are its to report, not ours.
    /// </summary>
    public bool CompilerErrors;

    /// <summary>The layers in declaration order; a layer's index here is its index everywhere.</summary>
    public List<LayerDraft> Layers { get; } = new();

    /// <summary>The layers' names, by index.</summary>
    public string[] Names { get; set; } = Array.Empty<string>();

    /// <summary>The first layer of each name, ignoring case (dependency parameters bind ignoring case).</summary>
    public Dictionary<string, int> IndexByName { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The class-level [Timeout], when present and bound.</summary>
    public int? ClassTimeout { get; set; }

    /// <summary>Whether the class has a [Timeout], even one whose argument did not bind.</summary>
    public bool ClassTimeoutDeclared { get; set; }

    public int? LatencyBudget { get; set; }

    public AttributeData? BudgetAttribute { get; set; }

    /// <summary>The class-level [Retry], the default of layers without their own; <see langword="null"/> when absent or unbound.</summary>
    public RetryModel? ClassRetry { get; set; }

    /// <summary>The run inputs in order of first appearance.</summary>
    public List<InputModel> Inputs { get; } = new();

    public void Report(GraphProblemKind kind, Location location, params string[] args)
        => Problems.Add(new GraphProblem(kind, location, args));
}

/// <summary>One layer while the graph is analysed.</summary>
internal sealed class LayerDraft
{
    public LayerDraft(IMethodSymbol method, AttributeData layerAttribute)
    {
        Method = method;
        LayerAttribute = layerAttribute;
    }

    public IMethodSymbol Method { get; }

    public AttributeData LayerAttribute { get; }

    public string Name => Method.Name;

    /// <summary>The effective time-out in milliseconds; 0 when none applies or it did not bind.</summary>
    public int Timeout { get; set; }

    /// <summary>Whether the layer has a [Timeout] of its own (rather than the class default).</summary>
    public bool OwnTimeout { get; set; }

    public bool Critical { get; set; }

    public int Priority { get; set; }

    /// <summary>The layers it depends on, by index, in the order [DependsOn] lists them.</summary>
    public List<int> Dependencies { get; } = new();

    /// <summary>Where each dependency is named, parallel to <see cref="Dependencies"/>.</summary>
    public List<Location> DependencyLocations { get; } = new();

    public ReturnKind ReturnKind { get; set; }

    /// <summary>The value it produces; <see langword="null"/> for void, Task and ValueTask layers.</summary>
    public ITypeSymbol? ValueType { get; set; }

    /// <summary>What each parameter binds to, parallel to the method's parameters.</summary>
    public ArgumentModel[] Arguments { get; set; } = Array.Empty<ArgumentModel>();

    /// <summary>The layer's [When], read by <see cref="LayerSettings"/> and bound by <see cref="ControlBinder"/>.</summary>
    public AttributeData? WhenAttribute { get; set; }

    /// <summary>The layer's [Fallback], read by <see cref="LayerSettings"/> and bound by <see cref="ControlBinder"/>.</summary>
    public AttributeData? FallbackAttribute { get; set; }

    public ConditionModel? Condition { get; set; }

    /// <summary>The layer's own [Retry] or the class default.</summary>
    public RetryModel? Retry { get; set; }

    public FallbackModel? Fallback { get; set; }

    /// <summary>Whether the layer has [Distributed].</summary>
    public bool Distributed { get; set; }
}
