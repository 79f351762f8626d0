using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Gen.Exec.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Gen.Exec.CodeFixes;

/// <summary>
/// GEX022 and GEX025 when no member has the name: adds the method after the layer, with no parameters (the user adds
/// those it needs): a condition <c>private bool Name() =&gt; true;</c>, a fallback returning the layer's value type,
/// <c>private T Name() =&gt; default!;</c> (or an empty void method for a layer without a value).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddControlMethodCodeFixProvider)), Shared]
public sealed class AddControlMethodCodeFixProvider : CodeFixProvider
{
    internal const string ConditionEquivalenceKey = "GEX022.AddCondition";
    internal const string FallbackEquivalenceKey = "GEX025.AddFallback";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("GEX022", "GEX025");

    // Two layers may name the same missing method; fixing them all at once would declare it twice.
    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        Diagnostic diagnostic = context.Diagnostics[0];
        if (!diagnostic.Properties.TryGetValue(GraphDiagnostics.StubProperty, out string? name) || name is null)
        {
            return;
        }

        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(context.Span.Start).Parent?.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } layer ||
            layer.Parent is not TypeDeclarationSyntax)
        {
            return;
        }

        bool isCondition = diagnostic.Id == "GEX022";
        SyntaxTrivia endOfLine = GraphSyntax.EndOfLine(root);
        MethodDeclarationSyntax stub = isCondition ? ConditionStub(name, layer, endOfLine) : FallbackStub(name, layer, endOfLine);
        context.RegisterCodeFix(
            CodeAction.Create(
                isCondition ? $"Add condition method '{name}'" : $"Add fallback method '{name}'",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.InsertNodesAfter(layer, new[] { stub }))),
                isCondition ? ConditionEquivalenceKey : FallbackEquivalenceKey),
            diagnostic);
    }

    private static MethodDeclarationSyntax ConditionStub(string name, MethodDeclarationSyntax layer, SyntaxTrivia endOfLine)
        => Stub(name, layer, SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.BoolKeyword)), SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression), endOfLine);

    private static MethodDeclarationSyntax FallbackStub(string name, MethodDeclarationSyntax layer, SyntaxTrivia endOfLine)
    {
        TypeSyntax? value = ValueType(layer.ReturnType);
        return value is null
            ? Stub(name, layer, SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.VoidKeyword)), null, endOfLine)
            : Stub(name, layer, value.WithoutTrivia(), SyntaxFactory.PostfixUnaryExpression(
                SyntaxKind.SuppressNullableWarningExpression, SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression)), endOfLine);
    }

    /// <summary>The layer's value type: T of T, Task&lt;T&gt; or ValueTask&lt;T&gt;; <see langword="null"/> for void, Task and ValueTask.</summary>
    private static TypeSyntax? ValueType(TypeSyntax returnType)
    {
        SimpleNameSyntax? name = returnType switch
        {
            QualifiedNameSyntax qualified => qualified.Right,
            AliasQualifiedNameSyntax alias => alias.Name,
            SimpleNameSyntax simple => simple,
            _ => null,
        };
        bool isTask = name?.Identifier.ValueText is "Task" or "ValueTask";
        if (isTask && name is GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } generic)
        {
            return generic.TypeArgumentList.Arguments[0];
        }

        return isTask || returnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword } ? null : returnType;
    }

    private static MethodDeclarationSyntax Stub(string name, MethodDeclarationSyntax layer, TypeSyntax returnType, ExpressionSyntax? body, SyntaxTrivia endOfLine)
    {
        SyntaxTokenList modifiers = SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PrivateKeyword));
        if (layer.Modifiers.Any(SyntaxKind.StaticKeyword))
        {
            modifiers = modifiers.Add(SyntaxFactory.Token(SyntaxKind.StaticKeyword));
        }

        MethodDeclarationSyntax method = SyntaxFactory.MethodDeclaration(returnType, SyntaxFactory.Identifier(name))
            .WithModifiers(modifiers)
            .WithParameterList(SyntaxFactory.ParameterList());
        method = body is null
            ? method.WithBody(SyntaxFactory.Block())
            : method.WithExpressionBody(SyntaxFactory.ArrowExpressionClause(body)).WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken));
        // A blank line between the layer and the new method; the formatter indents it.
        return method.WithLeadingTrivia(endOfLine).WithTrailingTrivia(endOfLine).WithAdditionalAnnotations(Formatter.Annotation);
    }
}
