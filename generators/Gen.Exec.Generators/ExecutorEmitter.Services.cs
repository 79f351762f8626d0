using System.Linq;
using Gen.Exec.Graph;
using static Gen.Exec.Generators.GeneratedNames;

namespace Gen.Exec.Generators;

// What the executor emits when the project references the optional libraries: a constructor taking the container's
// shared ExecutorStats (DI), and each [ResiliencePipeline] layer's attempts run inside its Polly pipeline (Polly.Core).
// Without those libraries none of this is written, so the output names no type of theirs.
internal static partial class ExecutorEmitter
{
    private const string Stats = "global::Gen.Exec.ExecutorStats";
    private const string Pipeline = "global::Polly.ResiliencePipeline";
    private const string ContextPool = "global::Polly.ResilienceContextPool.Shared";

    /// <summary>Whether the executor takes shared statistics from <c>AddGenExec</c>.</summary>
    private static bool SharesStats(GraphServiceInfo services, IntegrationFlags flags) => flags.DependencyInjection && services.Registrable;

    /// <summary>Whether some layer runs inside a Polly pipeline (never without Polly.Core: GEX032 reports the attribute then).</summary>
    private static bool UsesPipelines(GraphServiceInfo services, IntegrationFlags flags) => flags.Polly && services.HasPipelines;

    private static bool InPipeline(GraphServiceInfo services, IntegrationFlags flags, int layer)
        => flags.Polly && services.PipelineKeys[layer].Key is not null;

    private static void WriteConstructors(SourceWriter w, GraphModel graph, GraphServiceInfo services, IntegrationFlags flags)
    {
        bool shared = SharesStats(services, flags);
        bool pipelines = UsesPipelines(services, flags);
        string graphParameter = graph.IsStatic ? string.Empty : graph.FullyQualifiedName + " graph, ";
        if (!graph.IsStatic)
        {
            w.Line($"private readonly {graph.FullyQualifiedName} _graph;");
            w.Line();
        }

        if (pipelines)
        {
            w.Line("// Per layer, the Polly pipeline its attempts run in (null for layers without [ResiliencePipeline]), resolved once.");
            w.Line($"internal readonly {Pipeline}?[] _pipelines;");
            w.Line();
        }

        if (!graph.IsStatic)
        {
            w.Line($"/// <summary>Creates an executor that runs the layers of <paramref name=\"graph\"/>.</summary>");
            w.Line("/// <param name=\"graph\">The instance whose layer methods are called.</param>");
        }
        else
        {
            w.Line("/// <summary>Creates an executor for the static layers of the graph.</summary>");
        }

        w.Line("/// <param name=\"options\">How to run; the defaults when <see langword=\"null\"/>.</param>");
        if (pipelines)
        {
            w.Line("/// <exception cref=\"global::System.InvalidOperationException\">A layer has <c>[ResiliencePipeline]</c> and <c>options.Services</c> has no <c>ResiliencePipelineProvider&lt;string&gt;</c> with a pipeline for its key.</exception>");
        }

        w.Open($"public Executor({graphParameter}{Options}? options = null)");
        WriteConstructorBody(w, graph, pipelines, shared ? $"new {Stats}(s_plan)" : null);
        w.Close();
        if (shared)
        {
            w.Line();
            w.Line("/// <summary>Creates an executor that records into <paramref name=\"stats\"/>, shared by the executors of this graph in one container.</summary>");
            if (!graph.IsStatic)
            {
                w.Line("/// <param name=\"graph\">The instance whose layer methods are called.</param>");
            }

            w.Line("/// <param name=\"options\">How to run; the defaults when <see langword=\"null\"/>.</param>");
            w.Line("/// <param name=\"stats\">The statistics this executor adds its runs to.</param>");
            w.Open($"internal Executor({graphParameter}{Options}? options, {Stats} stats)");
            WriteConstructorBody(w, graph, pipelines, "stats ?? throw new global::System.ArgumentNullException(nameof(stats))");
            w.Close();
        }

        if (pipelines)
        {
            w.Line();
            WriteResolvePipelines(w, graph, services);
        }
    }

    private static void WriteConstructorBody(SourceWriter w, GraphModel graph, bool pipelines, string? stats)
    {
        if (!graph.IsStatic)
        {
            w.Line("_graph = graph ?? throw new global::System.ArgumentNullException(nameof(graph));");
        }

        w.Line($"Options = options ?? new {Options}();");
        if (stats is not null)
        {
            w.Line("Stats = " + stats + ";");
        }

        if (pipelines)
        {
            w.Line("_pipelines = ResolvePipelines(Options);");
        }
    }

    /// <summary>The <c>Stats</c> property: initialised in place, or by the constructors when they can share it.</summary>
    private static string StatsProperty(GraphServiceInfo services, IntegrationFlags flags)
        => SharesStats(services, flags) ? $"public {Stats} Stats {{ get; }}" : $"public {Stats} Stats {{ get; }} = new {Stats}(s_plan);";

    private static void WriteResolvePipelines(SourceWriter w, GraphModel graph, GraphServiceInfo services)
    {
        const string Provider = "global::Polly.Registry.ResiliencePipelineProvider<string>";
        string name = services.GraphName;
        w.Line("/// <summary>Each layer's pipeline, from the <c>ResiliencePipelineProvider&lt;string&gt;</c> of <paramref name=\"options\"/>' services.</summary>");
        w.Open($"private static {Pipeline}?[] ResolvePipelines({Options} options)");
        w.Line($"{Provider} provider = options.Services?.GetService(typeof({Provider})) as {Provider}");
        w.Indent();
        w.Line("?? throw new global::System.InvalidOperationException(" + Literal(
            $"Graph '{name}' runs layers inside Polly resilience pipelines ([ResiliencePipeline]), which come from the ResiliencePipelineProvider<string> of ExecutorOptions.Services, and there is none: "
            + "register the pipelines (services.AddResiliencePipeline(key, ...) from Polly.Extensions) and set ExecutorOptions.Services to the container (services.AddGenExec() does).") + ");");
        w.Unindent();
        w.Line($"var pipelines = new {Pipeline}?[{graph.Layers.Count}];");
        for (int i = 0; i < graph.Layers.Count; i++)
        {
            if (services.PipelineKeys[i].Key is { } key)
            {
                w.Line($"pipelines[{i}] = PipelineFor(provider, {Literal(key)}, {Literal(graph.Layers[i].Name)});");
            }
        }

        w.Line("return pipelines;");
        w.Close();
        w.Line();
        w.Open($"private static {Pipeline} PipelineFor({Provider} provider, string key, string layer)");
        w.Open($"if (provider.TryGetPipeline(key, out {Pipeline}? pipeline))");
        w.Line("return pipeline;");
        w.Close();
        w.Line();
        w.Line("throw new global::System.InvalidOperationException(\"Layer '\" + layer + " + Literal("' of graph '" + name + "' has [ResiliencePipeline(\"")
            + " + key + " + Literal("\")], but the ResiliencePipelineProvider<string> of ExecutorOptions.Services has no pipeline registered under that key.") + ");");
        w.Close();
    }

    /// <summary>The run state's copy of the executor's pipelines.</summary>
    private static void WritePipelineField(SourceWriter w, GraphServiceInfo services, IntegrationFlags flags)
    {
        if (UsesPipelines(services, flags))
        {
            w.Line($"private readonly {Pipeline}?[] _pipelines;");
        }
    }

    /// <summary>
    /// One attempt of a pipeline layer: a pooled <c>ResilienceContext</c> whose operation key is "Graph.Layer" and whose
    /// token is the attempt's, the layer method called inside the pipeline with the token the pipeline passes on.
    /// </summary>
    private static void WriteResilientMethod(SourceWriter w, GraphModel graph, GraphServiceInfo services, int index)
    {
        LayerModel layer = graph.Layers[index];
        string result = layer.ReturnKind switch
        {
            ReturnKind.Value => layer.ValueType!,
            ReturnKind.Void => "void",
            ReturnKind.Task or ReturnKind.ValueTask => "async global::System.Threading.Tasks.ValueTask",
            _ => $"async global::System.Threading.Tasks.ValueTask<{layer.ValueType}>",
        };
        bool returns = layer.ReturnKind != ReturnKind.Void && layer.ReturnKind != ReturnKind.Task && layer.ReturnKind != ReturnKind.ValueTask;
        bool async = !layer.IsSynchronous;
        w.Begin().Append("private static ").Append(result).Append(" ").AppendResilientMethod(layer).Append("(RunState self, ").Append(Token).Append(" token)").End();
        w.Line("{");
        w.Indent();
        w.Line($"global::Polly.ResilienceContext pooled = {ContextPool}.Get({Literal(services.GraphName + "." + layer.Name)}, token);");
        w.Open("try");
        w.Begin().Append(returns ? "return " : string.Empty).Append(async ? "await " : string.Empty)
            .Append("self._pipelines[").Append(index).Append("]!.").Append(async ? "ExecuteAsync" : "Execute").Append("(static (context, run) => ");
        string wrap = layer.ReturnKind switch
        {
            ReturnKind.TaskOfT => $"new global::System.Threading.Tasks.ValueTask<{layer.ValueType}>(",
            ReturnKind.Task => "new global::System.Threading.Tasks.ValueTask(",
            _ => string.Empty,
        };
        w.Append(wrap);
        WriteCall(w, graph, layer.IsStatic, layer.Name, layer.Arguments, index, "context.CancellationToken");
        w.Append(wrap.Length > 0 ? ")" : string.Empty).Append(", pooled, self)").Append(async ? ".ConfigureAwait(false);" : ";").End();
        w.Close();
        w.Open("finally");
        w.Line($"{ContextPool}.Return(pooled);");
        w.Close();
        w.Unindent();
        w.Line("}");
    }

    /// <summary>The engine method for a layer: a pipeline turns a Task-shaped layer into a ValueTask-shaped one.</summary>
    private static string RunMethod(LayerModel layer, bool inPipeline) => (inPipeline, layer.ReturnKind) switch
    {
        (true, ReturnKind.Task) => "RunVoidLayer",
        (true, ReturnKind.TaskOfT) => "RunLayer",
        _ => RunMethod(layer.ReturnKind),
    };

    private static bool TakesToken(LayerModel layer, bool inPipeline)
        => inPipeline || layer.Arguments.Any(a => a.Kind == ArgumentKind.CancellationToken);
}
