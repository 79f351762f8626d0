using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Gen.Exec.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Gen.Exec.CodeFixes;

/// <summary>GEX012: adds the layer a parameter is named after to the layer's [DependsOn], as <c>nameof</c>.</summary>
/// <remarks>No fix-all: two parameters of one layer would both edit the same [DependsOn].</remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddDependencyCodeFixProvider)), Shared]
public sealed class AddDependencyCodeFixProvider : CodeFixProvider
{
    internal const string EquivalenceKey = "GEX012.AddDependency";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("GEX012");

    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        Diagnostic diagnostic = context.Diagnostics[0];
        if (!diagnostic.Properties.TryGetValue(GraphDiagnostics.DependencyProperty, out string? dependency) || dependency is null)
        {
            return;
        }

        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(context.Span.Start).Parent?.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method ||
            GraphSyntax.FindAttribute(method, "Layer") is not { } layer)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                $"Add '{dependency}' to the [DependsOn] of '{method.Identifier.ValueText}'",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(method, AddDependency(method, layer, dependency)))),
                EquivalenceKey),
            diagnostic);
    }

    private static MethodDeclarationSyntax AddDependency(MethodDeclarationSyntax method, AttributeSyntax layer, string dependency)
    {
        ExpressionSyntax nameOf = GraphSyntax.NameOf(dependency);
        if (GraphSyntax.FindAttribute(method, "DependsOn") is { ArgumentList: { } arguments })
        {
            // [DependsOn(new[] { ... })] gets the name inside the array; [DependsOn(a, b)] gets one more argument.
            if (arguments.Arguments.Count == 1 && Initializer(arguments.Arguments[0].Expression) is { } initializer)
            {
                return method.ReplaceNode(initializer, initializer.WithExpressions(
                    GraphSyntax.InsertWithCommaSpace(initializer.Expressions, initializer.Expressions.Count, nameOf)));
            }

            return method.ReplaceNode(arguments, arguments.WithArguments(
                GraphSyntax.InsertWithCommaSpace(arguments.Arguments, arguments.Arguments.Count, SyntaxFactory.AttributeArgument(nameOf))));
        }

        AttributeSyntax dependsOn = SyntaxFactory.Attribute(
            GraphSyntax.NameLike(layer.Name, "DependsOn"),
            SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.AttributeArgument(nameOf))));
        var list = (AttributeListSyntax)layer.Parent!;
        return method.ReplaceNode(list, list.WithAttributes(GraphSyntax.InsertWithCommaSpace(list.Attributes, list.Attributes.Count, dependsOn)));
    }

    private static InitializerExpressionSyntax? Initializer(ExpressionSyntax expression) => expression switch
    {
        ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer,
        ImplicitArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer,
        _ => null,
    };
}
