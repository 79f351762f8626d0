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

    /// <summary>GEX016 for [DependsOn] or [Timeout] on a method without [Layer].</summary>
    private static void ReportStrayAttributes(GraphDraft draft, IMethodSymbol method)
    {
        foreach (AttributeData attribute in method.GetAttributes())
        {
            bool isDependsOn = Is(attribute.AttributeClass, draft.Symbols.DependsOn);
            if (isDependsOn || Is(attribute.AttributeClass, draft.Symbols.Timeout))
            {
                draft.Report(
                    GraphProblemKind.AttributeWithoutLayer,
                    AttributeLocation(attribute, method, draft.CancellationToken),
                    isDependsOn ? "DependsOn" : "Timeout",
                    method.Name);
            }
        }
    }
}
