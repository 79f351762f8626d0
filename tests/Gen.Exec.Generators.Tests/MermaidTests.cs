using System.Linq;
using Gen.Exec.Graph;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Gen.Exec.Generators.Tests;

/// <summary>The Mermaid chart the generator emits is valid flowchart syntax whatever the layers are called.</summary>
public sealed class MermaidTests
{
    [Fact]
    public void Layers_named_like_Mermaid_keywords_give_a_valid_chart_labelled_with_their_names()
    {
        string chart = GeneratedChart("""
            using Gen.Exec;
            [Timeout(100)] public partial class G
            {
                [Layer] public int end() => 1;
                [Layer] public int @class() => 1;
                [Layer, DependsOn("end", "class")] public int graph(int end) => end;
                [Layer, DependsOn(nameof(graph))] public int subgraph(int graph) => graph;
                [Layer, DependsOn(nameof(subgraph))] public int style(int subgraph) => 1;
                [Layer, DependsOn(nameof(style))] public int click(int style) => 1;
                [Layer, DependsOn(nameof(click))] public int o(int click) => 1;
                [Layer, DependsOn(nameof(o))] public int x(int o) => 1;
                [Layer, DependsOn(nameof(x))] public int classDef(int x) => 1;
            }
            """);

        Assert.Empty(MermaidGrammar.Violations(chart));
        foreach (string name in new[] { "end", "class", "graph", "subgraph", "style", "click", "o", "x", "classDef" })
        {
            Assert.Contains($"[\"{name}<br/>100 ms\"]", chart);
        }
    }

    [Fact]
    public void The_contract_example_gives_a_valid_chart_with_its_edges_and_critical_path()
    {
        string chart = GeneratedChart(GraphSources.ContractExample);

        Assert.Empty(MermaidGrammar.Violations(chart));
        Assert.Contains("    n1 --> n2\n", chart);
        Assert.Contains("class n1,n2,n3 critical\n", chart);
    }

    [Fact]
    public void Labels_escape_characters_that_are_Mermaid_or_HTML_syntax()
    {
        // C# identifiers cannot hold these characters today; the label escaping is tested on the algorithm itself.
        string chart = GraphAlgorithms.Mermaid(new[] { "a\"b", "end#<x>&[y]" }, new[] { 5, 6 }, new long[] { 5, 6 }, new[] { new int[0], new[] { 0 } }, new[] { 0, 1 });

        Assert.Empty(MermaidGrammar.Violations(chart));
        Assert.Contains("n0[\"a#34;b<br/>5 ms\"]", chart);
        Assert.Contains("n1[\"end#35;#60;x#62;#38;#91;y#93;<br/>6 ms\"]", chart);
    }

    [Theory]
    [InlineData("flowchart LR\n    end[\"end\"]\n", "keyword")]
    [InlineData("flowchart LR\n    n0[\"a\"b\"]\n", "not a node")]
    [InlineData("flowchart LR\n    n0[\"a<b\"]\n", "unescaped")]
    [InlineData("flowchart LR\n    n0[\"a\"]\n    n0 --> n1\n", "not a declared node")]
    [InlineData("flowchart LR\n    n0[\"a\"]\n    ob[\"b\"]\n    n0 --> ob\n", "o or x")]
    [InlineData("flowchart LR\n    n0[\"a\"]\n    class n0 critical\n", "before classDef")]
    [InlineData("graph\n    n0[\"a\"]\n", "header")]
    [InlineData("flowchart LR\n    Class[\"a\"]\n", "keyword")]
    public void The_checker_rejects_what_breaks_a_chart(string chart, string expected)
    {
        Assert.Contains(MermaidGrammar.Violations(chart), violation => violation.Contains(expected, System.StringComparison.Ordinal));
    }

    /// <summary>Runs the generator and reads the chart back from the generated <c>mermaid:</c> argument.</summary>
    private static string GeneratedChart(string source)
    {
        (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(GeneratorHarness.Compile(source));
        Assert.Empty(GeneratorHarness.Problems(output));
        ArgumentSyntax argument = result.GeneratedTrees.Single().GetRoot().DescendantNodes().OfType<ArgumentSyntax>()
            .Single(a => a.NameColon?.Name.Identifier.ValueText == "mermaid");
        return ((LiteralExpressionSyntax)argument.Expression).Token.ValueText;
    }
}
