using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using static Gen.Exec.Graph.SymbolFacts;

namespace Gen.Exec.Graph;

/// <summary>
/// Step 5: binds each layer parameter to what it receives: the layer's cancellation token, a dependency's
/// output, or a run input (inputs of the same name in several layers are one input of one type); then, through
/// <see cref="ControlBinder"/>, the parameters of the layers' conditions and fallbacks.
/// </summary>
internal static class ParameterBinder
{
    private static readonly ArgumentModel s_unbound = new(ArgumentKind.Input, -1);

    public static void Bind(GraphDraft draft)
    {
        var inputs = new RunInputs();
        for (int index = 0; index < draft.Layers.Count; index++)
        {
            LayerDraft layer = draft.Layers[index];
            IMethodSymbol method = layer.Method;
            bool hasToken = false;
            var bound = new ArgumentModel[method.Parameters.Length];
            for (int p = 0; p < method.Parameters.Length; p++)
            {
                IParameterSymbol parameter = method.Parameters[p];
                bound[p] = BindParameter(draft, layer, index, parameter, inputs);
                hasToken |= bound[p].Kind == ArgumentKind.CancellationToken;
            }

            layer.Arguments = bound;
            if (layer.OwnTimeout && !hasToken)
            {
                draft.Report(GraphProblemKind.TimeoutWithoutCancellationToken, NameLocation(method), method.Name);
            }
        }

        // After every layer's own parameters, so that adding a condition or fallback never reorders RunAsync's inputs.
        ControlBinder.Bind(draft, inputs);
    }

    private static ArgumentModel BindParameter(GraphDraft draft, LayerDraft layer, int index, IParameterSymbol parameter, RunInputs inputs)
    {
        IMethodSymbol method = layer.Method;
        ITypeSymbol type = parameter.Type;
        draft.CompilerErrors |= ContainsErrorType(type);
        if (parameter.RefKind != RefKind.None || type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer || type.IsRefLikeType)
        {
            string what = parameter.RefKind != RefKind.None
                ? $"parameter '{parameter.Name}' is passed by reference ({parameter.RefKind.ToString().ToLowerInvariant()})"
                : $"parameter '{parameter.Name}' has type '{type.ToDisplayString()}', which cannot be stored across awaits";
            draft.Report(GraphProblemKind.UnsupportedSignature, ParameterLocation(parameter, method), method.Name, what);
            return s_unbound;
        }

        if (Is(type, draft.Symbols.CancellationToken))
        {
            return new ArgumentModel(ArgumentKind.CancellationToken, -1);
        }

        // A parameter named like its own layer cannot be a dependency (a layer never depends on
        // itself), so it is a run input; offering to add a self-dependency would be wrong.
        if (draft.IndexByName.TryGetValue(parameter.Name, out int source) && source != index)
        {
            if (!layer.Dependencies.Contains(source))
            {
                draft.Problems.Add(new GraphProblem(
                    GraphProblemKind.ParameterNotInDependsOn,
                    ParameterLocation(parameter, method),
                    method.Name,
                    parameter.Name,
                    draft.Names[source])
                {
                    Properties = ImmutableDictionary<string, string?>.Empty.Add("Dependency", draft.Names[source]),
                });
                return s_unbound;
            }

            return BindDependency(draft, parameter, method, source);
        }

        if (parameter.Name == "cancellationToken")
        {
            draft.Report(
                GraphProblemKind.ReservedName,
                ParameterLocation(parameter, method),
                parameter.Name,
                "RunAsync already has a parameter of that name; name the input differently or make it a CancellationToken");
            return s_unbound;
        }

        CheckMisspeltDependency(draft, layer, parameter);
        return inputs.Bind(draft, parameter, method);
    }

    /// <summary>
    /// GEX019: a would-be input one edit away from a dependency that no parameter takes is almost always a typo
    /// (<c>profil</c> for <c>Profile</c>) that would make the caller pass a value the dependency should provide.
    /// </summary>
    private static void CheckMisspeltDependency(GraphDraft draft, LayerDraft layer, IParameterSymbol parameter)
    {
        // A parameter the parser could not name (half-typed code) has an empty name: the compiler reports it.
        if (parameter.Name.Length == 0)
        {
            return;
        }

        foreach (int dependency in layer.Dependencies)
        {
            string name = draft.Names[dependency];
            if (GraphAlgorithms.EditDistance(parameter.Name, name) != 1 ||
                layer.Method.Parameters.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            // Keep the parameter's own casing convention: "profil" becomes "profile", "Profil" becomes "Profile".
            string rename = char.IsLower(parameter.Name[0]) ? char.ToLowerInvariant(name[0]) + name.Substring(1) : name;
            draft.Problems.Add(new GraphProblem(
                GraphProblemKind.MisspeltDependencyParameter,
                ParameterLocation(parameter, layer.Method),
                layer.Name,
                parameter.Name,
                name)
            {
                Properties = ImmutableDictionary<string, string?>.Empty.Add("Rename", rename),
            });
            return;
        }
    }

    private static ArgumentModel BindDependency(GraphDraft draft, IParameterSymbol parameter, IMethodSymbol method, int source)
    {
        if (MatchDependency(draft, parameter.Type, source) is { } bound)
        {
            return bound;
        }

        string sourceName = draft.Names[source];
        if (draft.Layers[source].ValueType is not { } valueType)
        {
            draft.Report(GraphProblemKind.ValueFromVoidLayer, ParameterLocation(parameter, method), method.Name, parameter.Name, sourceName);
            return s_unbound;
        }

        draft.Report(
            GraphProblemKind.DependencyTypeMismatch,
            ParameterLocation(parameter, method),
            method.Name,
            parameter.Name,
            sourceName,
            ExpectedDependencyTypes(valueType));
        return s_unbound;
    }

    /// <summary>
    /// How a parameter of type <paramref name="type"/> takes the output of layer <paramref name="source"/>: its value
    /// (<c>T</c>), its <c>LayerResult&lt;T&gt;</c> or its status (<c>LayerResult</c>); <see langword="null"/> when the type fits none.
    /// </summary>
    public static ArgumentModel? MatchDependency(GraphDraft draft, ITypeSymbol type, int source)
    {
        GraphSymbols symbols = draft.Symbols;
        ITypeSymbol? valueType = draft.Layers[source].ValueType;
        if (Is(type, symbols.LayerResult))
        {
            return new ArgumentModel(ArgumentKind.DependencyStatus, source);
        }

        if (valueType is null)
        {
            return null;
        }

        bool isResultOfT = type is INamedTypeSymbol { IsGenericType: true } named && Is(named.OriginalDefinition, symbols.LayerResultOfT);
        if (isResultOfT && SymbolEqualityComparer.Default.Equals(((INamedTypeSymbol)type).TypeArguments[0], valueType))
        {
            return new ArgumentModel(ArgumentKind.DependencyResult, source);
        }

        if (!isResultOfT && SymbolEqualityComparer.Default.Equals(type, valueType))
        {
            return new ArgumentModel(ArgumentKind.DependencyValue, source);
        }

        return null;
    }

    /// <summary>"'T' or 'LayerResult&lt;T&gt;'", for the messages.</summary>
    public static string ExpectedDependencyTypes(ITypeSymbol valueType)
    {
        string value = valueType.ToDisplayString();
        return $"'{value}' or 'LayerResult<{value}>'";
    }
}
