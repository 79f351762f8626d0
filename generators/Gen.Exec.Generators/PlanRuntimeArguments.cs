using System.Globalization;
using System.Linq;
using System.Text;
using Gen.Exec.Graph;

namespace Gen.Exec.Generators;

/// <summary>
/// The last arguments of the generated <c>ExecutionPlan</c>: what the runtime needs beyond the plan itself,
/// namely the layers' priorities (adaptive priority ranks by them first; only written when one is not 0) and the
/// graph's full name (the <c>gen_exec.graph</c> telemetry tag).
/// </summary>
internal static class PlanRuntimeArguments
{
    public static void Write(SourceWriter w, GraphModel graph)
    {
        EquatableArray<LayerModel> layers = graph.Layers;
        if (layers.Any(l => l.Priority != 0))
        {
            w.Begin().Append("priorities: new int[] { ");
            for (int i = 0; i < layers.Count; i++)
            {
                w.Append(i == 0 ? string.Empty : ", ").Append(layers[i].Priority.ToString(CultureInfo.InvariantCulture));
            }

            w.Append(" },").End();
        }

        w.Line("graphName: " + GeneratedNames.Literal(GraphName(graph)) + ");");
    }

    /// <summary>Namespace, containing types and the graph type, joined with '.'.</summary>
    public static string GraphName(GraphModel graph)
    {
        var name = new StringBuilder();
        if (graph.Namespace is not null)
        {
            name.Append(graph.Namespace).Append('.');
        }

        foreach (TypeDeclaration outer in graph.ContainingTypes)
        {
            name.Append(outer.Name).Append('.');
        }

        return name.Append(graph.Type.Name).ToString();
    }
}
