using Microsoft.CodeAnalysis;
using static Gen.Exec.Graph.SymbolFacts;

namespace Gen.Exec.Graph;

/// <summary>Step 1: finds the graph's layer methods, and flags graph attributes on methods that cannot be layers.</summary>
internal static class LayerCollector
{
    public static void Collect(GraphDraft draft)
    {
        foreach (ISymbol member in draft.Type.GetMembers())
        {
            if (member is not IMethodSymbol method)
            {
                continue;
            }

            AttributeData? layerAttribute = null;
            foreach (AttributeData attribute in method.GetAttributes())
            {
                if (Is(attribute.AttributeClass, draft.Symbols.Layer))
                {
                    layerAttribute = attribute;
                }
            }

            if (layerAttribute is null)
            {
                ReportStrayAttributes(draft, method);
            }
            else if (method.MethodKind == MethodKind.Ordinary)
            {
                draft.Layers.Add(new LayerDraft(method, layerAttribute));
            }
            else
            {
                // Accessors, operators, finalizers and explicit interface implementations have no name
                // that [DependsOn] or the generated code could use.
                draft.Report(
                    GraphProblemKind.UnsupportedSignature,
                    AttributeLocation(layerAttribute, method, draft.CancellationToken),
                    method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat),
                    $"only ordinary methods can be layers, not {DescribeMethodKind(method.MethodKind)}");
            }
        }
    }

    /// <summary>GEX016 for [DependsOn], [Timeout], [When], [Retry], [Fallback] or [Distributed] on a method without [Layer].</summary>
    private static void ReportStrayAttributes(GraphDraft draft, IMethodSymbol method)
    {
        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (LayerOnlyAttributeName(attribute.AttributeClass, draft.Symbols) is { } name)
            {
                draft.Report(
                    GraphProblemKind.AttributeWithoutLayer,
                    AttributeLocation(attribute, method, draft.CancellationToken),
                    name,
                    method.Name);
            }
        }
    }

    /// <summary>The short name of an attribute that only configures layers; <see langword="null"/> for any other attribute.</summary>
    public static string? LayerOnlyAttributeName(INamedTypeSymbol? attributeClass, GraphSymbols symbols)
    {
        if (Is(attributeClass, symbols.DependsOn)) return "DependsOn";
        if (Is(attributeClass, symbols.Timeout)) return "Timeout";
        if (Is(attributeClass, symbols.When)) return "When";
        if (Is(attributeClass, symbols.Retry)) return "Retry";
        if (Is(attributeClass, symbols.Fallback)) return "Fallback";
        if (Is(attributeClass, symbols.Distributed)) return "Distributed";
        return null;
    }
}
