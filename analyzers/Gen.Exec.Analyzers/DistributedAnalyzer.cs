using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Gen.Exec.Graph;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Gen.Exec.Analyzers;

/// <summary>
/// Scale-out rules of <c>[Distributed]</c> layers. GEX035: a parameter (other than the token) or the value whose type
/// Orleans cannot serialize, reported at that parameter or at the return type. GEX036: the graph cannot be reached
/// by a silo (generic, or not visible to the whole assembly), reported at the attribute.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DistributedAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(GraphDiagnostics.NotSerializable, GraphDiagnostics.DistributedUnreachable);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            INamedTypeSymbol? distributed = start.Compilation.GetTypeByMetadataName(GraphSymbols.DistributedAttributeName);
            INamedTypeSymbol? layer = start.Compilation.GetTypeByMetadataName(GraphSymbols.LayerAttributeName);
            if (distributed is null || layer is null)
            {
                return;
            }

            var rules = new OrleansSerializability(start.Compilation);
            GraphSymbols? symbols = GraphSymbols.Create(start.Compilation);
            start.RegisterSymbolAction(symbol => Analyze(symbol, (IMethodSymbol)symbol.Symbol, distributed, layer, rules, symbols), SymbolKind.Method);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, IMethodSymbol method, INamedTypeSymbol distributed, INamedTypeSymbol layer, OrleansSerializability rules, GraphSymbols? symbols)
    {
        AttributeData? marker = Find(method, distributed);
        if (marker is null || Find(method, layer) is null)
        {
            return;
        }

        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (SymbolEqualityComparer.Default.Equals(parameter.Type, symbols?.CancellationToken))
            {
                continue;
            }

            if (rules.Problem(parameter.Type) is { } problem)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    GraphDiagnostics.NotSerializable,
                    parameter.Locations.FirstOrDefault(),
                    $"Parameter '{parameter.Name}'",
                    method.Name,
                    parameter.Type.ToDisplayString(),
                    problem));
            }
        }

        if (ValueType(method, symbols) is { } value && rules.Problem(value) is { } valueProblem)
        {
            Location location = method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(context.CancellationToken) is MethodDeclarationSyntax syntax
                ? ValueSyntax(syntax.ReturnType, unwrapped: !SymbolEqualityComparer.Default.Equals(value, method.ReturnType)).GetLocation()
                : method.Locations.FirstOrDefault() ?? Location.None;
            context.ReportDiagnostic(Diagnostic.Create(GraphDiagnostics.NotSerializable, location, "The value", method.Name, value.ToDisplayString(), valueProblem));
        }

        INamedTypeSymbol graph = method.ContainingType;
        IEnumerable<IMethodSymbol> layers = graph.GetMembers().OfType<IMethodSymbol>().Where(m => Find(m, layer) is not null);
        if (!DistributedReach.Reachable(graph, GeneratedAccessibility.For(graph, layers)))
        {
            Location location = marker.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? method.Locations.FirstOrDefault() ?? Location.None;
            context.ReportDiagnostic(Diagnostic.Create(GraphDiagnostics.DistributedUnreachable, location, method.Name, graph.ToDisplayString(), Unreachable(graph)));
        }
    }

    /// <summary>The value a layer produces (T of Task&lt;T&gt; or ValueTask&lt;T&gt;); <see langword="null"/> when it has none.</summary>
    private static ITypeSymbol? ValueType(IMethodSymbol method, GraphSymbols? symbols)
    {
        ITypeSymbol returned = method.ReturnType;
        if (method.ReturnsVoid)
        {
            return null;
        }

        if (returned is INamedTypeSymbol { IsGenericType: true } generic &&
            (SymbolEqualityComparer.Default.Equals(generic.OriginalDefinition, symbols?.TaskOfT) || SymbolEqualityComparer.Default.Equals(generic.OriginalDefinition, symbols?.ValueTaskOfT)))
        {
            return generic.TypeArguments[0];
        }

        return SymbolEqualityComparer.Default.Equals(returned, symbols?.Task) || SymbolEqualityComparer.Default.Equals(returned, symbols?.ValueTask) ? null : returned;
    }

    /// <summary>Where the value type is written: <c>T</c> itself, or the type argument of <c>Task&lt;T&gt;</c>/<c>ValueTask&lt;T&gt;</c>.</summary>
    private static TypeSyntax ValueSyntax(TypeSyntax returnType, bool unwrapped)
    {
        GenericNameSyntax? generic = returnType switch
        {
            GenericNameSyntax name => name,
            QualifiedNameSyntax { Right: GenericNameSyntax name } => name,
            AliasQualifiedNameSyntax { Name: GenericNameSyntax name } => name,
            _ => null,
        };
        return unwrapped && generic is { TypeArgumentList.Arguments.Count: 1 } ? generic.TypeArgumentList.Arguments[0] : returnType;
    }

    private static string Unreachable(INamedTypeSymbol graph)
    {
        for (INamedTypeSymbol? current = graph; current is not null; current = current.ContainingType)
        {
            if (current.Arity > 0)
            {
                return SymbolEqualityComparer.Default.Equals(current, graph)
                    ? "it is generic"
                    : $"it is nested in generic type '{current.ToDisplayString()}'";
            }

            if (current.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                return SymbolEqualityComparer.Default.Equals(current, graph)
                    ? "it is not visible to the whole assembly (make it internal or public)"
                    : $"its containing type '{current.ToDisplayString()}' is not visible to the whole assembly";
            }
        }

        return "a layer's signature uses a type that is not visible to the whole assembly";
    }

    private static AttributeData? Find(IMethodSymbol method, INamedTypeSymbol attribute)
    {
        foreach (AttributeData data in method.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return data;
            }
        }

        return null;
    }
}
