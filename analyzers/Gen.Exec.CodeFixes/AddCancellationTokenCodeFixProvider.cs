using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace Gen.Exec.CodeFixes;

/// <summary>GEX015: adds a <c>CancellationToken cancellationToken</c> parameter so that the layer can stop at its time-out.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddCancellationTokenCodeFixProvider)), Shared]
public sealed class AddCancellationTokenCodeFixProvider : CodeFixProvider
{
    internal const string EquivalenceKey = "GEX015.AddCancellationToken";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("GEX015");

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(context.Span.Start).Parent?.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                $"Add a CancellationToken parameter to '{method.Identifier.ValueText}'",
                cancellationToken => AddParameterAsync(context.Document, root, method, cancellationToken),
                EquivalenceKey),
            context.Diagnostics[0]);
    }

    private static Task<Document> AddParameterAsync(Document document, SyntaxNode root, MethodDeclarationSyntax method, CancellationToken cancellationToken)
    {
        Document updated = document.WithSyntaxRoot(root.ReplaceNode(method, AddParameter(method)));
        return ImportAdder.AddImportsAsync(updated, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken);
    }

    private static MethodDeclarationSyntax AddParameter(MethodDeclarationSyntax method)
    {
        SeparatedSyntaxList<ParameterSyntax> parameters = method.ParameterList.Parameters;
        string name = parameters.Any(p => p.Identifier.ValueText == "cancellationToken") ? "layerCancellationToken" : "cancellationToken";

        // Written fully qualified and annotated: the code action's clean-up adds 'using System.Threading;'
        // when it is missing and reduces the name to 'CancellationToken'.
        TypeSyntax type = SyntaxFactory.ParseTypeName("global::System.Threading.CancellationToken")
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        ParameterSyntax parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(name))
            .WithType(type.WithTrailingTrivia(SyntaxFactory.Space));

        // A 'params' array stays last; after optional parameters the token must be optional too.
        int index = parameters.Count > 0 && parameters.Last().Modifiers.Any(SyntaxKind.ParamsKeyword) ? parameters.Count - 1 : parameters.Count;
        if (parameters.Take(index).Any(p => p.Default is not null))
        {
            parameter = parameter.WithDefault(SyntaxFactory.EqualsValueClause(
                SyntaxFactory.Token(SyntaxFactory.TriviaList(SyntaxFactory.Space), SyntaxKind.EqualsToken, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression)));
        }

        return method.WithParameterList(method.ParameterList.WithParameters(GraphSyntax.InsertWithCommaSpace(parameters, index, parameter)));
    }
}
