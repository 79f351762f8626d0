using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using static Gen.Exec.Graph.SymbolFacts;

namespace Gen.Exec.Graph;

/// <summary>
/// Step 4a: a layer's [Layer] options, its time-out and retry policy (own or the class default), its [DependsOn], and
/// where its [When] and [Fallback] are (bound later, by <see cref="ControlBinder"/>, once every layer's value type is known).
/// </summary>
internal static class LayerSettings
{
    public static void Read(GraphDraft draft, LayerDraft layer, int index)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in layer.LayerAttribute.NamedArguments)
        {
            if (argument.Key == "Critical" && argument.Value.Value is bool isCritical)
            {
                layer.Critical = isCritical;
            }
            else if (argument.Key == "Priority" && argument.Value.Value is int priority)
            {
                layer.Priority = priority;
            }
        }

        IMethodSymbol method = layer.Method;
        int? timeout = null;
        bool ownRetry = false;
        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (Is(attribute.AttributeClass, draft.Symbols.Timeout))
            {
                timeout = ReadInt(attribute, ref draft.CompilerErrors);
                layer.OwnTimeout = true;
                GraphTypeRules.CheckPositive(draft, attribute, method, timeout, $"The time-out of layer '{method.Name}'");
            }
            else if (Is(attribute.AttributeClass, draft.Symbols.DependsOn))
            {
                DependencyResolver.Read(draft, attribute, layer, index);
            }
            else if (Is(attribute.AttributeClass, draft.Symbols.Retry))
            {
                ownRetry = true;
                layer.Retry = RetrySettings.Read(draft, attribute, method, $"layer '{method.Name}'");
            }
            else if (Is(attribute.AttributeClass, draft.Symbols.When))
            {
                layer.WhenAttribute = attribute;
            }
            else if (Is(attribute.AttributeClass, draft.Symbols.Fallback))
            {
                layer.FallbackAttribute = attribute;
            }
            else if (Is(attribute.AttributeClass, draft.Symbols.Distributed))
            {
                layer.Distributed = true;
            }
        }

        if (!ownRetry)
        {
            layer.Retry = draft.ClassRetry;
        }

        if (!layer.OwnTimeout)
        {
            // A class-level [Timeout] whose argument does not bind is the compiler's to report.
            timeout = draft.ClassTimeout;
            if (timeout is null && !draft.ClassTimeoutDeclared)
            {
                draft.Report(GraphProblemKind.MissingTimeout, NameLocation(method), method.Name);
            }
        }

        layer.Timeout = timeout ?? 0;
    }
}
