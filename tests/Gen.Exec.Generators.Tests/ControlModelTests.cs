using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Gen.Exec.Graph;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Gen.Exec.Generators.Tests;

/// <summary>What the model carries for conditions, retries, fallbacks and target selection, and the selection masks.</summary>
public sealed class ControlModelTests
{
    [Fact]
    public void Conditions_retries_and_fallbacks_are_in_the_model_with_their_bindings()
    {
        GraphModel model = Model(GraphSources.Controlled, "Routing.Router");
        LayerModel classify = model.Layers[0], search = model.Layers[1], log = model.Layers[2];

        // Inputs: the layers' own first (query), then those only conditions and fallbacks take, layer by layer.
        Assert.Equal(new[] { "query", "verbose", "tenant" }, model.Inputs.Select(i => i.Name));

        Assert.Equal(new RetryModel(0, 100, RetryBackoffKind.Exponential, true, null), classify.Retry);
        Assert.Equal(new RetryModel(3, 50, RetryBackoffKind.Linear, false, new EquatableArray<string>(new[] { "global::System.Net.Http.HttpRequestException" })), search.Retry);
        Assert.Equal(new RetryModel(2, 10, RetryBackoffKind.Exponential, true, null), log.Retry);
        Assert.Null(classify.When);
        Assert.Null(classify.Fallback);

        Assert.Equal(
            new ConditionModel("IsLong", true, new EquatableArray<ArgumentModel>(new[] { new ArgumentModel(ArgumentKind.DependencyValue, 0), new ArgumentModel(ArgumentKind.Input, 1) })),
            search.When);
        Assert.Equal(
            new FallbackModel("Cached", false, ReturnKind.Value, new EquatableArray<ArgumentModel>(new[]
            {
                new ArgumentModel(ArgumentKind.CancellationToken, -1),
                new ArgumentModel(ArgumentKind.Input, 0),
                new ArgumentModel(ArgumentKind.Error, -1, "global::System.Net.Http.HttpRequestException"),
                new ArgumentModel(ArgumentKind.Input, 2),
                new ArgumentModel(ArgumentKind.DependencyValue, 0),
            })),
            search.Fallback);
        Assert.Equal(
            new FallbackModel("Quiet", false, ReturnKind.Void, new EquatableArray<ArgumentModel>(new[] { new ArgumentModel(ArgumentKind.Error, -1, "global::System.Exception") })),
            log.Fallback);

        // Search takes Classify as LayerResult<int>, but its condition and fallback take it as int: it needs the value.
        Assert.True(search.NeedsValueOf(0));
        Assert.True(log.NeedsValueOf(1));
    }

    [Fact]
    public void The_plan_counts_attempts_delays_and_fallbacks_per_layer_and_along_the_critical_path()
    {
        PlanModel plan = Model(GraphSources.Controlled, "Routing.Router").Plan;

        // Classify: one attempt of 100. Search: 4 x 200 + (50 + 100 + 150) linear without jitter + 200 fallback = 1300.
        // Log (class default Retry(2, 10 ms), exponential, jittered): 3 x 100 + (10 + 20) x 1.5 + 100 fallback = 445.
        Assert.Equal(new long[] { 100, 1300, 445 }, plan.LayerWorstCaseMilliseconds.ToArray());
        Assert.Equal(1845, plan.WorstCaseLatencyMilliseconds);
        Assert.Equal(new[] { 0, 1, 2 }, plan.CriticalPath.ToArray());
        Assert.Contains("n1[\"Search<br/>200 ms, worst 1300 ms\"]", plan.Mermaid, StringComparison.Ordinal);
        Assert.Contains("n0[\"Classify<br/>100 ms\"]", plan.Mermaid, StringComparison.Ordinal);
        Assert.Empty(MermaidGrammar.Violations(plan.Mermaid));
    }

    [Fact]
    public void Absurd_retry_settings_saturate_at_the_largest_TimeSpan()
    {
        PlanModel plan = Model("""
            using System.Threading;
            using Gen.Exec;
            public partial class G
            {
                [Layer, Timeout(int.MaxValue), Retry(int.MaxValue, DelayMilliseconds = int.MaxValue)] public int A(CancellationToken ct) => 1;
                [Layer, Timeout(int.MaxValue), DependsOn(nameof(A))] public int B(int a, CancellationToken ct) => a;
            }
            """, "G").Plan;

        Assert.Equal(PlanCosts.MaxMilliseconds, plan.LayerWorstCaseMilliseconds[0]);
        Assert.Equal(PlanCosts.MaxMilliseconds, plan.WorstCaseLatencyMilliseconds);
        Assert.Equal(PlanCosts.MaxMilliseconds, TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerMillisecond);
    }

    [Fact]
    public void Selection_masks_hold_each_layers_transitive_closure_across_words()
    {
        // A chain of 70 layers (L0 <- L1 <- ... <- L69) plus a lone layer X: two words per layer.
        var source = new StringBuilder("using Gen.Exec;\n[Timeout(10)] public partial class Chain\n{\n    [Layer] public int L0() => 0;\n");
        for (int i = 1; i < 70; i++)
        {
            source.Append($"    [Layer, DependsOn(nameof(L{i - 1}))] public int L{i}() => {i};\n");
        }

        source.Append("    [Layer] public int X() => 0;\n}\n");
        PlanModel plan = Model(source.ToString(), "Chain").Plan;

        Assert.Equal(2, plan.SelectionWords);
        Assert.Equal(71 * 2, plan.SelectionMasks.Count);
        ulong[] Mask(int layer) => plan.SelectionMasks.Skip(layer * 2).Take(2).ToArray();

        Assert.Equal(new ulong[] { 1, 0 }, Mask(0));
        Assert.Equal(new ulong[] { ulong.MaxValue, 0 }, Mask(63));
        Assert.Equal(new ulong[] { ulong.MaxValue, (1UL << 6) - 1 }, Mask(69));
        Assert.Equal(new ulong[] { 0, 1UL << 6 }, Mask(70));
    }

    private static GraphModel Model(string source, string typeName)
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(source);
        INamedTypeSymbol type = compilation.GetTypeByMetadataName(typeName)!;
        GraphAnalysis analysis = GraphBuilder.Analyze(type, GraphSymbols.Create(compilation)!, default);
        Assert.Empty(analysis.Problems.Where(p => p.IsError).Select(p => p.Kind));
        return analysis.Model!;
    }
}
