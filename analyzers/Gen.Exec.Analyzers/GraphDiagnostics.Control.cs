using Gen.Exec.Graph;
using Microsoft.CodeAnalysis;

namespace Gen.Exec.Analyzers;

/// <summary>The descriptors of per-request control: conditions, fallbacks, retries and targets (GEX022 to GEX031).</summary>
public static partial class GraphDiagnostics
{
    /// <summary>The diagnostic property holding the method name that the GEX022 and GEX025 fixes give the stub they add.</summary>
    public const string StubProperty = ControlBinder.StubProperty;

    /// <summary>GEX022: [When] names no usable method.</summary>
    public static readonly DiagnosticDescriptor ConditionNotFound = new(
        ProblemTexts.ConditionNotFoundId,
        ProblemTexts.ConditionNotFoundTitle,
        ProblemTexts.ConditionNotFoundMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "[When] names, with nameof, one non-generic method of the graph class that returns bool; the executor calls it when the layer is ready to start. Declare the method, fix the name, or remove overloads so that the name means one method.",
        helpLinkUri: HelpBase + "GEX022.md");

    /// <summary>GEX023: the [When] predicate does not return bool.</summary>
    public static readonly DiagnosticDescriptor ConditionNotBool = new(
        ProblemTexts.ConditionNotBoolId,
        ProblemTexts.ConditionNotBoolTitle,
        ProblemTexts.ConditionNotBoolMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A condition decides synchronously whether its layer runs: it must return bool (not Task<bool>, not bool?). Work that needs awaiting belongs in a layer the conditioned layer depends on.",
        helpLinkUri: HelpBase + "GEX023.md");

    /// <summary>GEX024: a parameter of a [When] predicate binds to nothing.</summary>
    public static readonly DiagnosticDescriptor ConditionParameterUnbound = new(
        ProblemTexts.ConditionParameterUnboundId,
        ProblemTexts.ConditionParameterUnboundTitle,
        ProblemTexts.ConditionParameterUnboundMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A condition's parameters bind like a layer's: a parameter named like one of the layer's own dependencies receives it (as T, LayerResult<T> or LayerResult), any other is a run input. A condition takes no CancellationToken, and cannot take a layer the conditioned layer does not depend on.",
        helpLinkUri: HelpBase + "GEX024.md");

    /// <summary>GEX025: [Fallback] names no usable method.</summary>
    public static readonly DiagnosticDescriptor FallbackNotFound = new(
        ProblemTexts.FallbackNotFoundId,
        ProblemTexts.FallbackNotFoundTitle,
        ProblemTexts.FallbackNotFoundMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "[Fallback] names, with nameof, one non-generic method of the graph class that returns the layer's value type; the executor calls it when the layer fails or times out after its retries. Declare the method, fix the name, or remove overloads so that the name means one method.",
        helpLinkUri: HelpBase + "GEX025.md");

    /// <summary>GEX026: the [Fallback] method returns the wrong type.</summary>
    public static readonly DiagnosticDescriptor FallbackWrongReturn = new(
        ProblemTexts.FallbackWrongReturnId,
        ProblemTexts.FallbackWrongReturnTitle,
        ProblemTexts.FallbackWrongReturnMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A fallback's value stands in for the layer's, so it returns the layer's value type T, as T, Task<T> or ValueTask<T>; for a layer without a value, void, Task or ValueTask (never async void).",
        helpLinkUri: HelpBase + "GEX026.md");

    /// <summary>GEX027: a parameter of a [Fallback] method binds to nothing.</summary>
    public static readonly DiagnosticDescriptor FallbackParameterUnbound = new(
        ProblemTexts.FallbackParameterUnboundId,
        ProblemTexts.FallbackParameterUnboundTitle,
        ProblemTexts.FallbackParameterUnboundMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A fallback's parameters bind like the layer's: the CancellationToken, the layer's own dependencies by name (as T, LayerResult<T> or LayerResult), one Exception that receives the layer's error, and run inputs by any other name, which must have the type the graph's other uses of that input have.",
        helpLinkUri: HelpBase + "GEX027.md");

    /// <summary>GEX028: a [Fallback] method takes more than one exception.</summary>
    public static readonly DiagnosticDescriptor FallbackTwoExceptions = new(
        ProblemTexts.FallbackTwoExceptionsId,
        ProblemTexts.FallbackTwoExceptionsTitle,
        ProblemTexts.FallbackTwoExceptionsMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The layer has one error, passed to the fallback's one parameter of type Exception (or a subtype, which limits the fallback to errors of that type). Keep one such parameter.",
        helpLinkUri: HelpBase + "GEX028.md");

    /// <summary>GEX029: a [Retry] count, delay or back-off is out of range.</summary>
    public static readonly DiagnosticDescriptor InvalidRetry = new(
        ProblemTexts.InvalidRetryId,
        ProblemTexts.InvalidRetryTitle,
        ProblemTexts.InvalidRetryMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "[Retry] takes the number of retries (zero or more), DelayMilliseconds (zero or more) and Backoff (a defined RetryBackoff value); the plan's worst-case latency is computed from them.",
        helpLinkUri: HelpBase + "GEX029.md");

    /// <summary>GEX030: [Retry] lists a type that is not an exception in Handle.</summary>
    public static readonly DiagnosticDescriptor RetryHandleNotException = new(
        ProblemTexts.RetryHandleNotExceptionId,
        ProblemTexts.RetryHandleNotExceptionTitle,
        ProblemTexts.RetryHandleNotExceptionMessage,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Handle lists the exception types whose failures are retried; an entry that is not System.Exception or a type derived from it (or is null, or an open generic type) could never match and hides a mistake.",
        helpLinkUri: HelpBase + "GEX030.md");

    /// <summary>GEX031: RunOptions.Targets names, as a constant, no layer of the graph being run.</summary>
    public static readonly DiagnosticDescriptor UnknownTarget = new(
        "GEX031",
        "Target is not a layer of the graph",
        "'{0}' is not a layer of '{1}'{2}; RunAsync would throw ArgumentException",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "RunOptions.Targets names the layers to run, with their dependencies; RunAsync throws ArgumentException for a name that is not a layer of the graph. Write the names with nameof(Graph.Layer) so that the compiler checks them.",
        helpLinkUri: HelpBase + "GEX031.md");
}
