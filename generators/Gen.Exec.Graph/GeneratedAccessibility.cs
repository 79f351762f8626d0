using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Gen.Exec.Graph;

/// <summary>
/// Chooses the accessibility of the generated <c>Executor</c> and <c>Results</c>. They are public, as the
/// contract says, unless a layer's signature uses a type less accessible than the graph (a private nested
/// record, say): then public members would not compile (CS0050/CS0053), so the generated types take that
/// type's accessibility instead.
/// </summary>
internal static class GeneratedAccessibility
{
    /// <summary>The keyword ("public", "internal", ...) for the generated types of <paramref name="graph"/>.</summary>
    public static string For(INamedTypeSymbol graph, IEnumerable<IMethodSymbol> layers)
    {
        Accessibility lowest = Accessibility.Public;
        foreach (IMethodSymbol method in layers)
        {
            lowest = Lower(lowest, Effective(method.ReturnType));
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                lowest = Lower(lowest, Effective(parameter.Type));
            }
        }

        return Rank(lowest) >= Rank(Effective(graph)) ? "public" : Keyword(lowest);
    }

    private static Accessibility Effective(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return Effective(array.ElementType);
            case INamedTypeSymbol named:
                Accessibility result = Accessibility.Public;
                for (INamedTypeSymbol? current = named; current is not null; current = current.ContainingType)
                {
                    result = Lower(result, current.DeclaredAccessibility);
                }

                foreach (ITypeSymbol argument in named.TypeArguments)
                {
                    result = Lower(result, Effective(argument));
                }

                return result;
            default:
                return Accessibility.Public;
        }
    }

    private static Accessibility Lower(Accessibility a, Accessibility b)
    {
        if ((a == Accessibility.Protected && b == Accessibility.Internal) || (a == Accessibility.Internal && b == Accessibility.Protected))
        {
            return Accessibility.ProtectedAndInternal;
        }

        return Rank(a) <= Rank(b) ? a : b;
    }

    private static int Rank(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Private => 0,
        Accessibility.ProtectedAndInternal => 1,
        Accessibility.Protected or Accessibility.Internal => 2,
        Accessibility.ProtectedOrInternal => 3,
        _ => 4,
    };

    private static string Keyword(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Private => "private",
        Accessibility.ProtectedAndInternal => "private protected",
        Accessibility.Protected => "protected",
        Accessibility.Internal => "internal",
        Accessibility.ProtectedOrInternal => "protected internal",
        _ => "public",
    };
}
