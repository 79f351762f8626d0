using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Gen.Exec.CodeFixes;

/// <summary>Syntax helpers shared by the Gen.Exec code fixes.</summary>
internal static class GraphSyntax
{
    /// <summary>The attribute named <paramref name="shortName"/> (with or without the Attribute suffix, qualified or not).</summary>
    public static AttributeSyntax? FindAttribute(MemberDeclarationSyntax member, string shortName)
    {
        foreach (AttributeListSyntax list in member.AttributeLists)
        {
            foreach (AttributeSyntax attribute in list.Attributes)
            {
                string name = RightmostName(attribute.Name);
                if (name == shortName || name == shortName + "Attribute")
                {
                    return attribute;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A Gen.Exec attribute name written the way the user wrote <paramref name="model"/> (e.g. <c>Layer</c>
    /// or <c>Gen.Exec.Layer</c>), so that the new attribute resolves wherever the existing one does.
    /// </summary>
    public static NameSyntax NameLike(NameSyntax? model, string shortName) => model switch
    {
        QualifiedNameSyntax qualified => SyntaxFactory.QualifiedName(qualified.Left.WithoutTrivia(), SyntaxFactory.IdentifierName(shortName)),
        AliasQualifiedNameSyntax alias => SyntaxFactory.AliasQualifiedName(alias.Alias.WithoutTrivia(), SyntaxFactory.IdentifierName(shortName)),
        _ => SyntaxFactory.IdentifierName(shortName),
    };

    /// <summary><c>nameof(name)</c>.</summary>
    public static ExpressionSyntax NameOf(string name)
        => SyntaxFactory.InvocationExpression(
            SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(
                SyntaxFactory.TriviaList(), SyntaxKind.NameOfKeyword, "nameof", "nameof", SyntaxFactory.TriviaList())),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(name)))));

    /// <summary>Adds <paramref name="attribute"/> to the method's attribute list holding [Layer], right after it.</summary>
    public static MethodDeclarationSyntax AddNextToLayer(MethodDeclarationSyntax method, AttributeSyntax layer, AttributeSyntax attribute)
    {
        var list = (AttributeListSyntax)layer.Parent!;
        int index = list.Attributes.IndexOf(layer);
        return method.ReplaceNode(list, list.WithAttributes(InsertWithCommaSpace(list.Attributes, index + 1, attribute)));
    }

    /// <summary>Inserts <paramref name="node"/> at <paramref name="index"/>, separated by ", " and keeping the existing separators.</summary>
    public static SeparatedSyntaxList<T> InsertWithCommaSpace<T>(SeparatedSyntaxList<T> list, int index, T node)
        where T : SyntaxNode
    {
        var nodes = new System.Collections.Generic.List<T>(list);
        var separators = new System.Collections.Generic.List<SyntaxToken>(list.GetSeparators());
        nodes.Insert(index, node);
        if (nodes.Count > 1)
        {
            separators.Insert(System.Math.Min(index, separators.Count), CommaSpace);
        }

        if (index == list.Count && list.Count > 0)
        {
            // Appending: the node that was last keeps its trailing trivia after the new node.
            T last = nodes[index - 1];
            nodes[index - 1] = last.WithoutTrailingTrivia();
            nodes[index] = node.WithTrailingTrivia(last.GetTrailingTrivia());
        }

        return SyntaxFactory.SeparatedList(nodes, separators);
    }

    /// <summary>Removes <paramref name="node"/>; its trailing trivia (e.g. the space before a closing brace) stays.</summary>
    public static SeparatedSyntaxList<T> RemoveKeepingTrailingTrivia<T>(SeparatedSyntaxList<T> list, T node)
        where T : SyntaxNode
    {
        int index = list.IndexOf(node);
        SeparatedSyntaxList<T> removed = list.RemoveAt(index);
        if (index > 0 && index == list.Count - 1)
        {
            T previous = removed[index - 1];
            removed = removed.Replace(previous, previous.WithTrailingTrivia(node.GetTrailingTrivia()));
        }

        return removed;
    }

    /// <summary>A comma followed by one space, as in <c>[Layer, Timeout(1000)]</c>.</summary>
    public static SyntaxToken CommaSpace => SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.CommaToken, SyntaxFactory.TriviaList(SyntaxFactory.Space));

    /// <summary>The line break the document already uses.</summary>
    public static SyntaxTrivia EndOfLine(SyntaxNode root)
    {
        foreach (SyntaxTrivia trivia in root.DescendantTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return trivia;
            }
        }

        return SyntaxFactory.LineFeed;
    }

    private static string RightmostName(NameSyntax name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => string.Empty,
    };
}
