using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Gen.Exec.Generators.Tests;

/// <summary>
/// Service integration in the generated code: emitted only for the libraries the project references (found once per
/// compilation), compiling cleanly in every combination, cached across unrelated edits, and checked in as snapshots.
/// </summary>
public sealed class IntegrationGenerationTests
{
    private const string Services = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Gen.Exec;

        namespace Shop;

        public interface ICatalog { Task<int> PriceAsync(string sku, CancellationToken ct); }
        public enum Tier { Basic = 1, Gold = 2 }

        [Timeout(500)]
        public sealed partial class Pricing
        {
            public Pricing(ICatalog catalog, Tier tier = Tier.Gold, string? region = null, double margin = 1.5) { Catalog = catalog; }
            public Pricing(ICatalog catalog) : this(catalog, Tier.Basic) { }
            public ICatalog Catalog { get; }

            [Layer(Critical = true), ResiliencePipeline("catalog")]
            public Task<int> Price(string sku, CancellationToken ct) => Catalog.PriceAsync(sku, ct);

            [Layer, DependsOn(nameof(Price)), ResiliencePipeline("local")]
            public int Taxed(int price) => price * 2;

            [Layer, ResiliencePipeline("local")]
            public void Audit(string sku) { }

            [Layer, ResiliencePipeline("local")]
            public async ValueTask<string> Label(string sku, CancellationToken ct) { await Task.Yield(); return sku; }

            [Layer]
            public Task Warm(CancellationToken ct) => Task.CompletedTask;
        }

        [Timeout(100)]
        public static partial class Clock
        {
            [Layer]
            public static long Now() => 0;
        }

        public partial class Outer
        {
            [Timeout(100)]
            private sealed partial class Hidden
            {
                [Layer]
                public int One() => 1;
            }
        }

        [Timeout(100)]
        public sealed partial class Box<T>
        {
            [Layer]
            public int One() => 1;
        }
        """;

    private static readonly string s_snapshotDirectory = typeof(IntegrationGenerationTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "SnapshotDirectory").Value!;

    [Fact]
    public void A_project_without_the_optional_libraries_gets_no_integration_code()
    {
        // [ResiliencePipeline] without Polly.Core is the analyzers' error (GEX032); the generator ignores it.
        (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(GeneratorHarness.Compile(Services));

        Assert.Empty(GeneratorHarness.Problems(output));
        Assert.DoesNotContain(result.Results.Single().GeneratedSources, s => s.HintName == ServiceEmitter.HintName);
        foreach (GeneratedSourceResult source in result.Results.Single().GeneratedSources)
        {
            string text = source.SourceText.ToString();
            Assert.DoesNotContain("Microsoft.Extensions", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Polly", text, StringComparison.Ordinal);
            Assert.DoesNotContain("internal Executor(", text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(output.References, r => r.Display?.Contains("Polly", StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData(true, false, false, false)]
    [InlineData(true, true, false, false)]
    [InlineData(true, false, true, false)]
    [InlineData(false, false, false, true)]
    [InlineData(true, true, true, true)]
    public void Every_combination_of_libraries_compiles_cleanly(bool di, bool logging, bool options, bool polly)
    {
        (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(
            GeneratorHarness.WithIntegration(GeneratorHarness.Compile(Services), di, logging, options, polly));

        Assert.Empty(GeneratorHarness.Problems(output));
        string all = string.Join("\n", result.Results.Single().GeneratedSources.Select(s => s.SourceText.ToString()));
        Assert.Equal(di, all.Contains("class GenExecServiceCollectionExtensions", StringComparison.Ordinal));
        Assert.Equal(di && logging, all.Contains("LoggerMessage.Define", StringComparison.Ordinal));
        Assert.Equal(di && options, all.Contains("IValidateOptions", StringComparison.Ordinal));
        Assert.Equal(polly, all.Contains("global::Polly.ResilienceContextPool", StringComparison.Ordinal));
    }

    [Fact]
    public void With_every_library_the_registration_and_the_pipeline_layers()
        => Verify(nameof(With_every_library_the_registration_and_the_pipeline_layers), GeneratorHarness.WithIntegration(GeneratorHarness.Compile(Services)));

    [Fact]
    public void With_dependency_injection_alone()
        => Verify(
            nameof(With_dependency_injection_alone),
            GeneratorHarness.WithIntegration(GeneratorHarness.Compile(Services), logging: false, options: false, polly: false),
            ServiceEmitter.HintName);

    [Fact]
    public void An_unrelated_edit_is_served_from_cache_with_the_libraries_referenced()
    {
        CSharpCompilation compilation = GeneratorHarness.WithIntegration(GeneratorHarness.Compile(Services, "public class Unrelated { }"));
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        SyntaxTree unrelated = compilation.SyntaxTrees.Last();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(unrelated, unrelated.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("public class Unrelated { public int X; }")));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (string step in new[] { "Graphs", "ValidGraphs", "Integration", "Registrations" })
        {
            Assert.All(second.TrackedSteps[step].SelectMany(s => s.Outputs), output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {step} ran again: {output.Reason}"));
        }

        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), output =>
            Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Adding_a_reference_to_a_library_regenerates_with_its_integration()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Services);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        GeneratorRunResult second = driver.RunGenerators(GeneratorHarness.WithIntegration(compilation, logging: false, options: false, polly: false)).GetRunResult().Results.Single();

        Assert.Contains(second.TrackedSteps["Integration"].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(second.GeneratedSources, s => s.HintName == ServiceEmitter.HintName);
    }

    private static void Verify(string name, CSharpCompilation compilation, string? only = null)
    {
        (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(compilation);
        Assert.Empty(GeneratorHarness.Problems(output));
        string generated = string.Join("\n", result.Results.SelectMany(r => r.GeneratedSources)
            .Where(s => only is null ? s.HintName is ServiceEmitter.HintName or "Shop.Pricing.g.cs" : s.HintName == only)
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .Select(s => "// " + s.HintName + "\n" + s.SourceText.ToString()));

        string path = Path.Combine(s_snapshotDirectory, name + ".g.cs");
        if (Environment.GetEnvironmentVariable("GENEXEC_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, generated);
            return;
        }

        Assert.True(File.Exists(path), $"No snapshot at {path}; run with GENEXEC_UPDATE_SNAPSHOTS=1 to create it.");
        Assert.Equal(File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal), generated);
    }
}
