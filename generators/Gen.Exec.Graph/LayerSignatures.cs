using Microsoft.CodeAnalysis;
using static Gen.Exec.Graph.SymbolFacts;

namespace Gen.Exec.Graph;

/// <summary>Step 4c: what a layer returns (and so whether it has a value) and whether its method can be called at all.</summary>
internal static class LayerSignatures
{
    public static void Classify(GraphDraft draft, LayerDraft layer)
    {
        layer.ReturnKind = ClassifyReturn(draft, layer.Method, out ITypeSymbol? valueType);
        layer.ValueType = valueType;
        if (valueType is not null && UncoveredWork(draft.Symbols, valueType) is { } advice)
        {
            draft.Report(GraphProblemKind.UncoveredAsyncWork, NameLocation(layer.Method), layer.Name, layer.Method.ReturnType.ToDisplayString(), advice);
        }
        if (layer.Method.IsGenericMethod)
        {
            draft.Report(GraphProblemKind.UnsupportedSignature, NameLocation(layer.Method), layer.Name, "a layer cannot be a generic method");
        }
    }

    /// <summary>
    /// What to return instead when the layer's value is itself asynchronous work (a task, or an async stream):
    /// the executor would store it as a value the moment it is created, so the time-out, the token and the
    /// dependents' wait would not cover the work it stands for. <see langword="null"/> for an ordinary value.
    /// </summary>
    private static string? UncoveredWork(GraphSymbols symbols, ITypeSymbol valueType)
    {
        ITypeSymbol definition = valueType.OriginalDefinition;
        if (Is(valueType, symbols.Task) || Is(valueType, symbols.ValueTask) || Is(definition, symbols.TaskOfT) || Is(definition, symbols.ValueTaskOfT))
        {
            return "await the inner task in the layer (or Unwrap it) and return Task<T> or ValueTask<T> of its result";
        }

        if (Is(definition, symbols.AsyncEnumerableOfT) || Is(definition, symbols.AsyncEnumeratorOfT))
        {
            return "collect the stream inside the layer (await foreach, with the layer's token) and return Task<T> of the collected items";
        }

        return null;
    }

    private static ReturnKind ClassifyReturn(GraphDraft draft, IMethodSymbol method, out ITypeSymbol? valueType)
    {
        GraphSymbols symbols = draft.Symbols;
        valueType = null;
        ITypeSymbol returnType = method.ReturnType;
        draft.CompilerErrors |= ContainsErrorType(returnType);
        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            draft.Report(GraphProblemKind.UnsupportedSignature, NameLocation(method), method.Name, "a layer cannot return by reference");
            return ReturnKind.Void;
        }

        if (method.ReturnsVoid)
        {
            if (method.IsAsync)
            {
                draft.Report(GraphProblemKind.UnsupportedSignature, NameLocation(method), method.Name, "an async void method cannot be awaited; return Task instead");
            }

            return ReturnKind.Void;
        }

        if (Is(returnType, symbols.Task))
        {
            return ReturnKind.Task;
        }

        if (Is(returnType, symbols.ValueTask))
        {
            return ReturnKind.ValueTask;
        }

        if (returnType is INamedTypeSymbol { IsGenericType: true } named)
        {
            if (Is(named.OriginalDefinition, symbols.TaskOfT))
            {
                valueType = named.TypeArguments[0];
                return ReturnKind.TaskOfT;
            }

            if (Is(named.OriginalDefinition, symbols.ValueTaskOfT))
            {
                valueType = named.TypeArguments[0];
                return ReturnKind.ValueTaskOfT;
            }
        }

        if (returnType.IsRefLikeType || returnType.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
        {
            draft.Report(GraphProblemKind.UnsupportedSignature, NameLocation(method), method.Name, $"its return type '{returnType.ToDisplayString()}' cannot be stored as a result");
            return ReturnKind.Void;
        }

        valueType = returnType;
        return ReturnKind.Value;
    }
}
