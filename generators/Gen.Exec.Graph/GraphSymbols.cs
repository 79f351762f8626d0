using Microsoft.CodeAnalysis;

namespace Gen.Exec.Graph;

/// <summary>The well-known types a graph is checked against, resolved once per compilation.</summary>
internal sealed class GraphSymbols
{
    public const string LayerAttributeName = "Gen.Exec.LayerAttribute";
    public const string DependsOnAttributeName = "Gen.Exec.DependsOnAttribute";
    public const string TimeoutAttributeName = "Gen.Exec.TimeoutAttribute";
    public const string LatencyBudgetAttributeName = "Gen.Exec.LatencyBudgetAttribute";

    private GraphSymbols(Compilation compilation, INamedTypeSymbol layer)
    {
        Layer = layer;
        DependsOn = compilation.GetTypeByMetadataName(DependsOnAttributeName);
        Timeout = compilation.GetTypeByMetadataName(TimeoutAttributeName);
        LatencyBudget = compilation.GetTypeByMetadataName(LatencyBudgetAttributeName);
        LayerResult = compilation.GetTypeByMetadataName("Gen.Exec.LayerResult");
        LayerResultOfT = compilation.GetTypeByMetadataName("Gen.Exec.LayerResult`1");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
    }

    public INamedTypeSymbol Layer { get; }

    public INamedTypeSymbol? DependsOn { get; }

    public INamedTypeSymbol? Timeout { get; }

    public INamedTypeSymbol? LatencyBudget { get; }

    public INamedTypeSymbol? LayerResult { get; }

    public INamedTypeSymbol? LayerResultOfT { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    /// <summary>The symbols, or <see langword="null"/> when the compilation does not reference Gen.Exec.</summary>
    public static GraphSymbols? Create(Compilation compilation)
        => compilation.GetTypeByMetadataName(LayerAttributeName) is { } layer ? new GraphSymbols(compilation, layer) : null;
}
