using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Gen.Exec.Generators.Tests;

/// <summary>
/// Builds without analyzers (the package's targets set build_property.GenExecAnalyzersOff): an invalid graph's
/// errors still reach the build output, as #error lines naming the GEX id and message; with analyzers on, nothing.
/// </summary>
public sealed class AnalyzersOffTests
{
    private const string Invalid = """
        using Gen.Exec;
        namespace Shop;
        public partial class Orders
        {
            [Layer] public int Fetch() => 1;
            [Layer, DependsOn("Fetchh")] public int Price() => 1;
        }
        """;

    [Fact]
    public void With_analyzers_off_each_GEX_error_becomes_an_error_naming_its_id_message_and_position()
    {
        (GeneratorDriverRunResult result, Compilation output) = Run(Invalid, analyzersOff: "true");

        string[] errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.GetMessage()).ToArray();
        Assert.Contains(errors, e => e.Contains("GEX002 in Shop.Orders at Source0.cs(5,24): Layer 'Fetch' has no time-out", System.StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("GEX002 in Shop.Orders at Source0.cs(6,45): Layer 'Price' has no time-out", System.StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("GEX003 in Shop.Orders at Source0.cs(6,23): Layer 'Price' depends on 'Fetchh', which is not a layer of this graph; did you mean 'Fetch'?", System.StringComparison.Ordinal));
        Assert.Equal(3, errors.Length);
        Assert.Equal("Shop.Orders.g.cs", result.GeneratedTrees.Single().FilePath.Split('/', '\\').Last());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    public void With_analyzers_on_the_generator_adds_nothing_for_an_invalid_graph(string? analyzersOff)
    {
        (GeneratorDriverRunResult result, Compilation output) = Run(Invalid, analyzersOff);

        Assert.Empty(result.GeneratedTrees);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void With_analyzers_off_a_valid_graph_is_generated_as_usual_and_warnings_stay_silent()
    {
        // GEX015 (a warning: time-out without a token) is left to the analyzers; only errors block generation.
        (GeneratorDriverRunResult result, Compilation output) = Run("""
            using Gen.Exec;
            public partial class G { [Layer, Timeout(100)] public int A() => 1; }
            """, analyzersOff: "true");

        Assert.Contains("class Executor", result.GeneratedTrees.Single().ToString(), System.StringComparison.Ordinal);
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    [Theory]
    [InlineData("true", 1)]
    [InlineData(null, 0)]
    public void With_analyzers_off_a_resilience_pipeline_without_Polly_is_GEX032_naming_the_key(string? analyzersOff, int errors)
    {
        (_, Compilation output) = Run("""
            using System.Threading;
            using System.Threading.Tasks;
            using Gen.Exec;
            namespace Shop;
            [Timeout(100)]
            public partial class Search
            {
                [Layer, ResiliencePipeline("search")] public Task<int> Query(CancellationToken ct) => Task.FromResult(1);
                [Layer] public int Plain(CancellationToken ct) => 1;
            }
            """, analyzersOff);

        string[] messages = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.GetMessage()).ToArray();
        Assert.Equal(errors, messages.Length);
        Assert.All(messages, m => Assert.Contains("GEX032 in Shop.Search: [ResiliencePipeline(\"search\")] on 'Query' needs Polly.Core", m, System.StringComparison.Ordinal));
    }

    [Fact]
    public void Compiler_errors_alone_produce_no_pointer()
    {
        (GeneratorDriverRunResult result, _) = Run("""
            using Gen.Exec;
            [Timeout(100)] public partial class G { [Layer] public Missing A() => null!; }
            """, analyzersOff: "true");

        Assert.Empty(result.GeneratedTrees);
    }

    private static (GeneratorDriverRunResult Result, Compilation Output) Run(string source, string? analyzersOff)
    {
        var options = new Options(analyzersOff is null
            ? ImmutableDictionary<string, string>.Empty
            : ImmutableDictionary<string, string>.Empty.Add("build_property.GenExecAnalyzersOff", analyzersOff));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new ExecutorGenerator().AsSourceGenerator() },
            parseOptions: GeneratorHarness.ParseOptions,
            optionsProvider: options);
        driver = driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compile(source), out Compilation output, out ImmutableArray<Diagnostic> diagnostics, CancellationToken.None);
        Assert.Empty(diagnostics);
        return (driver.GetRunResult(), output);
    }

    private sealed class Options(ImmutableDictionary<string, string> global) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(global);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Values(ImmutableDictionary<string, string>.Empty);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Values(ImmutableDictionary<string, string>.Empty);
    }

    private sealed class Values(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
