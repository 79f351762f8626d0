using System;

namespace Gen.Exec.Graph;

/// <summary>
/// Everything the generator needs to emit a graph's executor: names, types as fully qualified text and
/// the precomputed plan. Value-equatable and free of symbols, syntax and locations, so that an unrelated
/// edit leaves it equal and the generator's output cached.
/// </summary>
internal sealed record GraphModel(
    string HintName,
    string? Namespace,
    EquatableArray<TypeDeclaration> ContainingTypes,
    TypeDeclaration Type,
    string FullyQualifiedName,
    bool IsStatic,
    EquatableArray<LayerModel> Layers,
    EquatableArray<InputModel> Inputs,
    PlanModel Plan)
{
    /// <summary>
    /// The accessibility of the generated <c>Executor</c> and <c>Results</c>: "public" unless a layer exposes a
    /// type less accessible than the graph itself (say, a private nested record), so the generated code compiles.
    /// </summary>
    public string Accessibility { get; init; } = "public";
}

/// <summary>A type declaration to reopen as partial: keyword ("class", "record", "struct", ...) and name with type parameters.</summary>
internal sealed record TypeDeclaration(string Keyword, string Name);

internal enum ReturnKind
{
    /// <summary>A synchronous method returning a value.</summary>
    Value,

    /// <summary>A synchronous <see langword="void"/> method.</summary>
    Void,

    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}

internal sealed record LayerModel(
    string Name,
    int TimeoutMilliseconds,
    bool Critical,
    int Priority,
    bool IsStatic,
    ReturnKind ReturnKind,
    string? ValueType,
    EquatableArray<int> Dependencies,
    EquatableArray<ArgumentModel> Arguments)
{
    public bool ProducesValue => ValueType is not null;

    public bool IsSynchronous => ReturnKind is ReturnKind.Value or ReturnKind.Void;
}

internal enum ArgumentKind
{
    /// <summary>The layer's <see cref="System.Threading.CancellationToken"/>.</summary>
    CancellationToken,

    /// <summary>A dependency's value (<c>T</c>): the layer is skipped unless the dependency succeeded.</summary>
    DependencyValue,

    /// <summary>A dependency's <c>LayerResult&lt;T&gt;</c>: the layer runs whatever the dependency's status.</summary>
    DependencyResult,

    /// <summary>A dependency's non-generic <c>LayerResult</c>: its status only.</summary>
    DependencyStatus,

    /// <summary>A run input, passed to <c>RunAsync</c>.</summary>
    Input,
}

/// <summary>One parameter of a layer method: what it binds to (a layer index, an input index, or nothing).</summary>
internal sealed record ArgumentModel(ArgumentKind Kind, int Source);

internal sealed record InputModel(string Name, string Type);

internal sealed record PlanModel(
    EquatableArray<int> TopologicalOrder,
    EquatableArray<EquatableArray<int>> Batches,
    EquatableArray<int> CriticalPath,
    long WorstCaseLatencyMilliseconds,
    EquatableArray<int> SchedulingRanks,
    string Mermaid);
