using Microsoft.CodeAnalysis;

namespace Gen.Exec.Analyzers;

/// <summary>The descriptors of scale-out: [Distributed] layers (GEX035, GEX036).</summary>
public static partial class GraphDiagnostics
{
    /// <summary>GEX035: a parameter or the value of a [Distributed] layer cannot be serialized by Orleans.</summary>
    public static readonly DiagnosticDescriptor NotSerializable = new(
        "GEX035",
        "Distributed layer's argument or value cannot travel",
        "{0} of distributed layer '{1}' is a '{2}', which Orleans cannot serialize: {3}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The arguments and the value of a [Distributed] layer travel between the caller and a silo. They must be types Orleans serializes: primitives, strings, Guid, TimeSpan, DateTime and the like, arrays and the common collections and tuples of those, and types marked [GenerateSerializer] (with [Id] on their members). A dependency taken as LayerResult<T> stays on the caller: take its value as T.",
        helpLinkUri: HelpBase + "GEX035.md");

    /// <summary>GEX036: a [Distributed] layer in a graph that a silo cannot reach.</summary>
    public static readonly DiagnosticDescriptor DistributedUnreachable = new(
        "GEX036",
        "Distributed layer in a graph a silo cannot reach",
        "Layer '{0}' is [Distributed], but a silo cannot run layers of '{1}': {2}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A silo finds a graph's distributed layers by the graph's name, through an invoker the generator registers when the graph's assembly loads. That needs one closed graph type that the whole assembly can see: not generic, not nested in a generic type, not private or protected, and no layer signature using a private type.",
        helpLinkUri: HelpBase + "GEX036.md");
}
