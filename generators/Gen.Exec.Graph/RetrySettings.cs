using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Gen.Exec.Graph.SymbolFacts;

namespace Gen.Exec.Graph;

/// <summary>Reads a [Retry] (on a layer or, as the default, on the class) and checks its settings (GEX029, GEX030).</summary>
internal static class RetrySettings
{
    /// <summary>The attribute's defaults, as <c>Gen.Exec.RetryAttribute</c> declares them.</summary>
    private const int DefaultDelayMilliseconds = 100;

    /// <summary>
    /// The policy; <see langword="null"/> when the attribute did not bind (the compiler reports it). Invalid settings
    /// are reported and kept, so that the graph is not generated but the rest of it is still checked.
    /// </summary>
    /// <param name="owner">"layer 'A'" or "class 'G'", for the messages.</param>
    public static RetryModel? Read(GraphDraft draft, AttributeData attribute, ISymbol symbol, string owner)
    {
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not int maxRetries)
        {
            draft.CompilerErrors = true;
            return null;
        }

        if (maxRetries < 0)
        {
            Report(draft, ConstructorArgumentLocation(attribute, 0, symbol, draft.CancellationToken), $"The retry count of {owner}", maxRetries, "it must be zero or more");
        }

        int delay = DefaultDelayMilliseconds;
        var backoff = RetryBackoffKind.Exponential;
        bool jitter = true;
        EquatableArray<string>? handle = null;
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            TypedConstant value = argument.Value;
            if (value.Kind == TypedConstantKind.Error)
            {
                draft.CompilerErrors = true;
                continue;
            }

            switch (argument.Key)
            {
                case "DelayMilliseconds" when value.Value is int milliseconds:
                    delay = milliseconds;
                    if (milliseconds < 0)
                    {
                        Report(draft, NamedArgumentLocation(attribute, argument.Key, symbol, draft.CancellationToken), $"The retry delay of {owner}", milliseconds, "it must be zero or more milliseconds");
                    }

                    break;
                case "Backoff" when value.Value is int kind:
                    backoff = (RetryBackoffKind)kind;
                    if (kind is < (int)RetryBackoffKind.Constant or > (int)RetryBackoffKind.Exponential)
                    {
                        Report(draft, NamedArgumentLocation(attribute, argument.Key, symbol, draft.CancellationToken), $"The retry back-off of {owner}", kind, "it must be RetryBackoff.Constant, Linear or Exponential");
                    }

                    break;
                case "Jitter" when value.Value is bool isJittered:
                    jitter = isJittered;
                    break;
                case "Handle":
                    handle = ReadHandle(draft, attribute, value, symbol, owner);
                    break;
            }
        }

        return new RetryModel(maxRetries, delay, backoff, jitter, handle);
    }

    /// <summary>The exception types in <c>Handle</c>, fully qualified; <see langword="null"/> for <c>Handle = null</c>.</summary>
    private static EquatableArray<string>? ReadHandle(GraphDraft draft, AttributeData attribute, TypedConstant value, ISymbol symbol, string owner)
    {
        if (value.Kind != TypedConstantKind.Array)
        {
            draft.CompilerErrors = true;
            return null;
        }

        if (value.IsNull)
        {
            return null;
        }

        ImmutableArray<TypedConstant> entries = value.Values;
        IReadOnlyList<SyntaxNode>? elements = ArrayElements(NamedArgument(attribute, "Handle", draft.CancellationToken));
        var types = new List<string>(entries.Length);
        for (int i = 0; i < entries.Length; i++)
        {
            if (entries[i].Kind == TypedConstantKind.Error)
            {
                draft.CompilerErrors = true;
                continue;
            }

            // typeof(List<>) is an unbound generic type, whose omitted type arguments Roslyn represents as error types.
            var type = entries[i].Value as ITypeSymbol;
            if (type is not null && type is not INamedTypeSymbol { IsUnboundGenericType: true } && ContainsErrorType(type))
            {
                draft.CompilerErrors = true;
                continue;
            }

            if (type is not INamedTypeSymbol { IsUnboundGenericType: false } named || !IsException(named, draft.Symbols.Exception))
            {
                Location location = elements is not null && i < elements.Count
                    ? elements[i].GetLocation()
                    : NamedArgumentLocation(attribute, "Handle", symbol, draft.CancellationToken);
                string text = type is null ? "null" : type.ToDisplayString();
                draft.Report(GraphProblemKind.RetryHandleNotException, location, owner, text);
                continue;
            }

            types.Add(named.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
        }

        return types.ToEquatableArray();
    }

    private static void Report(GraphDraft draft, Location location, string what, int value, string requirement)
        => draft.Report(GraphProblemKind.InvalidRetry, location, what, value.ToString(CultureInfo.InvariantCulture), requirement);
}
