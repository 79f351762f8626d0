using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Gen.Exec.Graph;
using Microsoft.CodeAnalysis;

namespace Gen.Exec.Analyzers;

/// <summary>The descriptors of every Gen.Exec diagnostic, keyed by the graph problem they report.</summary>
public static partial class GraphDiagnostics
{
    /// <summary>The category of every Gen.Exec diagnostic.</summary>
    public const string Category = "Gen.Exec";

    /// <summary>The diagnostic property holding the layer name that GEX003's code fix suggests.</summary>
    public const string SuggestionProperty = "Suggestion";

    /// <summary>The diagnostic property holding the layer that GEX012's code fix adds to [DependsOn].</summary>
    public const string DependencyProperty = "Dependency";

    /// <summary>The diagnostic property holding the parameter name that GEX019's code fix renames to.</summary>
    public const string RenameProperty = "Rename";

    private const string HelpBase = "https://github.com/gen-exec/Gen.Exec/blob/main/docs/diagnostics/";

    /// <summary>GEX001: the layers' dependencies form a cycle.</summary>
    public static readonly DiagnosticDescriptor Cycle = new(
        ProblemTexts.CycleId,
        ProblemTexts.CycleTitle,
        ProblemTexts.CycleMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Each layer starts only after the layers in its [DependsOn] have finished, so layers that depend on each other in a circle could never start. Remove one of the dependencies in the cycle.",
        helpLinkUri: HelpBase + "GEX001.md");

    /// <summary>GEX002: a layer has no time-out.</summary>
    public static readonly DiagnosticDescriptor MissingTimeout = new(
        ProblemTexts.MissingTimeoutId,
        ProblemTexts.MissingTimeoutTitle,
        ProblemTexts.MissingTimeoutMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Every layer needs a time limit so that one slow dependency cannot hold up the whole graph. Put [Timeout(ms)] on the layer, or on its class as the default for all of its layers.",
        helpLinkUri: HelpBase + "GEX002.md");

    /// <summary>GEX003: [DependsOn] names no layer of the graph.</summary>
    public static readonly DiagnosticDescriptor UnknownDependency = new(
        ProblemTexts.UnknownDependencyId,
        ProblemTexts.UnknownDependencyTitle,
        ProblemTexts.UnknownDependencyMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "[DependsOn] must name [Layer] methods of the same class, spelled exactly as declared. Write the names with nameof so that the compiler checks them and renames keep them right.",
        helpLinkUri: HelpBase + "GEX003.md");

    /// <summary>GEX004: the worst-case latency exceeds [LatencyBudget].</summary>
    public static readonly DiagnosticDescriptor LatencyBudgetExceeded = new(
        ProblemTexts.LatencyBudgetExceededId,
        ProblemTexts.LatencyBudgetExceededTitle,
        ProblemTexts.LatencyBudgetExceededMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The worst-case latency of a graph is the largest sum of time-outs along a dependency path. Lower the time-outs on the reported path, run some of its layers in parallel instead of in sequence, or raise the budget.",
        helpLinkUri: HelpBase + "GEX004.md");

    /// <summary>GEX005: a layer depends on itself.</summary>
    public static readonly DiagnosticDescriptor SelfDependency = new(
        ProblemTexts.SelfDependencyId,
        ProblemTexts.SelfDependencyTitle,
        ProblemTexts.SelfDependencyMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A layer that waits for itself could never start. Remove its own name from its [DependsOn].",
        helpLinkUri: HelpBase + "GEX005.md");

    /// <summary>GEX006: a dependency is listed more than once.</summary>
    public static readonly DiagnosticDescriptor DuplicateDependency = new(
        ProblemTexts.DuplicateDependencyId,
        ProblemTexts.DuplicateDependencyTitle,
        ProblemTexts.DuplicateDependencyMessage,
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Listing a dependency twice has no effect beyond the first; the repetition is usually a copy-and-paste slip that hides a dependency that was meant instead.",
        helpLinkUri: HelpBase + "GEX006.md");

    /// <summary>GEX007: a time-out or latency budget is zero or negative.</summary>
    public static readonly DiagnosticDescriptor NonPositiveDuration = new(
        ProblemTexts.NonPositiveDurationId,
        ProblemTexts.NonPositiveDurationTitle,
        ProblemTexts.NonPositiveDurationMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Time-outs and latency budgets are durations in milliseconds and must be greater than zero.",
        helpLinkUri: HelpBase + "GEX007.md");

    /// <summary>GEX008: the graph type, or a type containing it, is not partial.</summary>
    public static readonly DiagnosticDescriptor NotPartial = new(
        ProblemTexts.NotPartialId,
        ProblemTexts.NotPartialTitle,
        ProblemTexts.NotPartialMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generator adds the nested Executor and Results types to the class that declares the layers, which C# allows only for partial types; every type containing it must be partial too.",
        helpLinkUri: HelpBase + "GEX008.md");

    /// <summary>GEX009: a layer's signature cannot be called by the executor.</summary>
    public static readonly DiagnosticDescriptor UnsupportedSignature = new(
        ProblemTexts.UnsupportedSignatureId,
        ProblemTexts.UnsupportedSignatureTitle,
        ProblemTexts.UnsupportedSignatureMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A layer must be a non-generic method whose parameters are passed by value and can be stored across awaits, returning T, void, Task, Task<T>, ValueTask or ValueTask<T> (never async void or by reference).",
        helpLinkUri: HelpBase + "GEX009.md");

    /// <summary>GEX010: two layers share a name.</summary>
    public static readonly DiagnosticDescriptor DuplicateLayerName = new(
        ProblemTexts.DuplicateLayerNameId,
        ProblemTexts.DuplicateLayerNameTitle,
        ProblemTexts.DuplicateLayerNameMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A layer's name is its method name: [DependsOn], dependency parameters and the generated Results properties refer to layers by name, so two layers may not share one, even in a different case.",
        helpLinkUri: HelpBase + "GEX010.md");

    /// <summary>GEX011: one run input has two types.</summary>
    public static readonly DiagnosticDescriptor InputTypeConflict = new(
        ProblemTexts.InputTypeConflictId,
        ProblemTexts.InputTypeConflictTitle,
        ProblemTexts.InputTypeConflictMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Parameters with the same name in several layers are one run input, passed once to RunAsync, so they must have the same type. Rename one of them or give them the same type.",
        helpLinkUri: HelpBase + "GEX011.md");

    /// <summary>GEX012: a parameter is named like a layer that is not a dependency.</summary>
    public static readonly DiagnosticDescriptor ParameterNotInDependsOn = new(
        ProblemTexts.ParameterNotInDependsOnId,
        ProblemTexts.ParameterNotInDependsOnTitle,
        ProblemTexts.ParameterNotInDependsOnMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A parameter named like a layer receives that layer's output, which is only possible when the layer is a dependency. Add the layer to [DependsOn], or rename the parameter if it is meant to be a run input.",
        helpLinkUri: HelpBase + "GEX012.md");

    /// <summary>GEX013: a dependency parameter has the wrong type.</summary>
    public static readonly DiagnosticDescriptor DependencyTypeMismatch = new(
        ProblemTexts.DependencyTypeMismatchId,
        ProblemTexts.DependencyTypeMismatchTitle,
        ProblemTexts.DependencyTypeMismatchMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A dependency parameter takes the dependency's value type T (the layer is skipped unless the dependency succeeded) or LayerResult<T> (the layer runs anyway and sees the status).",
        helpLinkUri: HelpBase + "GEX013.md");

    /// <summary>GEX014: a value parameter is bound to a layer that returns nothing.</summary>
    public static readonly DiagnosticDescriptor ValueFromVoidLayer = new(
        ProblemTexts.ValueFromVoidLayerId,
        ProblemTexts.ValueFromVoidLayerTitle,
        ProblemTexts.ValueFromVoidLayerMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Layers returning void, Task or ValueTask produce no value. A dependent layer can take their non-generic LayerResult to see whether they succeeded, or no parameter at all.",
        helpLinkUri: HelpBase + "GEX014.md");

    /// <summary>GEX015: a layer with a time-out takes no CancellationToken.</summary>
    public static readonly DiagnosticDescriptor TimeoutWithoutCancellationToken = new(
        ProblemTexts.TimeoutWithoutCancellationTokenId,
        ProblemTexts.TimeoutWithoutCancellationTokenTitle,
        ProblemTexts.TimeoutWithoutCancellationTokenMessage,
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "When a layer times out the executor cancels the layer's token and stops waiting. Without a CancellationToken parameter the layer cannot notice, so its work keeps running in the background and wastes resources.",
        helpLinkUri: HelpBase + "GEX015.md");

    /// <summary>GEX016: [DependsOn], [Timeout], [When], [Retry], [Fallback] or [Distributed] on a method that is not a layer.</summary>
    public static readonly DiagnosticDescriptor AttributeWithoutLayer = new(
        ProblemTexts.AttributeWithoutLayerId,
        ProblemTexts.AttributeWithoutLayerTitle,
        ProblemTexts.AttributeWithoutLayerMessage,
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "[DependsOn], [Timeout], [When], [Retry] and [Fallback] only configure layers. On a method without [Layer] they are ignored, which usually means [Layer] was forgotten.",
        helpLinkUri: HelpBase + "GEX016.md");

    /// <summary>GEX017: a layer or input name clashes with generated code.</summary>
    public static readonly DiagnosticDescriptor ReservedName = new(
        ProblemTexts.ReservedNameId,
        ProblemTexts.ReservedNameTitle,
        ProblemTexts.ReservedNameMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Layer names become members of the generated Results class and run inputs become parameters of the generated RunAsync, so they must not clash with the members Gen.Exec generates.",
        helpLinkUri: HelpBase + "GEX017.md");

    /// <summary>GEX018: layers are declared in a type that cannot hold a graph.</summary>
    public static readonly DiagnosticDescriptor UnsupportedGraphType = new(
        ProblemTexts.UnsupportedGraphTypeId,
        ProblemTexts.UnsupportedGraphTypeTitle,
        ProblemTexts.UnsupportedGraphTypeMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A graph is a partial class (static or not, top-level or nested in partial types). Layers in structs, record structs, interfaces or file-local classes are not supported.",
        helpLinkUri: HelpBase + "GEX018.md");

    /// <summary>GEX019: a parameter is one edit away from a dependency that no parameter takes.</summary>
    public static readonly DiagnosticDescriptor MisspeltDependencyParameter = new(
        ProblemTexts.MisspeltDependencyParameterId,
        ProblemTexts.MisspeltDependencyParameterTitle,
        ProblemTexts.MisspeltDependencyParameterMessage,
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A parameter receives a dependency's output only when its name equals the dependency's name, ignoring case; any other name makes it a run input that the caller must pass. A name one edit away from a dependency that no parameter takes is almost always a typo. Rename the parameter, or rename it further away if it really is an input.",
        helpLinkUri: HelpBase + "GEX019.md");

    /// <summary>GEX020: a layer returns asynchronous work as its value.</summary>
    public static readonly DiagnosticDescriptor UncoveredAsyncWork = new(
        ProblemTexts.UncoveredAsyncWorkId,
        ProblemTexts.UncoveredAsyncWorkTitle,
        ProblemTexts.UncoveredAsyncWorkMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The executor awaits one Task or ValueTask per layer. A layer returning a task of a task, or an IAsyncEnumerable, finishes as soon as the outer task does; the inner work runs unobserved, outside the layer's time-out and token, and its dependents do not wait for it. Await the work inside the layer and return its result.",
        helpLinkUri: HelpBase + "GEX020.md");

    /// <summary>GEX021: a RunAsync call passes two or more same-typed run inputs by position.</summary>
    public static readonly DiagnosticDescriptor PositionalSameTypeInputs = new(
        "GEX021",
        "Run inputs of the same type passed by position",
        "RunAsync of '{0}' takes {1} by position; they share a type, so reordering the graph's layers or parameters would silently swap them: name the arguments",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "RunAsync takes the run inputs in order of first appearance in the graph. Inputs of the same type passed by position still compile when that order changes, with the values swapped. Named arguments keep each value with its input whatever the order.",
        helpLinkUri: HelpBase + "GEX021.md");

    /// <summary>The descriptors of graph problems, reported by <see cref="GraphAnalyzer"/>, in id order.</summary>
    public static ImmutableArray<DiagnosticDescriptor> GraphProblems => Tables.GraphProblems;

    /// <summary>Every descriptor, in id order: the graph problems, the call-site rules (GEX021, GEX031), the pipeline rules (GEX032 to GEX034) and the scale-out rules (GEX035, GEX036).</summary>
    public static ImmutableArray<DiagnosticDescriptor> All => Tables.All;

    internal static DiagnosticDescriptor For(GraphProblemKind kind) => Tables.ByKind[kind];

    /// <summary>Turns a graph problem into its diagnostic.</summary>
    internal static Diagnostic Create(GraphProblem problem)
        => Diagnostic.Create(For(problem.Kind), problem.Location, problem.AdditionalLocations, problem.Properties, ProblemTexts.Arguments(problem));

    /// <summary>
    /// Built on first use, after every descriptor field of both parts of this class is set (the order of static
    /// initializers across partial files is not defined).
    /// </summary>
    private static class Tables
    {
        public static readonly Dictionary<GraphProblemKind, DiagnosticDescriptor> ByKind = new()
        {
            [GraphProblemKind.Cycle] = Cycle,
            [GraphProblemKind.MissingTimeout] = MissingTimeout,
            [GraphProblemKind.UnknownDependency] = UnknownDependency,
            [GraphProblemKind.LatencyBudgetExceeded] = LatencyBudgetExceeded,
            [GraphProblemKind.SelfDependency] = SelfDependency,
            [GraphProblemKind.DuplicateDependency] = DuplicateDependency,
            [GraphProblemKind.NonPositiveDuration] = NonPositiveDuration,
            [GraphProblemKind.NotPartial] = NotPartial,
            [GraphProblemKind.UnsupportedSignature] = UnsupportedSignature,
            [GraphProblemKind.DuplicateLayerName] = DuplicateLayerName,
            [GraphProblemKind.InputTypeConflict] = InputTypeConflict,
            [GraphProblemKind.ParameterNotInDependsOn] = ParameterNotInDependsOn,
            [GraphProblemKind.DependencyTypeMismatch] = DependencyTypeMismatch,
            [GraphProblemKind.ValueFromVoidLayer] = ValueFromVoidLayer,
            [GraphProblemKind.TimeoutWithoutCancellationToken] = TimeoutWithoutCancellationToken,
            [GraphProblemKind.AttributeWithoutLayer] = AttributeWithoutLayer,
            [GraphProblemKind.ReservedName] = ReservedName,
            [GraphProblemKind.UnsupportedGraphType] = UnsupportedGraphType,
            [GraphProblemKind.MisspeltDependencyParameter] = MisspeltDependencyParameter,
            [GraphProblemKind.UncoveredAsyncWork] = UncoveredAsyncWork,
            [GraphProblemKind.ConditionNotFound] = ConditionNotFound,
            [GraphProblemKind.ConditionNotBool] = ConditionNotBool,
            [GraphProblemKind.ConditionParameterUnbound] = ConditionParameterUnbound,
            [GraphProblemKind.FallbackNotFound] = FallbackNotFound,
            [GraphProblemKind.FallbackWrongReturn] = FallbackWrongReturn,
            [GraphProblemKind.FallbackParameterUnbound] = FallbackParameterUnbound,
            [GraphProblemKind.FallbackTwoExceptions] = FallbackTwoExceptions,
            [GraphProblemKind.InvalidRetry] = InvalidRetry,
            [GraphProblemKind.RetryHandleNotException] = RetryHandleNotException,
        };

        public static readonly ImmutableArray<DiagnosticDescriptor> GraphProblems = ByKind.Values.OrderBy(d => d.Id, StringComparer.Ordinal).ToImmutableArray();

        public static readonly ImmutableArray<DiagnosticDescriptor> All = GraphProblems
            .Add(PositionalSameTypeInputs)
            .Add(UnknownTarget)
            .Add(PipelineWithoutPolly)
            .Add(PipelineKeyEmpty)
            .Add(PipelineWithoutLayer)
            .Add(NotSerializable)
            .Add(DistributedUnreachable)
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }
}
