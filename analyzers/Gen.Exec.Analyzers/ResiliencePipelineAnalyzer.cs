using System.Collections.Immutable;
using Gen.Exec.Graph;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Gen.Exec.Analyzers;

/// <summary>
/// GEX032 to GEX034: uses of <c>[ResiliencePipeline]</c>. The generator wraps layers in Polly pipelines only when the
/// project references Polly.Core (found by metadata name, once per compilation); without it the attribute is an error
/// naming its key, rather than silently ignored.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ResiliencePipelineAnalyzer : DiagnosticAnalyzer
{
    private const string AttributeName = "Gen.Exec.ResiliencePipelineAttribute";
    private const string ProviderName = "Polly.Registry.ResiliencePipelineProvider`1";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        GraphDiagnostics.PipelineWithoutPolly, GraphDiagnostics.PipelineKeyEmpty, GraphDiagnostics.PipelineWithoutLayer);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            INamedTypeSymbol? attribute = start.Compilation.GetTypeByMetadataName(AttributeName);
            if (attribute is null)
            {
                return;
            }

            INamedTypeSymbol? layer = start.Compilation.GetTypeByMetadataName(GraphSymbols.LayerAttributeName);
            bool polly = start.Compilation.GetTypeByMetadataName(ProviderName) is not null;
            start.RegisterSymbolAction(symbol => Analyze(symbol, attribute, layer, polly), SymbolKind.Method, SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol attributeClass, INamedTypeSymbol? layerAttribute, bool polly)
    {
        ISymbol symbol = context.Symbol;
        foreach (AttributeData attribute in symbol.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeClass))
            {
                continue;
            }

            Location location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? symbol.Locations[0];
            string? key = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
            if (!polly)
            {
                context.ReportDiagnostic(Diagnostic.Create(GraphDiagnostics.PipelineWithoutPolly, location, key ?? string.Empty, symbol.Name));
                continue;
            }

            if (attribute.ConstructorArguments.Length == 1 && string.IsNullOrWhiteSpace(key))
            {
                context.ReportDiagnostic(Diagnostic.Create(GraphDiagnostics.PipelineKeyEmpty, location, symbol.Name));
            }

            if (symbol is IMethodSymbol && !HasAttribute(symbol, layerAttribute))
            {
                context.ReportDiagnostic(Diagnostic.Create(GraphDiagnostics.PipelineWithoutLayer, location, key ?? string.Empty, symbol.Name));
            }
        }
    }

    private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attributeClass)
    {
        foreach (AttributeData attribute in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeClass))
            {
                return true;
            }
        }

        return false;
    }
}
