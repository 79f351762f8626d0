using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Gen.Exec.Graph.SymbolFacts;

namespace Gen.Exec.Graph;

/// <summary>The result of analysing one graph type.</summary>
internal sealed class GraphAnalysis
{
    public GraphAnalysis(GraphModel? model, IReadOnlyList<GraphProblem> problems)
    {
        Model = model;
        Problems = problems;
    }

    /// <summary>The model to generate from; <see langword="null"/> when the graph has errors (ours or the compiler's).</summary>
    public GraphModel? Model { get; }

    public IReadOnlyList<GraphProblem> Problems { get; }
}

/// <summary>
/// Builds a graph's model from its symbols and finds everything wrong with it. The only place where
/// graph rules live: the generator uses the model, the analyzers report the problems.
/// </summary>
internal static class GraphBuilder
{
    /// <summary>Whether the type declares anything Gen.Exec cares about (cheap: attribute checks only).</summary>
    public static bool IsCandidate(INamedTypeSymbol type, GraphSymbols symbols)
    {
        foreach (ISymbol member in type.GetMembers())
        {
            if (member is IMethodSymbol method)
            {
                foreach (AttributeData attribute in method.GetAttributes())
                {
                    INamedTypeSymbol? attributeClass = attribute.AttributeClass;
                    if (Is(attributeClass, symbols.Layer) || LayerCollector.LayerOnlyAttributeName(attributeClass, symbols) is not null)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// GEX008 for a type that is not a graph itself but contains one: it must be partial for the generator
    /// to reopen it. <see langword="null"/> when there is nothing to report.
    /// </summary>
    public static GraphProblem? AnalyzeContainer(INamedTypeSymbol type, GraphSymbols symbols, CancellationToken cancellationToken)
    {
        if (type.GetTypeMembers().IsEmpty || !ContainsGraph(type, symbols))
        {
            return null;
        }

        return FindNonPartialDeclaration(type, cancellationToken) is { } nonPartial
            ? new GraphProblem(GraphProblemKind.NotPartial, nonPartial.Identifier.GetLocation(), type.Name)
            : null;
    }

    /// <summary>
    /// Graph attributes on a local function or lambda, which can never be layers: [Layer] is an unsupported
    /// signature (GEX009), [DependsOn], [Timeout], [When], [Retry], [Fallback] and [Distributed] have no effect (GEX016).
    /// </summary>
    public static IEnumerable<GraphProblem> AnalyzeNonMemberFunction(IMethodSymbol function, GraphSymbols symbols, CancellationToken cancellationToken)
    {
        ImmutableArray<AttributeData> attributes = function.GetAttributes();
        string name = function.MethodKind == MethodKind.LocalFunction ? function.Name : "lambda";
        foreach (AttributeData attribute in attributes)
        {
            if (Is(attribute.AttributeClass, symbols.Layer))
            {
                string what = function.MethodKind == MethodKind.LocalFunction ? "a local function" : "a lambda";
                return new[]
                {
                    new GraphProblem(
                        GraphProblemKind.UnsupportedSignature,
                        AttributeLocation(attribute, function, cancellationToken),
                        name,
                        $"only ordinary methods can be layers, not {what}"),
                };
            }
        }

        var problems = new List<GraphProblem>();
        foreach (AttributeData attribute in attributes)
        {
            if (LayerCollector.LayerOnlyAttributeName(attribute.AttributeClass, symbols) is { } attributeName)
            {
                problems.Add(new GraphProblem(
                    GraphProblemKind.AttributeWithoutLayer,
                    AttributeLocation(attribute, function, cancellationToken),
                    attributeName,
                    name));
            }
        }

        return problems;
    }

    /// <summary>Finds the graph's problems and, when it has no errors, builds the model the generator emits.</summary>
    public static GraphAnalysis Analyze(INamedTypeSymbol type, GraphSymbols symbols, CancellationToken cancellationToken)
        => Analyze(type, symbols, includeModel: true, cancellationToken);

    /// <summary>
    /// Finds the graph's problems; with <paramref name="includeModel"/> false (the analyzers) the model and the
    /// parts of the plan only the generator needs (batches, ranks, Mermaid) are not built.
    /// </summary>
    public static GraphAnalysis Analyze(INamedTypeSymbol type, GraphSymbols symbols, bool includeModel, CancellationToken cancellationToken)
    {
        var draft = new GraphDraft(type, symbols, cancellationToken);

        // A type the compiler made up, such as <invalid-global-code> for methods a stray brace left outside
        // any class while typing: the compiler reports the syntax error, and there is nothing to generate into.
        if (!type.CanBeReferencedByName)
        {
            return new GraphAnalysis(null, draft.Problems);
        }

        LayerCollector.Collect(draft);
        if (draft.Layers.Count == 0)
        {
            return new GraphAnalysis(null, draft.Problems);
        }

        cancellationToken.ThrowIfCancellationRequested();
        GraphTypeRules.Check(draft);
        LayerNameRules.Check(draft);
        GeneratedNameRules.Check(draft);
        for (int index = 0; index < draft.Layers.Count; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            LayerSettings.Read(draft, draft.Layers[index], index);
            LayerSignatures.Classify(draft, draft.Layers[index]);
        }

        ParameterBinder.Bind(draft);
        int[][] dependencies = draft.Layers.Select(l => l.Dependencies.ToArray()).ToArray();
        PlanModel? plan = PlanValidator.Validate(draft, dependencies, includeModel);
        if (plan is null || draft.CompilerErrors || draft.Problems.Any(p => p.IsError))
        {
            return new GraphAnalysis(null, draft.Problems);
        }

        return new GraphAnalysis(ModelFactory.Create(draft, dependencies, plan), draft.Problems);
    }

    private static bool ContainsGraph(INamedTypeSymbol container, GraphSymbols symbols)
    {
        foreach (INamedTypeSymbol nested in container.GetTypeMembers())
        {
            if (IsCandidate(nested, symbols) || ContainsGraph(nested, symbols))
            {
                return true;
            }
        }

        return false;
    }
}
