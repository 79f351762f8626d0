using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static Gen.Exec.Graph.SymbolFacts;

namespace Gen.Exec.Graph;

/// <summary>
/// Step 5b: finds each layer's [When] predicate and [Fallback] method and binds their parameters like the layer's:
/// run inputs by name, the layer's own dependencies as <c>T</c>, <c>LayerResult&lt;T&gt;</c> or <c>LayerResult</c>;
/// a fallback also takes the token and one exception (GEX022 to GEX028).
/// </summary>
internal static class ControlBinder
{
    /// <summary>The diagnostic property saying that a stub method of the named name can be added (no member has it).</summary>
    public const string StubProperty = "Stub";

    public static void Bind(GraphDraft draft, RunInputs inputs)
    {
        for (int index = 0; index < draft.Layers.Count; index++)
        {
            LayerDraft layer = draft.Layers[index];
            if (layer.WhenAttribute is { } when && Resolve(draft, when, layer, GraphProblemKind.ConditionNotFound) is { } predicate)
            {
                layer.Condition = BindCondition(draft, layer, index, when, predicate, inputs);
            }

            if (layer.FallbackAttribute is { } fallback && Resolve(draft, fallback, layer, GraphProblemKind.FallbackNotFound) is { } method)
            {
                layer.Fallback = BindFallback(draft, layer, index, fallback, method, inputs);
            }
        }
    }

    /// <summary>The one ordinary, non-generic method of the graph type that the attribute names; reports GEX022/GEX025 otherwise.</summary>
    private static IMethodSymbol? Resolve(GraphDraft draft, AttributeData attribute, LayerDraft layer, GraphProblemKind notFound)
    {
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Kind == TypedConstantKind.Error)
        {
            // Half-typed or unbound (nameof of a missing symbol): the compiler reports it.
            draft.CompilerErrors = true;
            return null;
        }

        string? name = attribute.ConstructorArguments[0].Value as string;
        Location location = ConstructorArgumentLocation(attribute, 0, layer.Method, draft.CancellationToken);
        ImmutableArray<ISymbol> members = name is null ? ImmutableArray<ISymbol>.Empty : draft.Type.GetMembers(name);
        IMethodSymbol[] methods = members.OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary).ToArray();
        string? reason = methods.Length switch
        {
            0 => $"which is not a method of '{draft.Type.Name}'",
            1 when methods[0].IsGenericMethod => "which is a generic method",
            1 => null,
            _ => $"which has {methods.Length} overloads; name a method that has one",
        };
        if (reason is null)
        {
            return methods[0];
        }

        var properties = ImmutableDictionary<string, string?>.Empty;
        if (members.IsEmpty && name is not null && SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None)
        {
            properties = properties.Add(StubProperty, name);
        }

        draft.Problems.Add(new GraphProblem(notFound, location, layer.Name, name ?? "null", reason) { Properties = properties });
        return null;
    }

    private static ConditionModel BindCondition(GraphDraft draft, LayerDraft layer, int index, AttributeData attribute, IMethodSymbol predicate, RunInputs inputs)
    {
        draft.CompilerErrors |= ContainsErrorType(predicate.ReturnType);
        if (predicate.ReturnType.SpecialType != SpecialType.System_Boolean || predicate.ReturnsByRef || predicate.ReturnsByRefReadonly)
        {
            draft.Problems.Add(new GraphProblem(
                GraphProblemKind.ConditionNotBool,
                ConstructorArgumentLocation(attribute, 0, layer.Method, draft.CancellationToken),
                predicate.Name,
                layer.Name,
                predicate.ReturnType.ToDisplayString())
            {
                AdditionalLocations = new[] { NameLocation(predicate) },
            });
        }

        string use = $"condition '{predicate.Name}' of layer '{layer.Name}'";
        var arguments = new ArgumentModel[predicate.Parameters.Length];
        for (int p = 0; p < arguments.Length; p++)
        {
            IParameterSymbol parameter = predicate.Parameters[p];
            string? reason = Is(parameter.Type, draft.Symbols.CancellationToken)
                ? "a condition takes no CancellationToken; it decides from the inputs and the dependencies' results"
                : null;
            ArgumentModel? bound = reason is null ? BindShared(draft, layer, index, predicate, parameter, inputs, use, out reason) : null;
            if (bound is null && reason is not null)
            {
                draft.Report(GraphProblemKind.ConditionParameterUnbound, ParameterLocation(parameter, predicate), predicate.Name, parameter.Name, layer.Name, reason);
            }

            arguments[p] = bound ?? new ArgumentModel(ArgumentKind.Input, -1);
        }

        return new ConditionModel(predicate.Name, predicate.IsStatic, new EquatableArray<ArgumentModel>(arguments));
    }

    private static FallbackModel BindFallback(GraphDraft draft, LayerDraft layer, int index, AttributeData attribute, IMethodSymbol fallback, RunInputs inputs)
    {
        ReturnKind returnKind = CheckFallbackReturn(draft, layer, attribute, fallback);
        string use = $"fallback '{fallback.Name}' of layer '{layer.Name}'";
        var arguments = new ArgumentModel[fallback.Parameters.Length];
        IParameterSymbol? error = null;
        for (int p = 0; p < arguments.Length; p++)
        {
            IParameterSymbol parameter = fallback.Parameters[p];
            ArgumentModel? bound;
            string? reason = null;
            if (Is(parameter.Type, draft.Symbols.CancellationToken))
            {
                bound = new ArgumentModel(ArgumentKind.CancellationToken, -1);
            }
            else if (!IsDependencyName(draft, layer, index, parameter) && parameter.RefKind == RefKind.None && IsException(parameter.Type, draft.Symbols.Exception))
            {
                bound = new ArgumentModel(ArgumentKind.Error, -1, parameter.Type.ToDisplayString(ModelFactory.TypeFormat));
                if (error is not null)
                {
                    draft.Report(GraphProblemKind.FallbackTwoExceptions, ParameterLocation(parameter, fallback), fallback.Name, layer.Name, error.Name, parameter.Name);
                    bound = null;
                }

                error ??= parameter;
            }
            else
            {
                bound = BindShared(draft, layer, index, fallback, parameter, inputs, use, out reason);
            }

            if (bound is null && reason is not null)
            {
                draft.Report(GraphProblemKind.FallbackParameterUnbound, ParameterLocation(parameter, fallback), fallback.Name, parameter.Name, layer.Name, reason);
            }

            arguments[p] = bound ?? new ArgumentModel(ArgumentKind.Input, -1);
        }

        return new FallbackModel(fallback.Name, fallback.IsStatic, returnKind, new EquatableArray<ArgumentModel>(arguments));
    }

    /// <summary>GEX026 unless the fallback returns the layer's value type (T, Task&lt;T&gt;, ValueTask&lt;T&gt;; or void, Task, ValueTask).</summary>
    private static ReturnKind CheckFallbackReturn(GraphDraft draft, LayerDraft layer, AttributeData attribute, IMethodSymbol fallback)
    {
        GraphSymbols symbols = draft.Symbols;
        ITypeSymbol returnType = fallback.ReturnType;
        draft.CompilerErrors |= ContainsErrorType(returnType);
        ITypeSymbol? valueType = layer.ValueType;
        ReturnKind? kind = null;
        if (fallback.ReturnsByRef || fallback.ReturnsByRefReadonly || (fallback.ReturnsVoid && fallback.IsAsync))
        {
            kind = null;
        }
        else if (valueType is null)
        {
            kind = fallback.ReturnsVoid ? ReturnKind.Void : Is(returnType, symbols.Task) ? ReturnKind.Task : Is(returnType, symbols.ValueTask) ? ReturnKind.ValueTask : null;
        }
        else if (SymbolEqualityComparer.Default.Equals(returnType, valueType))
        {
            kind = ReturnKind.Value;
        }
        else if (returnType is INamedTypeSymbol { IsGenericType: true } named && SymbolEqualityComparer.Default.Equals(named.TypeArguments[0], valueType))
        {
            kind = Is(named.OriginalDefinition, symbols.TaskOfT) ? ReturnKind.TaskOfT : Is(named.OriginalDefinition, symbols.ValueTaskOfT) ? ReturnKind.ValueTaskOfT : null;
        }

        if (kind is { } found)
        {
            return found;
        }

        string expected = valueType is null
            ? "void, 'Task' or 'ValueTask', as the layer returns no value"
            : $"'{valueType.ToDisplayString()}', 'Task<{valueType.ToDisplayString()}>' or 'ValueTask<{valueType.ToDisplayString()}>'";
        string actual = fallback.ReturnsVoid && fallback.IsAsync ? "async void" : returnType.ToDisplayString();
        draft.Problems.Add(new GraphProblem(
            GraphProblemKind.FallbackWrongReturn,
            ConstructorArgumentLocation(attribute, 0, layer.Method, draft.CancellationToken),
            fallback.Name,
            layer.Name,
            actual,
            expected)
        {
            AdditionalLocations = new[] { NameLocation(fallback) },
        });
        return ReturnKind.Void;
    }

    private static bool IsDependencyName(GraphDraft draft, LayerDraft layer, int index, IParameterSymbol parameter)
        => draft.IndexByName.TryGetValue(parameter.Name, out int source) && source != index && layer.Dependencies.Contains(source);

    /// <summary>
    /// What conditions and fallbacks bind alike: a dependency of the layer by name, or a run input. <see langword="null"/>
    /// with <paramref name="reason"/> when the parameter binds to nothing (or with no reason when the compiler reports it).
    /// </summary>
    private static ArgumentModel? BindShared(
        GraphDraft draft, LayerDraft layer, int index, IMethodSymbol method, IParameterSymbol parameter, RunInputs inputs, string use, out string? reason)
    {
        reason = null;
        ITypeSymbol type = parameter.Type;
        if (ContainsErrorType(type) || parameter.Name.Length == 0)
        {
            draft.CompilerErrors = true;
            return null;
        }

        if (parameter.RefKind != RefKind.None)
        {
            reason = $"it is passed by reference ({parameter.RefKind.ToString().ToLowerInvariant()})";
            return null;
        }

        if (type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer || type.IsRefLikeType)
        {
            reason = $"its type '{type.ToDisplayString()}' cannot be stored across awaits";
            return null;
        }

        // Named like another layer: a dependency of this layer, or nothing. Named like the layer itself: an input, as for layers.
        if (draft.IndexByName.TryGetValue(parameter.Name, out int source) && source != index)
        {
            if (!layer.Dependencies.Contains(source))
            {
                reason = $"it is named like layer '{draft.Names[source]}', which '{layer.Name}' does not list in [DependsOn]";
                return null;
            }

            if (ParameterBinder.MatchDependency(draft, type, source) is { } dependency)
            {
                return dependency;
            }

            reason = draft.Layers[source].ValueType is { } valueType
                ? $"it receives the output of '{draft.Names[source]}', so its type must be {ParameterBinder.ExpectedDependencyTypes(valueType)}"
                : $"'{draft.Names[source]}' returns no value; take 'LayerResult' to see its status";
            return null;
        }

        if (parameter.Name == "cancellationToken")
        {
            reason = "RunAsync already has a parameter named 'cancellationToken'; name the input differently";
            return null;
        }

        return inputs.BindForControl(draft, parameter, method, layer.Name, use, out reason);
    }
}
