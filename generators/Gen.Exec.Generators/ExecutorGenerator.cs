using System.Threading;
using Gen.Exec.Graph;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Gen.Exec.Generators;

/// <summary>
/// Emits a strongly typed <c>Executor</c> and <c>Results</c> for every partial class with <c>[Layer]</c> methods.
/// Invalid graphs produce no code: the analyzers report what is wrong (or, in builds without analyzers, an
/// #error pointer does: see <see cref="AnalyzersOffReport"/>).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ExecutorGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<GraphOutput?> graphs = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                GraphSymbols.LayerAttributeName,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (context, cancellationToken) => BuildModel(context, cancellationToken))
            .WithTrackingName(TrackingNames.Graphs);

        IncrementalValuesProvider<ValidGraph> valid = graphs
            .Where(static graph => graph?.Model is not null)
            .Select(static (graph, _) => new ValidGraph(graph!.Model!, graph.Services!))
            .WithTrackingName(TrackingNames.ValidGraphs);

        // The optional libraries (DI, logging, options, Polly), looked up once per compilation: an equatable value, so
        // an edit that does not change the references leaves it equal and every output below cached.
        IncrementalValueProvider<IntegrationFlags> flags = context.CompilationProvider
            .Select(static (compilation, _) => IntegrationFlags.For(compilation))
            .WithTrackingName(TrackingNames.Integration);

        context.RegisterSourceOutput(
            valid.Combine(flags),
            static (output, pair) => output.AddSource(pair.Left.Model.HintName, ExecutorEmitter.Emit(pair.Left.Model, pair.Left.Services, pair.Right)));

        // AddGenExec: once per assembly, over all of its valid graphs, only when the project references DI.
        IncrementalValueProvider<(System.Collections.Immutable.ImmutableArray<ValidGraph> Left, IntegrationFlags Right)> registrations = valid
            .Collect()
            .Combine(flags)
            .WithTrackingName(TrackingNames.Registrations);
        context.RegisterSourceOutput(registrations, static (output, pair) =>
        {
            if (pair.Right.DependencyInjection && !pair.Left.IsEmpty)
            {
                output.AddSource(ServiceEmitter.HintName, ServiceEmitter.Emit(pair.Left, pair.Right));
            }
        });

        // Invalid graphs produce code only when the analyzers do not run: an #error pointer naming each GEX error.
        IncrementalValueProvider<bool> analyzersOff = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => AnalyzersOffReport.AnalyzersOff(options))
            .WithTrackingName(TrackingNames.AnalyzersOff);
        IncrementalValuesProvider<GraphOutput> unreported = graphs
            .Where(static graph => graph is { Model: null, Errors.Count: > 0 })
            .Select(static (graph, _) => graph!)
            .Combine(analyzersOff)
            .Where(static pair => pair.Right)
            .Select(static (pair, _) => pair.Left)
            .WithTrackingName(TrackingNames.UnreportedGraphs);

        context.RegisterSourceOutput(unreported, static (output, graph) => output.AddSource(graph.HintName, AnalyzersOffReport.Emit(graph)));

        // GEX032 ([ResiliencePipeline] without Polly.Core) is the analyzers' too; without them, an #error says it instead.
        IncrementalValuesProvider<ValidGraph> pipelinesWithoutPolly = valid
            .Where(static graph => graph.Services.HasPipelines)
            .Combine(flags)
            .Where(static pair => !pair.Right.Polly)
            .Select(static (pair, _) => pair.Left)
            .Combine(analyzersOff)
            .Where(static pair => pair.Right)
            .Select(static (pair, _) => pair.Left);
        context.RegisterSourceOutput(pipelinesWithoutPolly, static (output, graph) => output.AddSource(
            graph.Model.HintName.Replace(".g.cs", ".Polly.g.cs"), AnalyzersOffReport.EmitPipelinesWithoutPolly(graph)));
    }

    private static GraphOutput? BuildModel(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || method.ContainingType is not { } type)
        {
            return null;
        }

        // One model per graph type: only the type's first layer method builds it, so a graph of N layers
        // is analysed once, not N times.
        INamedTypeSymbol? layerAttribute = context.Attributes.Length > 0 ? context.Attributes[0].AttributeClass : null;
        if (!IsFirstLayer(context, method, type, layerAttribute, cancellationToken))
        {
            return null;
        }

        GraphSymbols? symbols = GraphSymbols.Create(context.SemanticModel.Compilation);
        if (symbols is null)
        {
            return null;
        }

        GraphOutput output = AnalyzersOffReport.Describe(type, GraphBuilder.Analyze(type, symbols, cancellationToken));
        return output.Model is null
            ? output
            : output with { Services = ServiceInfoBuilder.Build(type, output.Model, context.SemanticModel.Compilation, cancellationToken) };
    }

    private static bool IsFirstLayer(
        GeneratorAttributeSyntaxContext context,
        IMethodSymbol method,
        INamedTypeSymbol type,
        INamedTypeSymbol? layerAttribute,
        CancellationToken cancellationToken)
    {
        // Fast path for a type declared in one place: walk the declaration's members up to this method.
        // type.GetMembers() would copy every member into a new array on each of the N calls (quadratic).
        // Only methods are visited: a layer on anything else makes the graph invalid, so no model results
        // whichever method builds it.
        if (type.DeclaringSyntaxReferences.Length == 1 && context.TargetNode.Parent is TypeDeclarationSyntax declaration)
        {
            foreach (MemberDeclarationSyntax member in declaration.Members)
            {
                if (member == context.TargetNode)
                {
                    return true;
                }

                if (member is MethodDeclarationSyntax { AttributeLists.Count: > 0 } candidate &&
                    context.SemanticModel.GetDeclaredSymbol(candidate, cancellationToken) is IMethodSymbol symbol &&
                    HasAttribute(symbol, layerAttribute))
                {
                    return false;
                }
            }

            return false;
        }

        // A partial type declared in several places: its first layer method in member order.
        foreach (ISymbol member in type.GetMembers())
        {
            if (member is IMethodSymbol candidate && HasAttribute(candidate, layerAttribute))
            {
                return SymbolEqualityComparer.Default.Equals(candidate, method);
            }
        }

        return false;
    }

    private static bool HasAttribute(IMethodSymbol method, INamedTypeSymbol? attributeClass)
    {
        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeClass))
            {
                return true;
            }
        }

        return false;
    }
}
