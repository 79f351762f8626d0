using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Gen.Exec.Graph;

/// <summary>The well-known types a graph is checked against, resolved once per compilation.</summary>
internal sealed class GraphSymbols
{
    public const string LayerAttributeName = "Gen.Exec.LayerAttribute";
    public const string DependsOnAttributeName = "Gen.Exec.DependsOnAttribute";
    public const string TimeoutAttributeName = "Gen.Exec.TimeoutAttribute";
    public const string LatencyBudgetAttributeName = "Gen.Exec.LatencyBudgetAttribute";
    public const string WhenAttributeName = "Gen.Exec.WhenAttribute";
    public const string RetryAttributeName = "Gen.Exec.RetryAttribute";
    public const string FallbackAttributeName = "Gen.Exec.FallbackAttribute";
    public const string DistributedAttributeName = "Gen.Exec.DistributedAttribute";

    private GraphSymbols(Compilation compilation, INamedTypeSymbol layer)
    {
        Layer = layer;
        DependsOn = compilation.GetTypeByMetadataName(DependsOnAttributeName);
        Timeout = compilation.GetTypeByMetadataName(TimeoutAttributeName);
        LatencyBudget = compilation.GetTypeByMetadataName(LatencyBudgetAttributeName);
        When = compilation.GetTypeByMetadataName(WhenAttributeName);
        Retry = compilation.GetTypeByMetadataName(RetryAttributeName);
        Fallback = compilation.GetTypeByMetadataName(FallbackAttributeName);
        Distributed = compilation.GetTypeByMetadataName(DistributedAttributeName);
        Exception = compilation.GetTypeByMetadataName("System.Exception");
        LayerResult = compilation.GetTypeByMetadataName("Gen.Exec.LayerResult");
        LayerResultOfT = compilation.GetTypeByMetadataName("Gen.Exec.LayerResult`1");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        AsyncEnumerableOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.IAsyncEnumerable`1");
        AsyncEnumeratorOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.IAsyncEnumerator`1");
        _runBaseMembers = new Lazy<HashSet<string>>(() => InheritedMemberNames(compilation.GetTypeByMetadataName("Gen.Exec.GraphRun`2")));
    }

    private readonly Lazy<HashSet<string>> _runBaseMembers;

    public INamedTypeSymbol Layer { get; }

    public INamedTypeSymbol? DependsOn { get; }

    public INamedTypeSymbol? Timeout { get; }

    public INamedTypeSymbol? LatencyBudget { get; }

    /// <summary>[When], [Retry] and [Fallback]: <see langword="null"/> with a runtime older than Contract 2.</summary>
    public INamedTypeSymbol? When { get; }

    public INamedTypeSymbol? Retry { get; }

    public INamedTypeSymbol? Fallback { get; }

    /// <summary>[Distributed]: <see langword="null"/> with a runtime older than scale-out.</summary>
    public INamedTypeSymbol? Distributed { get; }

    public INamedTypeSymbol? Exception { get; }

    public INamedTypeSymbol? LayerResult { get; }

    public INamedTypeSymbol? LayerResultOfT { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    public INamedTypeSymbol? AsyncEnumerableOfT { get; }

    public INamedTypeSymbol? AsyncEnumeratorOfT { get; }

    /// <summary>
    /// The names the generated run state inherits from the runtime's <c>GraphRun</c> (and <see langword="object"/>):
    /// a generated field or method of the same name would hide one of them. Read from the referenced runtime, so
    /// the rule follows whatever that version declares.
    /// </summary>
    public HashSet<string> RunBaseMembers => _runBaseMembers.Value;

    private static HashSet<string> InheritedMemberNames(INamedTypeSymbol? type)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            foreach (ISymbol member in current.GetMembers())
            {
                if (member.DeclaredAccessibility != Accessibility.Private && !member.IsImplicitlyDeclared)
                {
                    names.Add(member.Name);
                }
            }
        }

        return names;
    }

    /// <summary>The symbols, or <see langword="null"/> when the compilation does not reference Gen.Exec.</summary>
    public static GraphSymbols? Create(Compilation compilation)
        => compilation.GetTypeByMetadataName(LayerAttributeName) is { } layer ? new GraphSymbols(compilation, layer) : null;
}
