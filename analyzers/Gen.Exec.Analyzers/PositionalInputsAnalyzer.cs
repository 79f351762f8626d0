using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Gen.Exec.Analyzers;

/// <summary>
/// GEX021: a call of a generated <c>Executor.RunAsync</c> that passes two or more run inputs of the same type by
/// position. RunAsync takes inputs in order of first appearance in the graph, so reordering layers or parameters
/// would swap such arguments without a compiler error; named arguments cannot be swapped.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PositionalInputsAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The generator's name in the [GeneratedCode] it puts on every generated Executor.</summary>
    internal const string GeneratorName = "Gen.Exec.Generators";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(GraphDiagnostics.PositionalSameTypeInputs);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            INamedTypeSymbol? generatedCode = start.Compilation.GetTypeByMetadataName("System.CodeDom.Compiler.GeneratedCodeAttribute");
            INamedTypeSymbol? token = start.Compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
            if (generatedCode is null || start.Compilation.GetTypeByMetadataName("Gen.Exec.LayerAttribute") is null)
            {
                return;
            }

            INamedTypeSymbol? runOptions = start.Compilation.GetTypeByMetadataName("Gen.Exec.RunOptions");
            start.RegisterOperationAction(
                operation => Analyze((IInvocationOperation)operation.Operation, operation, generatedCode, token, runOptions),
                OperationKind.Invocation);
        });
    }

    private static void Analyze(
        IInvocationOperation invocation,
        OperationAnalysisContext context,
        INamedTypeSymbol generatedCode,
        INamedTypeSymbol? token,
        INamedTypeSymbol? runOptions)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (method.Name != "RunAsync" || !IsGeneratedExecutor(method.ContainingType, generatedCode))
        {
            return;
        }

        // Positional run inputs (not the token, not per-call options), grouped by type.
        var byType = new Dictionary<ITypeSymbol, List<IParameterSymbol>>(SymbolEqualityComparer.Default);
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Parameter is not { } parameter ||
                argument.Syntax is not ArgumentSyntax { NameColon: null } ||
                SymbolEqualityComparer.Default.Equals(parameter.Type, token) || SymbolEqualityComparer.Default.Equals(parameter.Type, runOptions))
            {
                continue;
            }

            if (!byType.TryGetValue(parameter.Type, out List<IParameterSymbol>? parameters))
            {
                byType.Add(parameter.Type, parameters = new List<IParameterSymbol>());
            }

            parameters.Add(parameter);
        }

        List<IParameterSymbol>[] swappable = byType.Values.Where(p => p.Count >= 2).ToArray();
        if (swappable.Length == 0 || invocation.Syntax is not InvocationExpressionSyntax syntax)
        {
            return;
        }

        string inputs = string.Join("; ", swappable.Select(group =>
            $"{Names(group)} ({group[0].Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)})"));
        context.ReportDiagnostic(Diagnostic.Create(
            GraphDiagnostics.PositionalSameTypeInputs,
            syntax.ArgumentList.GetLocation(),
            method.ContainingType.ContainingType?.Name ?? method.ContainingType.Name,
            inputs));
    }

    private static string Names(List<IParameterSymbol> parameters)
    {
        string[] quoted = parameters.Select(p => "'" + p.Name + "'").ToArray();
        return string.Join(", ", quoted, 0, quoted.Length - 1) + " and " + quoted[quoted.Length - 1];
    }

    /// <summary>Whether <paramref name="type"/> is an Executor that Gen.Exec generated (by its [GeneratedCode]).</summary>
    internal static bool IsGeneratedExecutor(INamedTypeSymbol type, INamedTypeSymbol generatedCode)
    {
        if (type.Name != "Executor")
        {
            return false;
        }

        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, generatedCode) &&
                attribute.ConstructorArguments.Length > 0 &&
                string.Equals(attribute.ConstructorArguments[0].Value as string, GeneratorName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
