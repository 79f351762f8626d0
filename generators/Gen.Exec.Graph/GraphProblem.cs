using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Gen.Exec.Graph;

/// <summary>What can be wrong with a graph. The analyzers map each kind to its diagnostic (GEX id).</summary>
internal enum GraphProblemKind
{
    /// <summary>GEX001. Args: cycle text ("A -> B -> A").</summary>
    Cycle,

    /// <summary>GEX002. Args: layer.</summary>
    MissingTimeout,

    /// <summary>GEX003. Args: layer, unknown name. Property "Suggestion": the nearest layer name, if any.</summary>
    UnknownDependency,

    /// <summary>GEX004. Args: graph, worst-case ms, budget ms, critical path text.</summary>
    LatencyBudgetExceeded,

    /// <summary>GEX005. Args: layer.</summary>
    SelfDependency,

    /// <summary>GEX006 (warning). Args: layer, dependency.</summary>
    DuplicateDependency,

    /// <summary>GEX007. Args: what ("The time-out of layer 'X'", "The class-level time-out of 'G'", "The latency budget of 'G'"), value.</summary>
    NonPositiveDuration,

    /// <summary>GEX008. Args: type name.</summary>
    NotPartial,

    /// <summary>GEX009. Args: layer, reason.</summary>
    UnsupportedSignature,

    /// <summary>GEX010. Args: layer name.</summary>
    DuplicateLayerName,

    /// <summary>GEX011. Args: input, first type, other type, layer of the first type, layer of the other type.</summary>
    InputTypeConflict,

    /// <summary>GEX012. Args: layer, parameter, named layer. Property "Dependency": the layer to add.</summary>
    ParameterNotInDependsOn,

    /// <summary>GEX013. Args: layer, parameter, dependency, expected types.</summary>
    DependencyTypeMismatch,

    /// <summary>GEX014. Args: layer, parameter, dependency.</summary>
    ValueFromVoidLayer,

    /// <summary>GEX015 (warning). Args: layer.</summary>
    TimeoutWithoutCancellationToken,

    /// <summary>GEX016 (warning), once per stray attribute. Args: attribute ("DependsOn", "Timeout", "When", "Retry", "Fallback" or "Distributed"), method.</summary>
    AttributeWithoutLayer,

    /// <summary>GEX017. Args: name, reason.</summary>
    ReservedName,

    /// <summary>GEX018. Args: type name, reason.</summary>
    UnsupportedGraphType,

    /// <summary>GEX019 (warning). Args: layer, parameter, dependency. Property "Rename": the parameter name to use.</summary>
    MisspeltDependencyParameter,

    /// <summary>GEX020. Args: layer, return type, what to return instead.</summary>
    UncoveredAsyncWork,

    /// <summary>GEX022. Args: layer, named method, reason ("which is not a method of 'G'"...). Property "Stub": the method name a stub can take.</summary>
    ConditionNotFound,

    /// <summary>GEX023. Args: predicate, layer, its return type.</summary>
    ConditionNotBool,

    /// <summary>GEX024. Args: predicate, parameter, layer, reason.</summary>
    ConditionParameterUnbound,

    /// <summary>GEX025. Args: layer, named method, reason. Property "Stub": the method name a stub can take.</summary>
    FallbackNotFound,

    /// <summary>GEX026. Args: fallback, layer, its return type, the expected return types.</summary>
    FallbackWrongReturn,

    /// <summary>GEX027. Args: fallback, parameter, layer, reason.</summary>
    FallbackParameterUnbound,

    /// <summary>GEX028. Args: fallback, layer, first exception parameter, second exception parameter.</summary>
    FallbackTwoExceptions,

    /// <summary>GEX029. Args: what ("The retry count of layer 'A'"), value, requirement.</summary>
    InvalidRetry,

    /// <summary>GEX030. Args: owner ("layer 'A'" or "class 'G'"), the listed type ("null" for a null entry).</summary>
    RetryHandleNotException,
}

internal sealed class GraphProblem
{
    public GraphProblem(GraphProblemKind kind, Location location, params string[] args)
    {
        Kind = kind;
        Location = location;
        Args = args;
    }

    public GraphProblemKind Kind { get; }

    public Location Location { get; }

    public IReadOnlyList<Location> AdditionalLocations { get; init; } = ImmutableArray<Location>.Empty;

    public ImmutableDictionary<string, string?> Properties { get; init; } = ImmutableDictionary<string, string?>.Empty;

    public string[] Args { get; }

    /// <summary>Whether the problem keeps the graph from being generated (everything but the warnings).</summary>
    public bool IsError => Kind is not (GraphProblemKind.DuplicateDependency or GraphProblemKind.TimeoutWithoutCancellationToken
        or GraphProblemKind.AttributeWithoutLayer or GraphProblemKind.MisspeltDependencyParameter);
}
