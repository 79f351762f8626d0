using System.Collections.Immutable;
using Gen.Exec.Graph;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Gen.Exec.Analyzers;

/// <summary>
/// Reports everything wrong with Gen.Exec graphs (GEX001 onward). The rules live in the shared
/// <see cref="GraphBuilder"/>, which the generator uses too; this analyzer only reports its problems.
/// Each graph type is analysed once, when its symbol is declared.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GraphAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => GraphDiagnostics.All;

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
        });
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

        GraphAnalysis analysis = GraphBuilder.Analyze(type, symbols, context.CancellationToken);
        foreach (GraphProblem problem in analysis.Problems)
        {
            context.ReportDiagnostic(GraphDiagnostics.Create(problem));
        }
    }
}
