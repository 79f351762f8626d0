using System.Globalization;
using Microsoft.CodeAnalysis;
using static Gen.Exec.Graph.SymbolFacts;

namespace Gen.Exec.Graph;

/// <summary>Step 2: the graph type itself (a partial, non-file-local class) and its class-level attributes.</summary>
internal static class GraphTypeRules
{
    public static void Check(GraphDraft draft)
    {
        INamedTypeSymbol type = draft.Type;
        if (type.TypeKind != TypeKind.Class)
        {
            draft.Report(GraphProblemKind.UnsupportedGraphType, NameLocation(type), type.Name, "layers must be declared in a class");
        }
        else if (type.IsFileLocal)
        {
            // The generated part lives in another file, where a file-local type is out of reach.
            draft.Report(GraphProblemKind.UnsupportedGraphType, NameLocation(type), type.Name, "a file-local class cannot be extended by generated code in another file");
        }
        else if (FindNonPartialDeclaration(type, draft.CancellationToken) is { } nonPartial)
        {
            draft.Report(GraphProblemKind.NotPartial, nonPartial.Identifier.GetLocation(), type.Name);
        }

        // A non-partial containing type blocks generation too; it is reported by GraphBuilder.AnalyzeContainer,
        // when the container itself is analysed, so that the diagnostic is local to its declaration.
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            draft.CompilerErrors |= FindNonPartialDeclaration(outer, draft.CancellationToken) is not null;
        }

        ReadClassAttributes(draft);
    }

    private static void ReadClassAttributes(GraphDraft draft)
    {
        INamedTypeSymbol type = draft.Type;
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (Is(attribute.AttributeClass, draft.Symbols.Timeout))
            {
                draft.ClassTimeoutDeclared = true;
                draft.ClassTimeout = ReadInt(attribute, ref draft.CompilerErrors);
                CheckPositive(draft, attribute, type, draft.ClassTimeout, $"The class-level time-out of '{type.Name}'");
            }
            else if (Is(attribute.AttributeClass, draft.Symbols.LatencyBudget))
            {
                draft.BudgetAttribute = attribute;
                draft.LatencyBudget = ReadInt(attribute, ref draft.CompilerErrors);
                CheckPositive(draft, attribute, type, draft.LatencyBudget, $"The latency budget of '{type.Name}'");
            }
            else if (Is(attribute.AttributeClass, draft.Symbols.Retry))
            {
                draft.ClassRetry = RetrySettings.Read(draft, attribute, type, $"class '{type.Name}'");
            }
        }
    }

    /// <summary>GEX007 for a duration of zero or less.</summary>
    public static void CheckPositive(GraphDraft draft, AttributeData attribute, ISymbol owner, int? milliseconds, string what)
    {
        if (milliseconds <= 0)
        {
            draft.Report(
                GraphProblemKind.NonPositiveDuration,
                AttributeLocation(attribute, owner, draft.CancellationToken),
                what,
                milliseconds.Value.ToString(CultureInfo.InvariantCulture));
        }
    }
}
