using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Gen.Exec.Graph.SymbolFacts;

namespace Gen.Exec.Graph;

/// <summary>Step 4b: resolves the names in a layer's [DependsOn] to layers, reporting unknown, self and repeated names.</summary>
internal static class DependencyResolver
{
    public static void Read(GraphDraft draft, AttributeData attribute, LayerDraft layer, int index)
    {
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Kind != TypedConstantKind.Array)
        {
            // The attribute did not bind (half-typed code); the compiler reports it.
            draft.CompilerErrors = true;
            return;
        }

        // [DependsOn(null)] passes a null array, which the attribute treats as no dependencies.
        if (attribute.ConstructorArguments[0].IsNull)
        {
            return;
        }

        IMethodSymbol method = layer.Method;
        ImmutableArray<TypedConstant> values = attribute.ConstructorArguments[0].Values;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i].Kind == TypedConstantKind.Error)
            {
                draft.CompilerErrors = true;
                continue;
            }

            string? name = values[i].Value as string;
            Location location = ArgumentLocation(attribute, i, method, draft.CancellationToken);
            if (name is null || !draft.IndexByName.TryGetValue(name, out int target) || !string.Equals(draft.Names[target], name, StringComparison.Ordinal))
            {
                ReportUnknown(draft, method, name, location);
                continue;
            }

            if (target == index)
            {
                draft.Report(GraphProblemKind.SelfDependency, location, method.Name);
                continue;
            }

            if (layer.Dependencies.Contains(target))
            {
                draft.Report(GraphProblemKind.DuplicateDependency, location, method.Name, name);
                continue;
            }

            layer.Dependencies.Add(target);
            layer.DependencyLocations.Add(location);
        }
    }

    /// <summary>GEX003, with the nearest layer name as a suggestion when one is close enough.</summary>
    private static void ReportUnknown(GraphDraft draft, IMethodSymbol method, string? name, Location location)
    {
        string? suggestion = name is null ? null : GraphAlgorithms.NearestName(name, draft.Names);
        var properties = ImmutableDictionary<string, string?>.Empty;
        if (suggestion is not null)
        {
            properties = properties.Add("Suggestion", suggestion);
        }

        draft.Problems.Add(new GraphProblem(GraphProblemKind.UnknownDependency, location, method.Name, name ?? "null") { Properties = properties });
    }

    /// <summary>The i-th name in [DependsOn(...)], written as separate arguments or as one array.</summary>
    private static Location ArgumentLocation(AttributeData attribute, int index, IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList: { } list } syntax)
        {
            SeparatedSyntaxList<AttributeArgumentSyntax> arguments = list.Arguments;
            if (arguments.Count == 1 && ArrayElements(arguments[0].Expression) is { } elements)
            {
                return index < elements.Count ? elements[index].GetLocation() : syntax.GetLocation();
            }

            return index < arguments.Count ? arguments[index].GetLocation() : syntax.GetLocation();
        }

        return NameLocation(method);
    }

    private static SeparatedSyntaxList<ExpressionSyntax>? ArrayElements(ExpressionSyntax expression) => expression switch
    {
        ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions,
        ImplicitArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions,
        _ => null,
    };
}
