using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Gen.Exec.Graph;
using static Gen.Exec.Generators.GeneratedNames;

namespace Gen.Exec.Generators;

// Per-request control in the generated code: the RunAsync overload that takes RunOptions, the selection masks of
// RunOptions.Targets, and each layer's [When]/[Retry]/[Fallback] data with the calls they make.
internal static partial class ExecutorEmitter
{
    private const string Control = "global::Gen.Exec.GraphRun<RunState, Results>.LayerControl";
    private const string Shape = "global::Gen.Exec.GraphRun<RunState, Results>.LayerShape";

    /// <summary>Whether the layer passes control data to the engine: a condition, retries or a fallback.</summary>
    private static bool HasControl(LayerModel layer) => layer.When is not null || layer.Retry is { MaxRetries: > 0 } || layer.Fallback is not null;

    private static void WriteRunAsyncWithOptions(SourceWriter w, GraphModel graph, string parameters)
    {
        var taken = new HashSet<string>(graph.Inputs.Select(i => i.Name)) { "cancellationToken" };
        string options = Unique("options", taken);
        w.Line("/// <summary>");
        w.Line("/// Runs the layers <paramref name=\"" + options + "\"/> selects (all of them when it or its <c>Targets</c> is");
        w.Line("/// <see langword=\"null\"/>); every other layer ends <see cref=\"global::Gen.Exec.LayerStatus.NotRun\"/>.");
        w.Line("/// </summary>");
        WriteInputDocs(w, graph);
        w.Line("/// <param name=\"" + options + "\">Which layers this call runs.</param>");
        w.Line("/// <param name=\"cancellationToken\">Cancels the run: running layers are cancelled and the returned task is cancelled.</param>");
        w.Line("/// <returns>The result of every layer and the run's statistics.</returns>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\"><c>Targets</c> is empty or names a layer this graph does not have (thrown before any layer starts).</exception>");
        w.Line("/// <exception cref=\"global::System.OperationCanceledException\"><paramref name=\"cancellationToken\"/> was cancelled.</exception>");

        // The options are not optional: a call without them binds to the overload above, never ambiguously.
        w.Open($"public global::System.Threading.Tasks.Task<Results> RunAsync({parameters}global::Gen.Exec.RunOptions? {options}, {Token} cancellationToken = default)");
        WriteStartRunCall(w, graph, options + "?.Targets");
        w.Close();
    }

    /// <summary>The selection masks and each controlled layer's static <c>LayerControl</c>.</summary>
    private static void WriteControlFields(SourceWriter w, GraphModel graph)
    {
        PlanModel plan = graph.Plan;
        w.Line("// RunOptions.Targets: each layer's dependency closure (itself included) as bits, " + plan.SelectionWords.ToString(CultureInfo.InvariantCulture) + " word(s) per layer.");
        w.Begin().Append("private static readonly ulong[] s_selection = new ulong[] { ");
        for (int i = 0; i < plan.SelectionMasks.Count; i++)
        {
            w.Append(i == 0 ? string.Empty : ", ").Append("0x").Append(plan.SelectionMasks[i].ToString("X", CultureInfo.InvariantCulture)).Append("UL");
        }

        w.Append(" };").End();
        w.Line();
        for (int index = 0; index < graph.Layers.Count; index++)
        {
            LayerModel layer = graph.Layers[index];
            if (HasControl(layer))
            {
                WriteControlField(w, graph, layer, index);
                w.Line();
            }
        }
    }

    private static void WriteControlField(SourceWriter w, GraphModel graph, LayerModel layer, int index)
    {
        w.Begin().Append("private static readonly ").Append(Control).Append(" ").AppendControlField(layer).Append(" = new ").Append(Control).Append("(").End();
        w.Indent();
        var lines = new List<System.Action>();
        if (layer.When is { } when)
        {
            lines.Add(() =>
            {
                w.Begin().Append("condition: static run => ");
                WriteCall(w, graph, when.IsStatic, when.Method, when.Arguments, index);
            });
        }

        if (layer.Retry is { MaxRetries: > 0 } retry)
        {
            lines.Add(() => w.Begin().Append("maxRetries: ").Append(retry.MaxRetries));
            lines.Add(() => w.Begin().Append("delayMilliseconds: ").Append(retry.DelayMilliseconds));
            lines.Add(() => w.Begin().Append("backoff: global::Gen.Exec.RetryBackoff.").Append(retry.Backoff.ToString()));
            lines.Add(() => w.Begin().Append("jitter: ").Append(retry.Jitter ? "true" : "false"));
            if (retry.Handle is { } handle)
            {
                lines.Add(() => w.Begin().Append("handle: static error => ").Append(TypeTest(handle)));
            }
        }

        if (layer.Fallback is { } fallback)
        {
            lines.Add(() =>
            {
                w.Begin().Append("fallback: (").Append(DelegateType(fallback.ReturnKind, layer.ValueType)).Append(")(static (run, token) => ");
                WriteCall(w, graph, fallback.IsStatic, fallback.Method, fallback.Arguments, index);
                w.Append(")");
            });
            lines.Add(() => w.Begin().Append("fallbackShape: ").Append(Shape).Append(".").Append(ShapeOf(fallback.ReturnKind)));
            lines.Add(() => w.Begin().Append("fallbackTakesToken: ").Append(fallback.Arguments.Any(a => a.Kind == ArgumentKind.CancellationToken) ? "true" : "false"));
            if (fallback.Arguments.FirstOrDefault(a => a.Kind == ArgumentKind.Error) is { } error && ErrorType(error) != "global::System.Exception")
            {
                // A narrower error parameter limits the fallback to errors of that type.
                lines.Add(() => w.Begin().Append("fallbackAccepts: static error => error is ").Append(ErrorType(error)));
            }
        }

        for (int i = 0; i < lines.Count; i++)
        {
            lines[i]();
            w.Append(i == lines.Count - 1 ? ");" : ",").End();
        }

        w.Unindent();
    }

    /// <summary>A call of a layer, condition or fallback method with its bound arguments, inside a static lambda over <c>run</c> (and <c>token</c>).</summary>
    private static void WriteCall(SourceWriter w, GraphModel graph, bool isStatic, string method, EquatableArray<ArgumentModel> arguments, int layer, string token = "token")
    {
        w.Append(isStatic ? graph.FullyQualifiedName : "run._graph").Append(".").Append(Identifier(method)).Append("(");
        for (int i = 0; i < arguments.Count; i++)
        {
            ArgumentModel argument = arguments[i];
            w.Append(i == 0 ? string.Empty : ", ");
            switch (argument.Kind)
            {
                case ArgumentKind.CancellationToken:
                    w.Append(token);
                    break;
                case ArgumentKind.DependencyValue:
                    // Has a value (Succeeded or FellBack): the dependency gate admitted the layer.
                    w.Append("run.").AppendResultField(graph.Layers[argument.Source]).Append(".Value");
                    break;
                case ArgumentKind.DependencyResult:
                case ArgumentKind.DependencyStatus:
                    w.Append("run.").AppendResultField(graph.Layers[argument.Source]);
                    break;
                case ArgumentKind.Error:
                    w.Append("(").Append(ErrorType(argument)).Append(")run.LayerError(").Append(layer).Append(")");
                    break;
                default:
                    w.Append("run.").Append(InputField(graph.Inputs[argument.Source]));
                    break;
            }
        }

        w.Append(")");
    }

    private static string ErrorType(ArgumentModel error) => (error.ExceptionType ?? "global::System.Exception").TrimEnd('?');

    private static string TypeTest(EquatableArray<string> types)
        => types.Count == 0 ? "false" : string.Join(" || ", types.Select(t => "error is " + t.TrimEnd('?')));

    private static string ShapeOf(ReturnKind kind) => kind switch
    {
        ReturnKind.Value or ReturnKind.Void => "Synchronous",
        ReturnKind.Task or ReturnKind.TaskOfT => "Task",
        _ => "ValueTask",
    };

    /// <summary>The delegate type the engine invokes a fallback of this shape through (the layer's own invocation types).</summary>
    private static string DelegateType(ReturnKind kind, string? valueType) => kind switch
    {
        ReturnKind.Value => $"global::System.Func<RunState, {Token}, {valueType}>",
        ReturnKind.Void => $"global::System.Action<RunState, {Token}>",
        ReturnKind.Task => $"global::System.Func<RunState, {Token}, global::System.Threading.Tasks.Task>",
        ReturnKind.TaskOfT => $"global::System.Func<RunState, {Token}, global::System.Threading.Tasks.Task<{valueType}>>",
        ReturnKind.ValueTask => $"global::System.Func<RunState, {Token}, global::System.Threading.Tasks.ValueTask>",
        _ => $"global::System.Func<RunState, {Token}, global::System.Threading.Tasks.ValueTask<{valueType}>>",
    };
}
