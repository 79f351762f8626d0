using Microsoft.CodeAnalysis;

namespace Gen.Exec.Analyzers;

/// <summary>The descriptors of service integration: Polly pipelines (GEX032 to GEX034).</summary>
public static partial class GraphDiagnostics
{
    /// <summary>GEX032: [ResiliencePipeline] in a project that does not reference Polly.Core.</summary>
    public static readonly DiagnosticDescriptor PipelineWithoutPolly = new(
        "GEX032",
        "Resilience pipeline needs Polly.Core",
        "[ResiliencePipeline(\"{0}\")] on '{1}' needs Polly.Core: add <PackageReference Include=\"Polly.Core\" /> (8.x), or remove the attribute",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A layer with [ResiliencePipeline] runs each attempt inside the Polly pipeline registered under its key. The generator emits that code only when the project references Polly.Core; without it the attribute would silently do nothing, so it is an error.",
        helpLinkUri: HelpBase + "GEX032.md");

    /// <summary>GEX033: [ResiliencePipeline] with an empty key.</summary>
    public static readonly DiagnosticDescriptor PipelineKeyEmpty = new(
        "GEX033",
        "Resilience pipeline key is empty",
        "[ResiliencePipeline] on '{0}' has an empty key; give the key its pipeline is registered under",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The key names the pipeline in ResiliencePipelineProvider<string>; no pipeline can be registered under an empty or blank key, so the executor could never be constructed.",
        helpLinkUri: HelpBase + "GEX033.md");

    /// <summary>GEX034: [ResiliencePipeline] on a method that is not a layer.</summary>
    public static readonly DiagnosticDescriptor PipelineWithoutLayer = new(
        "GEX034",
        "Resilience pipeline on a method that is not a layer",
        "[ResiliencePipeline(\"{0}\")] on '{1}' has no effect because '{1}' is not marked [Layer]",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "[ResiliencePipeline] wraps the attempts of a layer. On a method without [Layer] nothing calls it through the pipeline, which usually means [Layer] was forgotten.",
        helpLinkUri: HelpBase + "GEX034.md");
}
