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
        if (layer.Method.IsGenericMethod)
        {
            draft.Report(GraphProblemKind.UnsupportedSignature, NameLocation(layer.Method), layer.Name, "a layer cannot be a generic method");
        }
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
