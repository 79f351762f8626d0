using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Gen.Exec.Graph;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Gen.Exec.Analyzers;

/// <summary>
/// GEX031: a constant in <c>RunOptions.Targets</c>, written where the options are created in the argument list of a
/// generated <c>Executor.RunAsync</c> call, that names no layer of that graph; RunAsync would throw
/// ArgumentException. Only what the call site spells out is checked: options built elsewhere are the runtime's to check.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TargetsAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(GraphDiagnostics.UnknownTarget);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            INamedTypeSymbol? generatedCode = start.Compilation.GetTypeByMetadataName("System.CodeDom.Compiler.GeneratedCodeAttribute");
            INamedTypeSymbol? runOptions = start.Compilation.GetTypeByMetadataName("Gen.Exec.RunOptions");
            INamedTypeSymbol? layer = start.Compilation.GetTypeByMetadataName(GraphSymbols.LayerAttributeName);
            if (generatedCode is null || runOptions is null || layer is null)
            {
                return;
            }

            start.RegisterOperationAction(
                operation => Analyze((IInvocationOperation)operation.Operation, operation, generatedCode, runOptions, layer),
                OperationKind.Invocation);
        });
    }

    private static void Analyze(
        IInvocationOperation invocation,
        OperationAnalysisContext context,
        INamedTypeSymbol generatedCode,
        INamedTypeSymbol runOptions,
        INamedTypeSymbol layerAttribute)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (method.Name != "RunAsync" || method.ContainingType.ContainingType is not { } graph ||
            !PositionalInputsAnalyzer.IsGeneratedExecutor(method.ContainingType, generatedCode))
        {
            return;
        }

        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter || !SymbolEqualityComparer.Default.Equals(parameter.Type, runOptions) ||
                TargetsValue(argument.Value, runOptions) is not { } targets)
            {
                continue;
            }

            HashSet<string>? layers = null;
            foreach (ExpressionSyntax element in Elements(targets.Syntax))
            {
                SemanticModel? model = invocation.SemanticModel;
                Optional<object?> constant = model is null ? default : model.GetConstantValue(element, context.CancellationToken);
                if (!constant.HasValue || (constant.Value is not null and not string))
                {
                    continue;
                }

                layers ??= LayerNames(graph, layerAttribute);
                var name = (string?)constant.Value;
                if (name is not null && layers.Contains(name))
                {
                    continue;
                }

                string? suggestion = name is null ? null : GraphAlgorithms.NearestName(name, layers);
                context.ReportDiagnostic(Diagnostic.Create(
                    GraphDiagnostics.UnknownTarget,
                    element.GetLocation(),
                    name ?? "null",
                    graph.Name,
                    suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)"));
            }
        }
    }

    /// <summary>The value assigned to <c>Targets</c> in a <c>new RunOptions { Targets = ... }</c> argument; <see langword="null"/> otherwise.</summary>
    private static IOperation? TargetsValue(IOperation value, INamedTypeSymbol runOptions)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        if (value is not IObjectCreationOperation { Initializer: { } initializer } creation ||
            !SymbolEqualityComparer.Default.Equals(creation.Type, runOptions))
        {
            return null;
        }

        foreach (IOperation initialization in initializer.Initializers)
        {
            if (initialization is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Targets" } } assignment)
            {
                return assignment.Value;
            }
        }

        return null;
    }

    /// <summary>The elements of <c>[...]</c>, <c>new[] { ... }</c>, <c>new string[] { ... }</c> or a collection initializer such as <c>new List&lt;string&gt; { ... }</c>.</summary>
    private static IEnumerable<ExpressionSyntax> Elements(SyntaxNode syntax) => syntax switch
    {
        CollectionExpressionSyntax collection => collection.Elements.OfType<ExpressionElementSyntax>().Select(e => e.Expression),
        ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions,
        ImplicitArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions,
        BaseObjectCreationExpressionSyntax { Initializer: { } initializer } when initializer.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.CollectionInitializerExpression) => initializer.Expressions,
        _ => Enumerable.Empty<ExpressionSyntax>(),
    };

    private static HashSet<string> LayerNames(INamedTypeSymbol graph, INamedTypeSymbol layerAttribute)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (ISymbol member in graph.GetMembers())
        {
            if (member is IMethodSymbol method && method.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, layerAttribute)))
            {
                names.Add(method.Name);
            }
        }

        return names;
    }
}
