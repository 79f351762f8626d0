using System.Linq;
using Gen.Exec.Graph;
using static Gen.Exec.Generators.GeneratedNames;

namespace Gen.Exec.Generators;

// [Distributed] layers. On the caller's side, the layer's start method chooses per run: with a dispatcher it starts the
// layer with an invocation that packs the arguments and dispatches (a ValueTask-shaped layer that always takes the
// attempt's token), otherwise with the layer's own call. On the worker's side, Results.DistributedLayers (registered by
// a module initializer) unpacks the arguments and calls the method on the graph taken from the worker's container.
internal static partial class ExecutorEmitter
{
    private const string Services = "global::System.IServiceProvider";
    private const string Arguments = "global::System.Collections.Generic.IReadOnlyList<object?>";

    /// <summary><c>RunXLayer&lt;T&gt;(index, dependencies: ..., takesToken: ..., invoke, store[, control]);</c>, continuing the current line.</summary>
    private static void WriteRunCall(SourceWriter w, GraphModel graph, int index, string runMethod, bool takesToken, System.Action writeInvoke)
    {
        LayerModel layer = graph.Layers[index];
        w.Append(runMethod);
        if (layer.ProducesValue)
        {
            w.Append("<").Append(layer.ValueType!).Append(">");
        }

        w.Append("(").Append(index).Append(", dependencies: ");

        // Dependencies the layer, its condition or its fallback take as a value, or that nothing takes, must have one;
        // taken only as LayerResult, they tolerate any status.
        bool anyRequired = false;
        foreach (int dependency in layer.Dependencies)
        {
            if (layer.NeedsValueOf(dependency))
            {
                w.Append(anyRequired ? " | " : string.Empty).Append("DependencyGate(").AppendResultField(graph.Layers[dependency]).Append(")");
                anyRequired = true;
            }
        }

        w.Append(anyRequired ? ", takesToken: " : "0, takesToken: ");
        w.Append(takesToken ? "true," : "false,").End();
        w.Indent();
        w.Begin().Append("static (run, token) => ");
        writeInvoke();
        w.Append(",").End();
        w.Begin().Append("static (run, result) => run.").AppendResultField(layer).Append(" = result");
        if (HasControl(layer))
        {
            w.Append(",").End();
            w.Begin().AppendControlField(layer);
        }

        w.Append(");").End();
        w.Unindent();
    }

    /// <summary>
    /// The start method of a [Distributed] layer: dispatched when the run has a dispatcher, otherwise the in-process
    /// start method the caller writes next (<c>StartInProcess</c>, with the layer's resilience pipeline if it has one:
    /// a pipeline wraps in-process attempts only). Writes nothing for other layers.
    /// </summary>
    private static void WriteDistributedLaunch(SourceWriter w, GraphModel graph, int index)
    {
        LayerModel layer = graph.Layers[index];
        if (!layer.Distributed)
        {
            return;
        }

        w.Open("private void " + layer.Name + "Start()");
        w.Open("if (Distributes)");
        w.Begin();
        WriteRunCall(w, graph, index, layer.ProducesValue ? "RunLayer" : "RunVoidLayer", takesToken: true, () =>
        {
            w.Append(layer.ProducesValue ? "run.Dispatch<" + layer.ValueType + ">(" : "run.DispatchVoid(").Append(Literal(layer.Name)).Append(", ");
            WritePackedArguments(w, graph, layer);
            w.Append(", token)");
        });
        w.Line("return;");
        w.Close();
        w.Line();
        w.Line(layer.Name + "StartInProcess();");
        w.Close();
        w.Line();
    }

    /// <summary>The layer's arguments without its token, boxed in an array, in parameter order.</summary>
    private static void WritePackedArguments(SourceWriter w, GraphModel graph, LayerModel layer)
    {
        if (!layer.Arguments.Any(a => a.Kind != ArgumentKind.CancellationToken))
        {
            w.Append("global::System.Array.Empty<object?>()");
            return;
        }

        w.Append("new object?[] { ");
        bool first = true;
        foreach (ArgumentModel argument in layer.Arguments)
        {
            if (argument.Kind == ArgumentKind.CancellationToken)
            {
                continue;
            }

            w.Append(first ? string.Empty : ", ");
            first = false;
            if (argument.Kind == ArgumentKind.DependencyValue)
            {
                w.Append("run.").AppendResultField(graph.Layers[argument.Source]).Append(".Value");
            }
            else
            {
                w.Append("run.").Append(InputField(graph.Inputs[argument.Source]));
            }
        }

        w.Append(" }");
    }

    /// <summary>The worker-side invoker of the graph's distributed layers, when it has any.</summary>
    private static void WriteDistributedLayers(SourceWriter w, GraphModel graph)
    {
        if (!graph.Layers.Any(l => l.Distributed))
        {
            return;
        }

        w.Line();
        w.Line("/// <summary>Runs this graph's distributed layers on a worker (an Orleans silo): the graph comes from the worker's container.</summary>");
        w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        w.Open("internal sealed class DistributedLayers : global::Gen.Exec.DistributedGraph");
        w.Line("private DistributedLayers()");
        w.Indent();
        w.Line(": base(" + Literal(PlanRuntimeArguments.GraphName(graph)) + ")");
        w.Unindent();
        w.Line("{");
        w.Line("}");
        w.Line();
        w.Line("/// <summary>Registers the invoker when the graph's assembly loads, so that a worker finds it by the graph's name.</summary>");
        w.Line("[global::System.Runtime.CompilerServices.ModuleInitializer]");
        w.Line("internal static void RegisterOnLoad() => Register(new DistributedLayers());");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Open($"public override global::System.Threading.Tasks.ValueTask<object?> InvokeAsync(string layer, {Services} services, {Arguments} arguments, {Token} cancellationToken)");
        w.Open("switch (layer)");
        foreach (LayerModel layer in graph.Layers.Where(l => l.Distributed))
        {
            WriteWorkerCase(w, graph, layer);
        }

        w.Line("default:");
        w.Indent();
        w.Line("throw UnknownLayer(layer);");
        w.Unindent();
        w.Close();
        w.Close();
        w.Close();
    }

    private static void WriteWorkerCase(SourceWriter w, GraphModel graph, LayerModel layer)
    {
        int count = layer.Arguments.Count(a => a.Kind != ArgumentKind.CancellationToken);
        w.Line("case " + Literal(layer.Name) + ":");
        w.Indent();
        w.Begin();
        bool synchronousVoid = layer.ReturnKind == ReturnKind.Void;
        if (!synchronousVoid)
        {
            w.Append("return ").Append(layer.ReturnKind == ReturnKind.Value ? "FromValue(" : "Box(");
        }

        w.Append(layer.IsStatic ? graph.FullyQualifiedName : "Resolve<" + graph.FullyQualifiedName + ">(services)").Append(".").Append(Identifier(layer.Name)).Append("(");
        int position = 0;
        for (int i = 0; i < layer.Arguments.Count; i++)
        {
            ArgumentModel argument = layer.Arguments[i];
            w.Append(i == 0 ? string.Empty : ", ");
            if (argument.Kind == ArgumentKind.CancellationToken)
            {
                w.Append("cancellationToken");
                continue;
            }

            string type = argument.Kind == ArgumentKind.DependencyValue ? graph.Layers[argument.Source].ValueType! : graph.Inputs[argument.Source].Type;
            w.Append("Argument<").Append(type).Append(">(arguments, ").Append(position++).Append(", ").Append(count).Append(", layer)");
        }

        w.Append(synchronousVoid ? ");" : "));").End();
        if (synchronousVoid)
        {
            w.Line("return default;");
        }

        w.Unindent();
    }
}
