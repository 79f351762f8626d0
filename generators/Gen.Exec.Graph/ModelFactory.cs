using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Gen.Exec.Graph;

/// <summary>Turns a valid graph's draft into the symbol-free, value-equatable model the generator emits from.</summary>
internal static class ModelFactory
{
    /// <summary>How types are written into generated code: fully qualified, with nullable annotations.</summary>
    public static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static GraphModel Create(GraphDraft draft, int[][] dependencies, PlanModel plan)
    {
        INamedTypeSymbol type = draft.Type;
        string accessibility = GeneratedAccessibility.For(type, draft.Layers.Select(l => l.Method));
        var layers = new LayerModel[draft.Layers.Count];
        for (int index = 0; index < layers.Length; index++)
        {
            LayerDraft layer = draft.Layers[index];
            // A layer that takes a LayerResult cannot send it (GEX035): like an unreachable graph's, it runs in process.
            bool distributed = layer.Distributed && DistributedReach.Reachable(type, accessibility)
                && layer.Arguments.All(a => a.Kind is not (ArgumentKind.DependencyResult or ArgumentKind.DependencyStatus));
            layers[index] = new LayerModel(
                layer.Name,
                layer.Timeout,
                layer.Critical,
                layer.Priority,
                layer.Method.IsStatic,
                layer.ReturnKind,
                layer.ValueType?.ToDisplayString(TypeFormat),
                new EquatableArray<int>(dependencies[index]),
                new EquatableArray<ArgumentModel>(layer.Arguments))
            {
                When = layer.Condition,
                Retry = layer.Retry,
                Fallback = layer.Fallback,
                Distributed = distributed,
            };
        }

        var containing = new List<TypeDeclaration>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containing.Insert(0, Declaration(outer));
        }

        return new GraphModel(
            HintName(type),
            type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
            containing.ToEquatableArray(),
            Declaration(type),
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            type.IsStatic,
            new EquatableArray<LayerModel>(layers),
            draft.Inputs.ToEquatableArray(),
            plan)
        {
            Accessibility = accessibility,
        };
    }

    private static TypeDeclaration Declaration(INamedTypeSymbol type)
    {
        string keyword = type.TypeKind switch
        {
            TypeKind.Struct => type.IsRecord ? "record struct" : "struct",
            TypeKind.Interface => "interface",
            _ => type.IsRecord ? "record" : "class",
        };
        string name = type.TypeParameters.Length == 0
            ? type.Name
            : type.Name + "<" + string.Join(", ", type.TypeParameters.Select(p => p.Name)) + ">";
        return new TypeDeclaration(keyword, name);
    }

    /// <summary>The generated file's name: namespace and containing types, with arity for generic ones.</summary>
    public static string HintName(INamedTypeSymbol type)
    {
        var parts = new List<string>();
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            parts.Insert(0, current.Arity == 0 ? current.Name : current.Name + "_" + current.Arity.ToString(CultureInfo.InvariantCulture));
        }

        if (!type.ContainingNamespace.IsGlobalNamespace)
        {
            parts.Insert(0, type.ContainingNamespace.ToDisplayString());
        }

        return string.Join(".", parts) + ".g.cs";
    }
}
