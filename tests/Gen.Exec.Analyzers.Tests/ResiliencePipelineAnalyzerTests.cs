using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Gen.Exec.Analyzers.Tests;

/// <summary>GEX032 to GEX034: [ResiliencePipeline] without Polly.Core, with an empty key, or off a layer.</summary>
public sealed class ResiliencePipelineAnalyzerTests
{
    private const string Graph = """
        using System.Threading;
        using System.Threading.Tasks;
        using Gen.Exec;

        [Timeout(100)]
        public sealed partial class Search
        {
            [Layer, {|#0:ResiliencePipeline("search")|}]
            public Task<int> Query(CancellationToken ct) => Task.FromResult(1);

            [Layer]
            public int Plain() => 1;
        }
        """;

    [Fact]
    public Task Without_Polly_Core_the_attribute_is_an_error_naming_the_key()
        => Verify(Graph, polly: false, new DiagnosticResult(GraphDiagnostics.PipelineWithoutPolly).WithLocation(0).WithArguments("search", "Query"));

    [Fact]
    public Task Without_Polly_Core_a_class_level_attribute_is_an_error_too()
        => Verify(
            """
            using Gen.Exec;

            [Timeout(100), {|#0:ResiliencePipeline("all")|}]
            public sealed partial class Search
            {
                [Layer]
                public int Plain() => 1;
            }
            """,
            polly: false,
            new DiagnosticResult(GraphDiagnostics.PipelineWithoutPolly).WithLocation(0).WithArguments("all", "Search"));

    [Fact]
    public Task With_Polly_Core_nothing_is_reported()
        => Verify(Graph, polly: true);

    [Fact]
    public Task An_empty_key_is_an_error()
        => Verify(Graph.Replace("ResiliencePipeline(\"search\")", "ResiliencePipeline(\" \")", System.StringComparison.Ordinal), polly: true, new DiagnosticResult(GraphDiagnostics.PipelineKeyEmpty).WithLocation(0).WithArguments("Query"));

    [Fact]
    public Task On_a_method_that_is_not_a_layer_it_is_a_warning()
        => Verify(Graph.Replace("[Layer, {|#0:", "[{|#0:", System.StringComparison.Ordinal), polly: true, new DiagnosticResult(GraphDiagnostics.PipelineWithoutLayer).WithLocation(0).WithArguments("search", "Query"));

    [Fact]
    public void The_message_names_the_key_and_the_member()
    {
        Diagnostic diagnostic = Diagnostic.Create(GraphDiagnostics.PipelineWithoutPolly, Location.None, "search", "Query");
        Assert.Equal("[ResiliencePipeline(\"search\")] on 'Query' needs Polly.Core: add <PackageReference Include=\"Polly.Core\" /> (8.x), or remove the attribute", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    private static Task Verify(string source, bool polly, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<ResiliencePipelineAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = TestReferences.None,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        if (polly)
        {
            test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(Polly.ResiliencePipeline).Assembly.Location));
        }

        // The generator does not run here; the partial class's missing Executor is not referenced.
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }
}
