using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Gen.Exec.CodeFixes;

/// <summary>GEX021: names every positional run-input argument of a RunAsync call (<c>query: q, k: 5</c>).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NameRunInputsCodeFixProvider)), Shared]
public sealed class NameRunInputsCodeFixProvider : CodeFixProvider
{
    internal const string EquivalenceKey = "GEX021.NameRunInputs";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("GEX021");

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        Diagnostic diagnostic = context.Diagnostics[0];
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span) is not ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } list ||
            model?.GetOperation(invocation, context.CancellationToken) is not IInvocationOperation operation)
        {
            return;
        }

        // Name each positional argument after its parameter; the token and options keep their position, which
        // stays valid (C# 7.2 and later) because every named argument is in its own position.
        var named = new Dictionary<ArgumentSyntax, ArgumentSyntax>();
        foreach (IArgumentOperation argument in operation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.Explicit && argument.Parameter is { } parameter &&
                argument.Syntax is ArgumentSyntax { NameColon: null } syntax &&
                parameter.Type.ToDisplayString() is not ("System.Threading.CancellationToken" or "Gen.Exec.RunOptions" or "Gen.Exec.RunOptions?"))
            {
                named[syntax] = syntax.WithNameColon(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(Identifier(parameter.Name))))
                    .WithTriviaFrom(syntax);
            }
        }

        if (named.Count == 0)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Name the run-input arguments",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNodes(named.Keys, (original, _) => named[original]))),
                EquivalenceKey),
            diagnostic);
    }

    private static string Identifier(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
