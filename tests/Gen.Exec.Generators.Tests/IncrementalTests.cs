using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Gen.Exec.Generators.Tests;

/// <summary>The generator does no work again for an unrelated edit, and its pipeline holds only plain values.</summary>
public sealed class IncrementalTests
{
    private static readonly string[] TrackedSteps = { "Graphs", "ValidGraphs" };

    [Fact]
    public void An_unrelated_edit_is_served_from_cache()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(GraphSources.ContractExample, "public class Unrelated { }");
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        // Edit the unrelated file, and add a new one.
        SyntaxTree unrelated = compilation.SyntaxTrees.Last();
        CSharpCompilation edited = compilation
            .ReplaceSyntaxTree(unrelated, unrelated.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("public class Unrelated { public int X; }")))
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText("public class AlsoUnrelated { }", GeneratorHarness.ParseOptions));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (string step in TrackedSteps)
        {
            IEnumerable<IncrementalStepRunReason> reasons = second.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);
            Assert.All(reasons, reason => Assert.True(
                reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {step} ran again: {reason}"));
        }

        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), output =>
            Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void An_edit_inside_a_method_body_of_the_graph_leaves_the_model_unchanged()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(GraphSources.ContractExample);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        SyntaxTree tree = compilation.SyntaxTrees.Single();
        string edited = tree.ToString().Replace("new KnowledgeGraph(semantic.Length)", "new KnowledgeGraph(semantic.Length + 1)", StringComparison.Ordinal);
        GeneratorRunResult second = driver
            .RunGenerators(compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(edited))))
            .GetRunResult().Results.Single();

        Assert.All(second.TrackedSteps["ValidGraphs"].SelectMany(s => s.Outputs), output =>
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
    }

    [Fact]
    public void A_change_to_the_graph_regenerates_it()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(GraphSources.ContractExample);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        SyntaxTree tree = compilation.SyntaxTrees.Single();
        string edited = tree.ToString().Replace("[Layer, Timeout(300)]", "[Layer, Timeout(350)]", StringComparison.Ordinal);
        GeneratorRunResult second = driver
            .RunGenerators(compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(edited))))
            .GetRunResult().Results.Single();

        Assert.Contains(second.TrackedSteps["ValidGraphs"].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("350", second.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_pipeline_models_hold_no_symbols_syntax_locations_or_compilations()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(GraphSources.ContractExample, GraphSources.StaticGraph, GraphSources.NestedGeneric, GraphSources.Controlled);
        GeneratorRunResult result = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single();

        object[] models = TrackedSteps.SelectMany(step => result.TrackedSteps[step])
            .SelectMany(s => s.Outputs)
            .Select(o => o.Value)
            .Where(v => v is not null)
            .ToArray();
        Assert.NotEmpty(models);
        foreach (object model in models)
        {
            AssertPlainValue(model, new HashSet<object>(ReferenceEqualityComparer.Instance), model.GetType().Name);
        }
    }

    private static void AssertPlainValue(object? value, HashSet<object> visited, string path)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !visited.Add(value))
        {
            return;
        }

        Assert.False(value is ISymbol or SyntaxNode or SyntaxTree or Location or Compilation or SemanticModel, $"{path} holds a {value.GetType().Name}");
        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (object? item in items)
            {
                AssertPlainValue(item, visited, $"{path}[{i++}]");
            }
        }

        foreach (FieldInfo field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertPlainValue(field.GetValue(value), visited, path + "." + field.Name);
        }
    }
}
