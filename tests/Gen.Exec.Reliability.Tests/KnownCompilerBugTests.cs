using System;
using Gen.Exec.Reliability.Tests.Fuzz;
using Microsoft.CodeAnalysis;

namespace Gen.Exec.Reliability.Tests;

/// <summary>
/// Graphs whose generated code did not compile, or that crashed the generator, while the compiler and the
/// analyzers accepted them (found by the fuzzer). Fixed ones stay as regression tests; open ones are skipped
/// with the bug's description, and the fuzzer's mutator leaves their inputs out until they are fixed.
/// </summary>
public sealed class KnownCompilerBugTests
{
    [Fact]
    public void An_input_named_run_yields_an_executor_that_compiles()
        => AssertGeneratesCleanly("""
            using System.Threading;
            using System.Threading.Tasks;
            using Gen.Exec;

            public sealed partial class Jobs
            {
                [Layer, Timeout(100)]
                public Task<int> Load(int run, CancellationToken ct) => Task.FromResult(run);
            }
            """);

    // Found by the 100,000-case fuzz run: a run input is a parameter of RunAsync, so an input named like a member
    // the executor's RunAsync body uses must not shadow it.
    [Theory]
    [InlineData("_graph")]
    [InlineData("Results")]
    [InlineData("Options")]
    [InlineData("Plan")]
    [InlineData("executor")]
    [InlineData("graph")]
    public void An_input_named_like_an_executor_member_yields_an_executor_that_compiles(string name)
        => AssertGeneratesCleanly($$"""
            using System.Threading;
            using System.Threading.Tasks;
            using Gen.Exec;

            public sealed partial class Jobs
            {
                [Layer, Timeout(100)]
                public Task<int> Load(int {{name}}, CancellationToken ct) => Task.FromResult({{name}});

                [Layer, Timeout(100), DependsOn(nameof(Load))]
                public int Merge(int load, int {{name}}) => load + {{name}};
            }
            """);

    [Theory]
    [InlineData("_layers")]
    [InlineData("Run")]
    [InlineData("Start")]
    [InlineData("_run")]
    public void A_layer_named_like_a_generated_member_yields_an_executor_that_compiles(string name)
        => AssertGeneratesCleanly($$"""
            using System.Threading;
            using System.Threading.Tasks;
            using Gen.Exec;

            public sealed partial class Jobs
            {
                [Layer, Timeout(100)]
                public Task<int> {{name}}(CancellationToken ct) => Task.FromResult(1);
            }
            """);

    // A generated part lives in another file, where a file-local class is out of reach: nothing can be
    // generated for it, so the one outcome is GEX018 on the class, and no executor.
    [Fact]
    public void A_file_local_graph_is_reported_rather_than_generated_broken()
    {
        CompileOutcome outcome = CompilerHarness.Compile("""
            using System.Threading;
            using System.Threading.Tasks;
            using Gen.Exec;

            file sealed partial class Jobs
            {
                [Layer, Timeout(100)]
                public Task<int> Load(CancellationToken ct) => Task.FromResult(1);
            }
            """);

        Assert.Empty(outcome.Crashes);
        Assert.Empty(outcome.GeneratedCodeErrors);
        Assert.Empty(outcome.UserErrors);
        Assert.Empty(outcome.GeneratedTypes);
        Diagnostic gex = Assert.Single(outcome.GexDiagnostics);
        Assert.Equal("GEX018", gex.Id);
        Assert.Equal(DiagnosticSeverity.Error, gex.Severity);
        Assert.Equal("Jobs", gex.Location.SourceTree!.GetText().ToString(gex.Location.SourceSpan));
        Assert.Contains("file-local", gex.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_layer_method_outside_any_type_does_not_crash_the_generator()
    {
        CompileOutcome outcome = CompilerHarness.Compile("""
            using System.Threading;
            using Gen.Exec;

            namespace Jobs
            {
                [Layer, Timeout(100)]
                public int Load(CancellationToken ct) => 1;
            }
            """);

        Assert.Empty(outcome.Crashes);

        // The compiler's own error (a namespace cannot contain a method) is the whole story: no graph, no GEX.
        Assert.Contains(outcome.UserErrors, d => d.Id == "CS0116");
        Assert.Empty(outcome.GexDiagnostics);
        Assert.Empty(outcome.GeneratedCodeErrors);
        Assert.Empty(outcome.GeneratedTypes);
    }

    private static void AssertGeneratesCleanly(string source)
    {
        CompileOutcome outcome = CompilerHarness.Compile(source);
        Assert.Empty(outcome.Crashes);
        Assert.Empty(outcome.UserErrors);
        Assert.Empty(outcome.GeneratedCodeErrors);
        Assert.Equal(outcome.LayerTypes, outcome.GeneratedTypes);
    }
}
