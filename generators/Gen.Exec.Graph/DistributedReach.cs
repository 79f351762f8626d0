using Microsoft.CodeAnalysis;

namespace Gen.Exec.Graph;

/// <summary>
/// Whether a worker can run a graph's [Distributed] layers: the generated invoker registers itself from a module
/// initializer, which must be reachable from the whole assembly, and names the graph by one closed type. So the
/// graph, its containing types and its generated types must be at least internal, and none of them generic.
/// Otherwise the analyzers report GEX036 and the layers run in process.
/// </summary>
internal static class DistributedReach
{
    /// <summary>Whether <paramref name="graph"/>, whose generated types have <paramref name="generatedAccessibility"/>, can be reached.</summary>
    public static bool Reachable(INamedTypeSymbol graph, string generatedAccessibility)
    {
        if (generatedAccessibility is not ("public" or "internal" or "protected internal"))
        {
            return false;
        }

        for (INamedTypeSymbol? current = graph; current is not null; current = current.ContainingType)
        {
            if (current.Arity > 0 || current.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                return false;
            }
        }

        return true;
    }
}
