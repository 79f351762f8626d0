using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Gen.Exec.CodeFixes;

/// <summary>
/// GEX005 and GEX006: removes a self-dependency or a repeated dependency from [DependsOn], and the whole
/// attribute if nothing is left in it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveDependencyCodeFixProvider)), Shared]
public sealed class RemoveDependencyCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("GEX005", "GEX006");

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not { } node)
        {
            return;
        }

        SyntaxNode? updated = node switch
        {
            AttributeArgumentSyntax argument => RemoveArgument(root, argument),
            ExpressionSyntax { Parent: AttributeArgumentSyntax argument } => RemoveArgument(root, argument),
            ExpressionSyntax { Parent: InitializerExpressionSyntax initializer } element =>
                root.ReplaceNode(initializer, initializer.WithExpressions(GraphSyntax.RemoveKeepingTrailingTrivia(initializer.Expressions, element))),
            _ => null,
        };
        if (updated is null)
        {
            return;
        }

        Diagnostic diagnostic = context.Diagnostics[0];
        string title = diagnostic.Id == "GEX005" ? "Remove the self-dependency" : "Remove the duplicate dependency";
        context.RegisterCodeFix(
            CodeAction.Create(title, _ => Task.FromResult(context.Document.WithSyntaxRoot(updated)), diagnostic.Id + ".RemoveDependency"),
            diagnostic);
    }

    private static SyntaxNode? RemoveArgument(SyntaxNode root, AttributeArgumentSyntax argument)
    {
        if (argument.Parent is not AttributeArgumentListSyntax { Parent: AttributeSyntax { Parent: AttributeListSyntax list } attribute } arguments)
        {
            return null;
        }

        if (arguments.Arguments.Count > 1)
        {
            return root.ReplaceNode(arguments, arguments.WithArguments(GraphSyntax.RemoveKeepingTrailingTrivia(arguments.Arguments, argument)));
        }

        // The attribute held only the duplicate: drop the attribute, and its list when it was alone there.
        if (list.Attributes.Count > 1)
        {
            return root.ReplaceNode(list, list.WithAttributes(list.Attributes.Remove(attribute)));
        }

        return root.RemoveNode(list, SyntaxRemoveOptions.KeepNoTrivia);
    }
}
