using System.Collections.Immutable;
using Gen.Exec.Graph;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Gen.Exec.Analyzers;

/// <summary>
/// Reports everything wrong with Gen.Exec graphs (GEX001 onward). The rules live in the shared
/// <see cref="GraphBuilder"/>, which the generator uses too; this analyzer only reports its problems.
/// Each graph type is analysed once, when its symbol is declared; local functions and lambdas with
/// attributes are checked on their own, since they can never be layers.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GraphAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => GraphDiagnostics.GraphProblems;

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            // Compilations that do not reference Gen.Exec cost nothing beyond this lookup.
            if (GraphSymbols.Create(start.Compilation) is not { } symbols)
            {
                return;
            }

            start.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, symbols), SymbolKind.NamedType);

            // Local functions and lambdas are not members, so the type analysis never sees them; only those
            // carrying attributes are looked at.
            start.RegisterSyntaxNodeAction(
                nodeContext => AnalyzeFunction(nodeContext, symbols),
                SyntaxKind.LocalFunctionStatement,
                SyntaxKind.ParenthesizedLambdaExpression);
        });
    }

    private static void AnalyzeFunction(SyntaxNodeAnalysisContext context, GraphSymbols symbols)
    {
        SyntaxList<AttributeListSyntax> attributes = context.Node switch
        {
            LocalFunctionStatementSyntax local => local.AttributeLists,
            ParenthesizedLambdaExpressionSyntax lambda => lambda.AttributeLists,
            _ => default,
        };
        if (attributes.Count == 0)
        {
            return;
        }

        ISymbol? function = context.Node is LocalFunctionStatementSyntax
            ? context.SemanticModel.GetDeclaredSymbol(context.Node, context.CancellationToken)
            : context.SemanticModel.GetSymbolInfo(context.Node, context.CancellationToken).Symbol;
        if (function is IMethodSymbol method)
        {
            foreach (GraphProblem problem in GraphBuilder.AnalyzeNonMemberFunction(method, symbols, context.CancellationToken))
            {
                context.ReportDiagnostic(GraphDiagnostics.Create(problem));
            }
        }
    }

    private static void AnalyzeType(SymbolAnalysisContext context, GraphSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!GraphBuilder.IsCandidate(type, symbols))
        {
            // Not a graph, but it may contain one and then has to be partial too.
            if (GraphBuilder.AnalyzeContainer(type, symbols, context.CancellationToken) is { } problem)
            {
                context.ReportDiagnostic(GraphDiagnostics.Create(problem));
            }

            return;
        }

        GraphAnalysis analysis = GraphBuilder.Analyze(type, symbols, includeModel: false, context.CancellationToken);
        foreach (GraphProblem problem in analysis.Problems)
        {
            context.ReportDiagnostic(GraphDiagnostics.Create(problem));
        }
    }
}
