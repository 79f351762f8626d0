using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Rename;

namespace Gen.Exec.CodeFixes;

/// <summary>GEX019: renames a misspelt parameter to the dependency it was meant to take (uses in the body follow).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RenameToDependencyCodeFixProvider)), Shared]
public sealed class RenameToDependencyCodeFixProvider : CodeFixProvider
{
    internal const string EquivalenceKey = "GEX019.RenameToDependency";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("GEX019");

    // A rename touches the whole solution, so it is offered one diagnostic at a time.
    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        Diagnostic diagnostic = context.Diagnostics[0];
        if (!diagnostic.Properties.TryGetValue(GraphDiagnostics.RenameProperty, out string? rename) || rename is null)
        {
            return;
        }

        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span) is not ParameterSyntax parameter ||
            model?.GetDeclaredSymbol(parameter, context.CancellationToken) is not IParameterSymbol symbol)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                $"Did you mean '{rename}'? Rename '{symbol.Name}' to '{rename}'",
                cancellationToken => RenameAsync(context.Document, symbol, rename, cancellationToken),
                EquivalenceKey),
            diagnostic);
    }

    private static async Task<Solution> RenameAsync(Document document, IParameterSymbol parameter, string name, CancellationToken cancellationToken)
        => await Renamer.RenameSymbolAsync(document.Project.Solution, parameter, new SymbolRenameOptions(), name, cancellationToken).ConfigureAwait(false);
}
