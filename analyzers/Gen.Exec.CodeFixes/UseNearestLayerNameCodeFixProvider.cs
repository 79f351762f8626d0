using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Gen.Exec.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Gen.Exec.CodeFixes;

/// <summary>GEX003: replaces an unknown dependency with <c>nameof(</c>the nearest layer name<c>)</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseNearestLayerNameCodeFixProvider)), Shared]
public sealed class UseNearestLayerNameCodeFixProvider : CodeFixProvider
{
    internal const string EquivalenceKey = "GEX003.UseNearestLayerName";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("GEX003");

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        Diagnostic diagnostic = context.Diagnostics[0];
        if (!diagnostic.Properties.TryGetValue(GraphDiagnostics.SuggestionProperty, out string? suggestion) || suggestion is null)
        {
            return;
        }

        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SyntaxNode? node = root?.FindNode(context.Span, getInnermostNodeForTie: true);
        ExpressionSyntax? expression = node switch
        {
            AttributeArgumentSyntax argument => argument.Expression,
            ExpressionSyntax found => found,
            _ => null,
        };
        if (root is null || expression is null)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                $"Did you mean '{suggestion}'? Use nameof({suggestion})",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(
                    root.ReplaceNode(expression, GraphSyntax.NameOf(suggestion).WithTriviaFrom(expression)))),
                EquivalenceKey),
            diagnostic);
    }
}
