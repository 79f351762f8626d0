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

    /// <summary>The layer's [When] condition; <see langword="null"/> when it always runs.</summary>
    public ConditionModel? When { get; init; }

    /// <summary>The layer's retry policy (its own [Retry], or the class default); <see langword="null"/> for one attempt.</summary>
    public RetryModel? Retry { get; init; }

    /// <summary>The layer's [Fallback]; <see langword="null"/> when it has none.</summary>
    public FallbackModel? Fallback { get; init; }

    /// <summary>
    /// Whether the layer is [Distributed] in a graph a worker can reach (see <see cref="DistributedReach"/>): its attempts
    /// go to <c>ExecutorOptions.Dispatcher</c> when one is set.
    /// </summary>
    public bool Distributed { get; init; }

    /// <summary>
    /// Whether the layer needs dependency <paramref name="dependency"/> to have a value (Succeeded or FellBack) before it
    /// can start: true when the layer, its condition or its fallback takes it as <c>T</c>, or when none of them takes
    /// it at all; false when the only parameters taking it are <c>LayerResult&lt;T&gt;</c> or <c>LayerResult</c>.
    /// </summary>
    public bool NeedsValueOf(int dependency)
    {
        bool taken = false;
        foreach (EquatableArray<ArgumentModel> arguments in new[] { Arguments, When?.Arguments ?? default, Fallback?.Arguments ?? default })
        {
            foreach (ArgumentModel argument in arguments)
            {
                if (argument.Source == dependency && argument.Kind is ArgumentKind.DependencyValue)
                {
                    return true;
                }

                taken |= argument.Source == dependency && argument.Kind is ArgumentKind.DependencyResult or ArgumentKind.DependencyStatus;
            }
        }

        return !taken;
    }
}

/// <summary>
/// A layer's [When] predicate: a method of the graph type returning <see langword="bool"/>, called when the layer is
/// ready to start. Its arguments are inputs and the layer's own dependencies; never a token or an error.
/// </summary>
internal sealed record ConditionModel(string Method, bool IsStatic, EquatableArray<ArgumentModel> Arguments);

/// <summary>How retry delays grow; the values are those of the runtime's <c>Gen.Exec.RetryBackoff</c>.</summary>
internal enum RetryBackoffKind
{
    Constant = 0,
    Linear = 1,
    Exponential = 2,
}

/// <summary>
/// A layer's retry policy. <see cref="Handle"/> holds the fully qualified (<c>global::</c>) exception types that are
/// retried; <see langword="null"/> retries any exception, an empty array none (time-outs are retried either way).
/// </summary>
internal sealed record RetryModel(int MaxRetries, int DelayMilliseconds, RetryBackoffKind Backoff, bool Jitter, EquatableArray<string>? Handle);

/// <summary>
/// A layer's [Fallback]: a method of the graph type returning the layer's value type (<see cref="ReturnKind"/> is one
/// of Value, TaskOfT, ValueTaskOfT for a layer with a value; Void, Task, ValueTask for one without). Its arguments are
/// inputs, the layer's dependencies, the token, and at most one <see cref="ArgumentKind.Error"/>.
/// </summary>
internal sealed record FallbackModel(string Method, bool IsStatic, ReturnKind ReturnKind, EquatableArray<ArgumentModel> Arguments)
{
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

    /// <summary>
    /// Fallbacks only: the layer's error (its last attempt's exception). <see cref="ArgumentModel.ExceptionType"/> is the
    /// parameter's type; a type narrower than <see cref="Exception"/> limits the fallback to errors of that type.
    /// </summary>
    Error,
}

/// <summary>
/// One parameter of a layer, condition or fallback method: what it binds to (a layer index, an input index, or
/// nothing: -1) and, for <see cref="ArgumentKind.Error"/>, the parameter's fully qualified exception type.
/// </summary>
internal sealed record ArgumentModel(ArgumentKind Kind, int Source, string? ExceptionType = null);

internal sealed record InputModel(string Name, string Type);

internal sealed record PlanModel(
    EquatableArray<int> TopologicalOrder,
    EquatableArray<EquatableArray<int>> Batches,
    EquatableArray<int> CriticalPath,
    long WorstCaseLatencyMilliseconds,
    EquatableArray<int> SchedulingRanks,
    string Mermaid)
{
    /// <summary>
    /// Each layer's planned worst case in milliseconds: every attempt's time-out, the largest possible retry delays
    /// and its fallback's time-out. <see cref="WorstCaseLatencyMilliseconds"/> is their largest sum along a path.
    /// </summary>
    public EquatableArray<long> LayerWorstCaseMilliseconds { get; init; } = EquatableArray<long>.Empty;

    /// <summary>Words (64 layers each) per layer in <see cref="SelectionMasks"/>: <c>(layers + 63) / 64</c>.</summary>
    public int SelectionWords { get; init; }

    /// <summary>
    /// For <c>RunOptions.Targets</c>: layer i's transitive dependency closure, itself included, as bits (bit j of word
    /// j / 64 is layer j), in words <c>[i * SelectionWords, (i + 1) * SelectionWords)</c>. The layers a run selects are
    /// the OR of its targets' masks.
    /// </summary>
    public EquatableArray<ulong> SelectionMasks { get; init; } = EquatableArray<ulong>.Empty;
}
