using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Gen.Exec.Analyzers.Tests;

/// <summary>GEX031: constant names in <c>RunOptions.Targets</c> at a RunAsync call site that are not layers of the graph.</summary>
public sealed class TargetsAnalyzerTests
{
    // A hand-written stand-in for a generated executor with the Contract 2 overload, so that the analyzer is tested
    // independently of the emitter: the analyzer recognises the generator's [GeneratedCode] and reads the layers
    // from the graph class.
    private const string Graph = """

        [Gen.Exec.Timeout(100)]
        public partial class Search
        {
            [Gen.Exec.Layer] public int Episodic(string query) => 1;
            [Gen.Exec.Layer] public int Semantic(string query) => 2;
            public int NotALayer() => 3;

            [System.CodeDom.Compiler.GeneratedCode("Gen.Exec.Generators", "1.0.0")]
            public sealed partial class Executor
            {
                public System.Threading.Tasks.Task<int> RunAsync(string query, System.Threading.CancellationToken cancellationToken = default) => System.Threading.Tasks.Task.FromResult(1);
                public System.Threading.Tasks.Task<int> RunAsync(string query, Gen.Exec.RunOptions? options, System.Threading.CancellationToken cancellationToken = default) => System.Threading.Tasks.Task.FromResult(1);
            }
        }

        public sealed class Other
        {
            public System.Threading.Tasks.Task<int> RunAsync(string query, Gen.Exec.RunOptions? options) => System.Threading.Tasks.Task.FromResult(1);
        }
        """;

    [Fact]
    public Task Constant_targets_that_are_not_layers_are_reported_at_the_element() => VerifyAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Gen.Exec;

        public static class Caller
        {
            public static async Task Run(Search.Executor executor, Other other, string fromUser)
            {
                await executor.RunAsync("q", new RunOptions { Targets = [nameof(Search.Episodic), {|#0:"Semantik"|}] });
                await executor.RunAsync("q", new RunOptions { Targets = new[] { {|#1:nameof(Search.NotALayer)|}, "Semantic" } });
                await executor.RunAsync("q", options: new() { Targets = new List<string> { {|#2:"Unrelated"|}, fromUser } });
                await executor.RunAsync("q", new RunOptions { Targets = new string[] { {|#3:null!|} } });

                // Silent: layers, names known only at run time, no options, and calls of other RunAsync methods.
                await executor.RunAsync("q", new RunOptions { Targets = [nameof(Search.Semantic), fromUser] });
                await executor.RunAsync("q", new RunOptions());
                await executor.RunAsync("q", null);
                await executor.RunAsync("q");
                await other.RunAsync("q", new RunOptions { Targets = ["Nope"] });
            }
        }
        """ + Graph,
        Diagnostic().WithLocation(0).WithArguments("Semantik", "Search", " (did you mean 'Semantic'?)"),
        Diagnostic().WithLocation(1).WithArguments("NotALayer", "Search", string.Empty),
        Diagnostic().WithLocation(2).WithArguments("Unrelated", "Search", string.Empty),
        Diagnostic().WithLocation(3).WithArguments("null", "Search", string.Empty));

    private static DiagnosticResult Diagnostic() => new(GraphDiagnostics.UnknownTarget);

    private static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TargetsAnalyzer, DefaultVerifier> { TestCode = source, ReferenceAssemblies = TestReferences.None };
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }
}
