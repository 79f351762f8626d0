using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Gen.Exec.CodeFixes;

/// <summary>GEX002: adds <c>[Timeout(1000)]</c> to the layer, or a class-level default to its class.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddTimeoutCodeFixProvider)), Shared]
public sealed class AddTimeoutCodeFixProvider : CodeFixProvider
{
    /// <summary>The time-out the fixes add, in milliseconds: a starting point the user then tunes.</summary>
    public const int DefaultMilliseconds = 1000;

    internal const string LayerEquivalenceKey = "GEX002.AddLayerTimeout";
    internal const string ClassEquivalenceKey = "GEX002.AddClassTimeout";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("GEX002");

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(context.Span.Start).Parent?.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method ||
            GraphSyntax.FindAttribute(method, "Layer") is not { } layer)
        {
            return;
        }

        Diagnostic diagnostic = context.Diagnostics[0];
        context.RegisterCodeFix(
            CodeAction.Create(
                $"Add [Timeout({DefaultMilliseconds})] to layer '{method.Identifier.ValueText}'",
                cancellationToken => AddToLayerAsync(context.Document, root, method, layer),
                LayerEquivalenceKey),
            diagnostic);

        if (method.Parent is TypeDeclarationSyntax type)
        {
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Add a default [Timeout({DefaultMilliseconds})] to class '{type.Identifier.ValueText}'",
                    cancellationToken => AddToClassAsync(context.Document, root, type, layer),
                    ClassEquivalenceKey),
                diagnostic);
        }
    }

    private static Task<Document> AddToLayerAsync(Document document, SyntaxNode root, MethodDeclarationSyntax method, AttributeSyntax layer)
    {
        MethodDeclarationSyntax updated = GraphSyntax.AddNextToLayer(method, layer, TimeoutAttribute(layer));
        return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(method, updated)));
    }

    private static Task<Document> AddToClassAsync(Document document, SyntaxNode root, TypeDeclarationSyntax type, AttributeSyntax layer)
    {
        // The new list takes over the declaration's leading trivia (doc comments, indentation) and the
        // old first token keeps only the indentation, so the attribute lands on its own line above.
        SyntaxTriviaList leading = type.GetLeadingTrivia();
        SyntaxTriviaList indentation = leading.Count > 0 && leading.Last().IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading.Last())
            : SyntaxFactory.TriviaList();
        AttributeListSyntax list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(TimeoutAttribute(layer)))
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(GraphSyntax.EndOfLine(root));
        TypeDeclarationSyntax updated = type.WithLeadingTrivia(indentation);
        updated = updated.WithAttributeLists(updated.AttributeLists.Insert(0, list));
        return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(type, updated)));
    }

    private static AttributeSyntax TimeoutAttribute(AttributeSyntax layer)
        => SyntaxFactory.Attribute(
            GraphSyntax.NameLike(layer.Name, "Timeout"),
            SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.AttributeArgument(SyntaxFactory.LiteralExpression(
                    SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(DefaultMilliseconds))))));
}
