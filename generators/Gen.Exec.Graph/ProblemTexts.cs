using System;
using System.Globalization;

namespace Gen.Exec.Graph;

/// <summary>
/// The id, title and message format of each graph problem: the analyzers' descriptors are built from these,
/// and the generator writes the same text when the analyzers do not run (RunAnalyzers=false).
/// </summary>
internal static class ProblemTexts
{
    public const string CycleId = "GEX001";
    public const string CycleTitle = "Layer dependencies form a cycle";
    public const string CycleMessage = "The layers' dependencies form a cycle: {0}";

    public const string MissingTimeoutId = "GEX002";
    public const string MissingTimeoutTitle = "Layer has no time-out";
    public const string MissingTimeoutMessage = "Layer '{0}' has no time-out: add [Timeout] to it, or a default [Timeout] to its class";

    public const string UnknownDependencyId = "GEX003";
    public const string UnknownDependencyTitle = "Unknown dependency";
    public const string UnknownDependencyMessage = "Layer '{0}' depends on '{1}', which is not a layer of this graph{2}";

    public const string LatencyBudgetExceededId = "GEX004";
    public const string LatencyBudgetExceededTitle = "Worst-case latency exceeds the latency budget";
    public const string LatencyBudgetExceededMessage = "The worst-case latency of '{0}' is {1} ms, over its latency budget of {2} ms, along {3}";

    public const string SelfDependencyId = "GEX005";
    public const string SelfDependencyTitle = "Layer depends on itself";
    public const string SelfDependencyMessage = "Layer '{0}' depends on itself";

    public const string DuplicateDependencyId = "GEX006";
    public const string DuplicateDependencyTitle = "Duplicate dependency";
    public const string DuplicateDependencyMessage = "Layer '{0}' lists '{1}' in [DependsOn] more than once";

    public const string NonPositiveDurationId = "GEX007";
    public const string NonPositiveDurationTitle = "Time-out or latency budget is not positive";
    public const string NonPositiveDurationMessage = "{0} is {1} ms; it must be a positive number of milliseconds";

    public const string NotPartialId = "GEX008";
    public const string NotPartialTitle = "Graph type is not partial";
    public const string NotPartialMessage = "'{0}' must be declared partial so that Gen.Exec can generate the executor of its graph";

    public const string UnsupportedSignatureId = "GEX009";
    public const string UnsupportedSignatureTitle = "Unsupported layer signature";
    public const string UnsupportedSignatureMessage = "Layer '{0}' has an unsupported signature: {1}";

    public const string DuplicateLayerNameId = "GEX010";
    public const string DuplicateLayerNameTitle = "Two layers have the same name";
    public const string DuplicateLayerNameMessage = "More than one layer is named '{0}'; layer names must be unique, ignoring case, so layers cannot be overloads";

    public const string InputTypeConflictId = "GEX011";
    public const string InputTypeConflictTitle = "Run input has conflicting types";
    public const string InputTypeConflictMessage = "Run input '{0}' has type '{1}' in layer '{3}' but '{2}' in layer '{4}'; an input name must have one type across the graph";

    public const string ParameterNotInDependsOnId = "GEX012";
    public const string ParameterNotInDependsOnTitle = "Parameter is named like a layer that is not a dependency";
    public const string ParameterNotInDependsOnMessage = "Parameter '{1}' of layer '{0}' is named like layer '{2}', which '{0}' does not list in [DependsOn]";

    public const string DependencyTypeMismatchId = "GEX013";
    public const string DependencyTypeMismatchTitle = "Dependency parameter has the wrong type";
    public const string DependencyTypeMismatchMessage = "Parameter '{1}' of layer '{0}' receives the output of '{2}', so its type must be {3}";

    public const string ValueFromVoidLayerId = "GEX014";
    public const string ValueFromVoidLayerTitle = "Parameter takes a value from a layer that returns none";
    public const string ValueFromVoidLayerMessage = "Parameter '{1}' of layer '{0}' takes a value from '{2}', which returns none; take 'LayerResult' to see its status, or remove the parameter";

    public const string TimeoutWithoutCancellationTokenId = "GEX015";
    public const string TimeoutWithoutCancellationTokenTitle = "Layer with a time-out takes no CancellationToken";
    public const string TimeoutWithoutCancellationTokenMessage = "Layer '{0}' has a time-out but no CancellationToken parameter: at the deadline its work is abandoned, not stopped";

    public const string AttributeWithoutLayerId = "GEX016";
    public const string AttributeWithoutLayerTitle = "Graph attribute on a method that is not a layer";
    public const string AttributeWithoutLayerMessage = "[{0}] on '{1}' has no effect because '{1}' is not marked [Layer]";

    public const string ReservedNameId = "GEX017";
    public const string ReservedNameTitle = "Name is reserved by the generated code";
    public const string ReservedNameMessage = "The name '{0}' cannot be used: {1}";

    public const string UnsupportedGraphTypeId = "GEX018";
    public const string UnsupportedGraphTypeTitle = "Layers declared in an unsupported type";
    public const string UnsupportedGraphTypeMessage = "'{0}' cannot hold a graph: {1}";

    public const string MisspeltDependencyParameterId = "GEX019";
    public const string MisspeltDependencyParameterTitle = "Parameter looks like a misspelt dependency";
    public const string MisspeltDependencyParameterMessage = "Parameter '{1}' of layer '{0}' is a run input, but '{0}' depends on '{2}' and no parameter takes it; did you mean '{2}'?";

    public const string UncoveredAsyncWorkId = "GEX020";
    public const string UncoveredAsyncWorkTitle = "Layer returns work that its time-out does not cover";
    public const string UncoveredAsyncWorkMessage = "Layer '{0}' returns '{1}', whose work would run after the layer has finished: {2}";

    public const string ConditionNotFoundId = "GEX022";
    public const string ConditionNotFoundTitle = "Condition names no usable method";
    public const string ConditionNotFoundMessage = "The condition of layer '{0}' names '{1}', {2}";

    public const string ConditionNotBoolId = "GEX023";
    public const string ConditionNotBoolTitle = "Condition does not return bool";
    public const string ConditionNotBoolMessage = "Condition '{0}' of layer '{1}' returns '{2}'; a condition must return bool";

    public const string ConditionParameterUnboundId = "GEX024";
    public const string ConditionParameterUnboundTitle = "Condition parameter binds to nothing";
    public const string ConditionParameterUnboundMessage = "Parameter '{1}' of condition '{0}' (of layer '{2}') binds to nothing: {3}";

    public const string FallbackNotFoundId = "GEX025";
    public const string FallbackNotFoundTitle = "Fallback names no usable method";
    public const string FallbackNotFoundMessage = "The fallback of layer '{0}' names '{1}', {2}";

    public const string FallbackWrongReturnId = "GEX026";
    public const string FallbackWrongReturnTitle = "Fallback returns the wrong type";
    public const string FallbackWrongReturnMessage = "Fallback '{0}' of layer '{1}' returns '{2}'; it must return {3}";

    public const string FallbackParameterUnboundId = "GEX027";
    public const string FallbackParameterUnboundTitle = "Fallback parameter binds to nothing";
    public const string FallbackParameterUnboundMessage = "Parameter '{1}' of fallback '{0}' (of layer '{2}') binds to nothing: {3}";

    public const string FallbackTwoExceptionsId = "GEX028";
    public const string FallbackTwoExceptionsTitle = "Fallback takes more than one exception";
    public const string FallbackTwoExceptionsMessage = "Fallback '{0}' of layer '{1}' takes exceptions in both '{2}' and '{3}'; at most one parameter receives the layer's error";

    public const string InvalidRetryId = "GEX029";
    public const string InvalidRetryTitle = "Retry setting is out of range";
    public const string InvalidRetryMessage = "{0} is {1}; {2}";

    public const string RetryHandleNotExceptionId = "GEX030";
    public const string RetryHandleNotExceptionTitle = "Retry handles a type that is not an exception";
    public const string RetryHandleNotExceptionMessage = "[Retry] of {0} lists '{1}' in Handle, which is not an exception type";

    public static string Id(GraphProblemKind kind) => kind switch
    {
        GraphProblemKind.Cycle => CycleId,
        GraphProblemKind.MissingTimeout => MissingTimeoutId,
        GraphProblemKind.UnknownDependency => UnknownDependencyId,
        GraphProblemKind.LatencyBudgetExceeded => LatencyBudgetExceededId,
        GraphProblemKind.SelfDependency => SelfDependencyId,
        GraphProblemKind.DuplicateDependency => DuplicateDependencyId,
        GraphProblemKind.NonPositiveDuration => NonPositiveDurationId,
        GraphProblemKind.NotPartial => NotPartialId,
        GraphProblemKind.UnsupportedSignature => UnsupportedSignatureId,
        GraphProblemKind.DuplicateLayerName => DuplicateLayerNameId,
        GraphProblemKind.InputTypeConflict => InputTypeConflictId,
        GraphProblemKind.ParameterNotInDependsOn => ParameterNotInDependsOnId,
        GraphProblemKind.DependencyTypeMismatch => DependencyTypeMismatchId,
        GraphProblemKind.ValueFromVoidLayer => ValueFromVoidLayerId,
        GraphProblemKind.TimeoutWithoutCancellationToken => TimeoutWithoutCancellationTokenId,
        GraphProblemKind.AttributeWithoutLayer => AttributeWithoutLayerId,
        GraphProblemKind.ReservedName => ReservedNameId,
        GraphProblemKind.UnsupportedGraphType => UnsupportedGraphTypeId,
        GraphProblemKind.MisspeltDependencyParameter => MisspeltDependencyParameterId,
        GraphProblemKind.UncoveredAsyncWork => UncoveredAsyncWorkId,
        GraphProblemKind.ConditionNotFound => ConditionNotFoundId,
        GraphProblemKind.ConditionNotBool => ConditionNotBoolId,
        GraphProblemKind.ConditionParameterUnbound => ConditionParameterUnboundId,
        GraphProblemKind.FallbackNotFound => FallbackNotFoundId,
        GraphProblemKind.FallbackWrongReturn => FallbackWrongReturnId,
        GraphProblemKind.FallbackParameterUnbound => FallbackParameterUnboundId,
        GraphProblemKind.FallbackTwoExceptions => FallbackTwoExceptionsId,
        GraphProblemKind.InvalidRetry => InvalidRetryId,
        GraphProblemKind.RetryHandleNotException => RetryHandleNotExceptionId,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string MessageFormat(GraphProblemKind kind) => kind switch
    {
        GraphProblemKind.Cycle => CycleMessage,
        GraphProblemKind.MissingTimeout => MissingTimeoutMessage,
        GraphProblemKind.UnknownDependency => UnknownDependencyMessage,
        GraphProblemKind.LatencyBudgetExceeded => LatencyBudgetExceededMessage,
        GraphProblemKind.SelfDependency => SelfDependencyMessage,
        GraphProblemKind.DuplicateDependency => DuplicateDependencyMessage,
        GraphProblemKind.NonPositiveDuration => NonPositiveDurationMessage,
        GraphProblemKind.NotPartial => NotPartialMessage,
        GraphProblemKind.UnsupportedSignature => UnsupportedSignatureMessage,
        GraphProblemKind.DuplicateLayerName => DuplicateLayerNameMessage,
        GraphProblemKind.InputTypeConflict => InputTypeConflictMessage,
        GraphProblemKind.ParameterNotInDependsOn => ParameterNotInDependsOnMessage,
        GraphProblemKind.DependencyTypeMismatch => DependencyTypeMismatchMessage,
        GraphProblemKind.ValueFromVoidLayer => ValueFromVoidLayerMessage,
        GraphProblemKind.TimeoutWithoutCancellationToken => TimeoutWithoutCancellationTokenMessage,
        GraphProblemKind.AttributeWithoutLayer => AttributeWithoutLayerMessage,
        GraphProblemKind.ReservedName => ReservedNameMessage,
        GraphProblemKind.UnsupportedGraphType => UnsupportedGraphTypeMessage,
        GraphProblemKind.MisspeltDependencyParameter => MisspeltDependencyParameterMessage,
        GraphProblemKind.UncoveredAsyncWork => UncoveredAsyncWorkMessage,
        GraphProblemKind.ConditionNotFound => ConditionNotFoundMessage,
        GraphProblemKind.ConditionNotBool => ConditionNotBoolMessage,
        GraphProblemKind.ConditionParameterUnbound => ConditionParameterUnboundMessage,
        GraphProblemKind.FallbackNotFound => FallbackNotFoundMessage,
        GraphProblemKind.FallbackWrongReturn => FallbackWrongReturnMessage,
        GraphProblemKind.FallbackParameterUnbound => FallbackParameterUnboundMessage,
        GraphProblemKind.FallbackTwoExceptions => FallbackTwoExceptionsMessage,
        GraphProblemKind.InvalidRetry => InvalidRetryMessage,
        GraphProblemKind.RetryHandleNotException => RetryHandleNotExceptionMessage,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The message arguments: the problem's own, except GEX003's suggestion, which completes the message.</summary>
    public static object[] Arguments(GraphProblem problem)
    {
        if (problem.Kind == GraphProblemKind.UnknownDependency)
        {
            // "... not a layer of this graph; did you mean 'Fetch'?"
            string hint = problem.Properties.TryGetValue("Suggestion", out string? suggestion) && suggestion is not null
                ? $"; did you mean '{suggestion}'?"
                : string.Empty;
            return new object[] { problem.Args[0], problem.Args[1], hint };
        }

        return problem.Args;
    }

    /// <summary>The problem's message, as the analyzers report it.</summary>
    public static string Message(GraphProblem problem)
        => string.Format(CultureInfo.InvariantCulture, MessageFormat(problem.Kind), Arguments(problem));
}
