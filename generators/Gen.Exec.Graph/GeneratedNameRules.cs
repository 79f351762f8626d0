using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Gen.Exec.Graph.SymbolFacts;

namespace Gen.Exec.Graph;

/// <summary>
/// Step 3b (GEX017): the user's names in the graph's scope against the nested <c>Executor</c> and
/// <c>Results</c> the generator adds: the graph's own name, its type parameters, its members (declared or
/// inherited) and what a partial <c>Executor</c> or <c>Results</c> of the user's own declares. What passes
/// compiles; what does not is reported on the user's declaration instead of as a compiler error in generated code.
/// </summary>
internal static class GeneratedNameRules
{
    public static void Check(GraphDraft draft)
    {
        INamedTypeSymbol type = draft.Type;
        if (Array.IndexOf(GeneratedNames.NestedTypes, type.Name) >= 0)
        {
            Report(draft, NameLocation(type), type.Name, $"a graph class cannot be named like the '{type.Name}' class generated inside it");
        }

        foreach (ITypeParameterSymbol parameter in type.TypeParameters)
        {
            if (Array.IndexOf(GeneratedNames.NestedTypes, parameter.Name) >= 0)
            {
                Report(draft, NameLocation(parameter), parameter.Name, $"the graph's type parameter would clash with the generated nested class '{parameter.Name}'");
            }
        }

        foreach (string name in GeneratedNames.NestedTypes)
        {
            CheckDeclaredMembers(draft, name);
            CheckInheritedMembers(draft, name);
        }
    }

    private static void CheckDeclaredMembers(GraphDraft draft, string name)
    {
        foreach (ISymbol member in draft.Type.GetMembers(name))
        {
            if (member.IsImplicitlyDeclared || (member is IMethodSymbol method && draft.Layers.Any(l => SymbolEqualityComparer.Default.Equals(l.Method, method))))
            {
                // Layers with these names are reported by LayerNameRules.
                continue;
            }

            if (member is INamedTypeSymbol { Arity: 0 } nested)
            {
                CheckOwnPart(draft, nested);
            }
            else if (member is not INamedTypeSymbol)
            {
                Report(draft, NameLocation(member), name, $"Gen.Exec generates a nested class '{name}' in '{draft.Type.Name}'; rename this member");
            }
        }
    }

    private static void CheckInheritedMembers(GraphDraft draft, string name)
    {
        for (INamedTypeSymbol? baseType = draft.Type.BaseType; baseType is not null; baseType = baseType.BaseType)
        {
            foreach (ISymbol member in baseType.GetMembers(name))
            {
                if (member.DeclaredAccessibility != Accessibility.Private && !member.IsImplicitlyDeclared)
                {
                    Report(
                        draft,
                        NameLocation(draft.Type),
                        name,
                        $"'{draft.Type.Name}' inherits '{member.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)}', which the generated nested class '{name}' would hide");
                    return;
                }
            }
        }
    }

    /// <summary>
    /// A nested <c>Executor</c> or <c>Results</c> the user declared: allowed as a further part of the generated
    /// sealed partial class (to add members), as long as it declares nothing the generated part declares.
    /// </summary>
    private static void CheckOwnPart(GraphDraft draft, INamedTypeSymbol nested)
    {
        List<MemberDeclarationSyntax> userParts = nested.DeclaringSyntaxReferences
            .Select(r => r.GetSyntax(draft.CancellationToken))
            .OfType<MemberDeclarationSyntax>()
            .Where(d => !IsGeneratedPart(d))
            .ToList();
        if (userParts.Count == 0)
        {
            return;
        }

        string generatedAccessibility = GeneratedAccessibility.For(draft.Type, draft.Layers.Select(l => l.Method));
        foreach (MemberDeclarationSyntax part in userParts)
        {
            if (WhyNotAPart(part, nested.Name, generatedAccessibility) is { } reason)
            {
                Location location = part switch
                {
                    BaseTypeDeclarationSyntax type => type.Identifier.GetLocation(),
                    DelegateDeclarationSyntax @delegate => @delegate.Identifier.GetLocation(),
                    _ => part.GetLocation(),
                };
                Report(draft, location, nested.Name, reason);
                return;
            }
        }

        var trees = new HashSet<SyntaxTree>(userParts.Select(p => p.SyntaxTree));
        var spans = userParts.Select(p => p.Span).ToList();
        string[] reserved = nested.Name == GeneratedNames.Executor ? GeneratedNames.ExecutorMembers : GeneratedNames.ResultsMembers;
        foreach (ISymbol member in nested.GetMembers())
        {
            Location location = NameLocation(member);
            if (member.IsImplicitlyDeclared || location.SourceTree is null || !trees.Contains(location.SourceTree) || !spans.Any(s => s.Contains(location.SourceSpan)))
            {
                continue;
            }

            bool overload = member is IMethodSymbol && Array.IndexOf(GeneratedNames.OverloadableExecutorMethods, member.Name) >= 0 && nested.Name == GeneratedNames.Executor;
            bool clashes = Array.IndexOf(reserved, member.Name) >= 0 ||
                (nested.Name == GeneratedNames.Results && draft.Layers.Any(l => l.Name == member.Name));
            if (clashes && !overload && member is not IMethodSymbol { MethodKind: MethodKind.Constructor })
            {
                Report(draft, location, member.Name, $"the generated class '{nested.Name}' already has a member of that name");
            }
        }
    }

    private static string? WhyNotAPart(MemberDeclarationSyntax part, string name, string generatedAccessibility)
    {
        string what = $"Gen.Exec generates the sealed partial class '{name}'";
        if (part is not ClassDeclarationSyntax || !part.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return what + "; declare yours as 'partial class' to add members to it, or rename it";
        }

        if (part.Modifiers.Any(SyntaxKind.StaticKeyword) || part.Modifiers.Any(SyntaxKind.AbstractKeyword))
        {
            return what + "; a part of it cannot be static or abstract";
        }

        string accessibility = string.Join(" ", part.Modifiers.Where(m => SyntaxFacts.IsAccessibilityModifier(m.Kind())).Select(m => m.ValueText));
        if (accessibility.Length > 0 && accessibility != generatedAccessibility)
        {
            return what + $" as {generatedAccessibility}; leave the accessibility off your part or make it {generatedAccessibility}";
        }

        return null;
    }

    /// <summary>Whether a declaration is the generator's own (it carries the generator's [GeneratedCode]).</summary>
    private static bool IsGeneratedPart(MemberDeclarationSyntax declaration)
    {
        foreach (AttributeListSyntax list in declaration.AttributeLists)
        {
            foreach (AttributeSyntax attribute in list.Attributes)
            {
                if (attribute.Name.ToString().EndsWith("GeneratedCode", StringComparison.Ordinal) &&
                    attribute.ArgumentList?.Arguments.FirstOrDefault()?.Expression is LiteralExpressionSyntax literal &&
                    literal.Token.ValueText == "Gen.Exec.Generators")
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void Report(GraphDraft draft, Location location, string name, string reason)
        => draft.Report(GraphProblemKind.ReservedName, location, name, reason);
}
