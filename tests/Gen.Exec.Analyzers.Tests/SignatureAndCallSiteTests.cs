using System.Threading;
using System.Threading.Tasks;
using Gen.Exec.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using static Gen.Exec.Analyzers.Tests.AnalyzerVerifier;

namespace Gen.Exec.Analyzers.Tests;

/// <summary>GEX019 (misspelt dependency parameter), GEX020 (uncovered async work), GEX021 (positional same-typed inputs) and their fixes.</summary>
public sealed class SignatureAndCallSiteTests
{
    // A hand-written stand-in for a generated executor: the analyzer recognises the generator's [GeneratedCode].
    private const string Executor = """

        public partial class Search
        {
            [System.CodeDom.Compiler.GeneratedCode("Gen.Exec.Generators", "1.0.0")]
            public sealed partial class Executor
            {
                public Task<int> RunAsync(string query, string tenant, int k, int limit, CancellationToken cancellationToken = default) => Task.FromResult(k);
            }
        }

        public sealed class Other
        {
            public Task<int> RunAsync(string a, string b) => Task.FromResult(1);
        }
        """;

    [Fact]
    public Task GEX019_a_parameter_one_edit_from_an_untaken_dependency_is_reported() => VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int Profile(System.Threading.CancellationToken ct) => 1;
            [Layer] public int Score(System.Threading.CancellationToken ct) => 1;
            [Layer, DependsOn(nameof(Profile))] public int B(int {|#0:profil|}, System.Threading.CancellationToken ct) => profil;
            [Layer, DependsOn(nameof(Profile), nameof(Score))] public int C(int profile, int {|#1:Scores|}, System.Threading.CancellationToken ct) => profile;
            // Silent: the dependency is taken already, the name is two edits away, or there is no [DependsOn].
            [Layer, DependsOn(nameof(Profile))] public int D(int profile, int profil, System.Threading.CancellationToken ct) => profile;
            [Layer, DependsOn(nameof(Profile))] public int E(int prof, System.Threading.CancellationToken ct) => prof;
            [Layer] public int F(int profil, System.Threading.CancellationToken ct) => profil;
        }
        """,
        Diagnostic(GraphDiagnostics.MisspeltDependencyParameter).WithLocation(0).WithArguments("B", "profil", "Profile"),
        Diagnostic(GraphDiagnostics.MisspeltDependencyParameter).WithLocation(1).WithArguments("C", "Scores", "Score"));

    [Fact]
    public Task GEX019_fix_renames_the_parameter_and_its_uses() => CodeFixVerifier<RenameToDependencyCodeFixProvider>.VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int Profile(System.Threading.CancellationToken ct) => 1;
            [Layer, DependsOn(nameof(Profile))] public int B(int {|#0:profil|}, System.Threading.CancellationToken ct) => profil + 1;
        }
        """,
        new[] { CodeFixVerifier<RenameToDependencyCodeFixProvider>.Diagnostic(GraphDiagnostics.MisspeltDependencyParameter).WithLocation(0).WithArguments("B", "profil", "Profile") },
        """
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int Profile(System.Threading.CancellationToken ct) => 1;
            [Layer, DependsOn(nameof(Profile))] public int B(int profile, System.Threading.CancellationToken ct) => profile + 1;
        }
        """,
        RenameToDependencyCodeFixProvider.EquivalenceKey);

    [Fact]
    public Task GEX020_layers_whose_value_is_itself_async_work_are_reported() => VerifyAsync("""
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public Task<Task<int>> {|#0:Nested|}(CancellationToken ct) => Task.FromResult(Task.FromResult(1));
            [Layer] public ValueTask<Task> {|#1:Mixed|}(CancellationToken ct) => new(Task.CompletedTask);
            [Layer] public Task<ValueTask<int>> {|#2:Inner|}(CancellationToken ct) => Task.FromResult(new ValueTask<int>(1));
            [Layer] public IAsyncEnumerable<int> {|#3:Stream|}(CancellationToken ct) => Items();
            [Layer] public Task<IAsyncEnumerable<int>> {|#4:Later|}(CancellationToken ct) => Task.FromResult(Items());
            [Layer] public Task<int> Plain(CancellationToken ct) => Task.FromResult(1);
            [Layer] public List<Task> Tasks(CancellationToken ct) => new();

            private static async IAsyncEnumerable<int> Items() { await Task.Yield(); yield return 1; }
        }
        """,
        Diagnostic(GraphDiagnostics.UncoveredAsyncWork).WithLocation(0).WithArguments("Nested", "System.Threading.Tasks.Task<System.Threading.Tasks.Task<int>>", "await the inner task in the layer (or Unwrap it) and return Task<T> or ValueTask<T> of its result"),
        Diagnostic(GraphDiagnostics.UncoveredAsyncWork).WithLocation(1).WithArguments("Mixed", "System.Threading.Tasks.ValueTask<System.Threading.Tasks.Task>", "await the inner task in the layer (or Unwrap it) and return Task<T> or ValueTask<T> of its result"),
        Diagnostic(GraphDiagnostics.UncoveredAsyncWork).WithLocation(2).WithArguments("Inner", "System.Threading.Tasks.Task<System.Threading.Tasks.ValueTask<int>>", "await the inner task in the layer (or Unwrap it) and return Task<T> or ValueTask<T> of its result"),
        Diagnostic(GraphDiagnostics.UncoveredAsyncWork).WithLocation(3).WithArguments("Stream", "System.Collections.Generic.IAsyncEnumerable<int>", "collect the stream inside the layer (await foreach, with the layer's token) and return Task<T> of the collected items"),
        Diagnostic(GraphDiagnostics.UncoveredAsyncWork).WithLocation(4).WithArguments("Later", "System.Threading.Tasks.Task<System.Collections.Generic.IAsyncEnumerable<int>>", "collect the stream inside the layer (await foreach, with the layer's token) and return Task<T> of the collected items"));

    [Fact]
    public Task GEX021_same_typed_inputs_by_position_are_reported_and_named_ones_are_not() => CallSiteVerifier.VerifyAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        public static class Caller
        {
            public static async Task Run(Search.Executor executor, Other other, CancellationToken ct)
            {
                await executor.RunAsync{|#0:("q", "acme", 5, 10, ct)|};
                await executor.RunAsync{|#1:(query: "q", tenant: "acme", 5, 10)|};
                await executor.RunAsync(query: "q", tenant: "acme", k: 5, limit: 10, ct);
                await executor.RunAsync(tenant: "acme", query: "q", limit: 10, k: 5);
                await other.RunAsync("a", "b");
            }
        }
        """ + Executor,
        CallSiteVerifier.Diagnostic().WithLocation(0).WithArguments("Search", "'query' and 'tenant' (string); 'k' and 'limit' (int)"),
        CallSiteVerifier.Diagnostic().WithLocation(1).WithArguments("Search", "'k' and 'limit' (int)"));

    [Fact]
    public Task GEX021_fix_names_the_positional_inputs_and_leaves_the_token() => CallSiteVerifier.VerifyFixAsync("""
        using System.Threading;
        using System.Threading.Tasks;

        public static class Caller
        {
            public static async Task Run(Search.Executor executor, CancellationToken ct)
            {
                await executor.RunAsync{|#0:("q", "acme", k: 5, limit: 10, ct)|};
            }
        }
        """ + Executor,
        CallSiteVerifier.Diagnostic().WithLocation(0).WithArguments("Search", "'query' and 'tenant' (string)"),
        """
        using System.Threading;
        using System.Threading.Tasks;

        public static class Caller
        {
            public static async Task Run(Search.Executor executor, CancellationToken ct)
            {
                await executor.RunAsync(query: "q", tenant: "acme", k: 5, limit: 10, ct);
            }
        }
        """ + Executor);

    private static class CallSiteVerifier
    {
        public static DiagnosticResult Diagnostic() => new(GraphDiagnostics.PositionalSameTypeInputs);

        public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
        {
            var test = new CSharpAnalyzerTest<PositionalInputsAnalyzer, DefaultVerifier> { TestCode = source, ReferenceAssemblies = TestReferences.None };
            test.TestState.AdditionalReferences.AddRange(TestReferences.All);
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        public static Task VerifyFixAsync(string source, DiagnosticResult expected, string fixedSource)
        {
            var test = new CSharpCodeFixTest<PositionalInputsAnalyzer, NameRunInputsCodeFixProvider, DefaultVerifier>
            {
                TestCode = source,
                FixedCode = fixedSource,
                ReferenceAssemblies = TestReferences.None,
            };
            test.TestState.AdditionalReferences.AddRange(TestReferences.All);
            test.FixedState.AdditionalReferences.AddRange(TestReferences.All);
            test.ExpectedDiagnostics.Add(expected);
            return test.RunAsync(CancellationToken.None);
        }
    }
}
