using System.Threading;
using System.Threading.Tasks;
using Gen.Exec.CodeFixes;
using Microsoft.CodeAnalysis.Testing;

namespace Gen.Exec.Analyzers.Tests;

/// <summary>Every code fix, before and after, including fix-all where the fix supports it.</summary>
public sealed class CodeFixTests
{
    [Fact]
    public Task GEX002_adds_a_time_out_to_the_layer() => CodeFixVerifier<AddTimeoutCodeFixProvider>.VerifyAsync("""
        using System.Threading;
        using Gen.Exec;

        public partial class G
        {
            [Layer]
            public int {|#0:Fetch|}(CancellationToken ct) => 1;
        }
        """,
        new[] { CodeFixVerifier<AddTimeoutCodeFixProvider>.Diagnostic(GraphDiagnostics.MissingTimeout).WithLocation(0).WithArguments("Fetch") },
        """
        using System.Threading;
        using Gen.Exec;

        public partial class G
        {
            [Layer, Timeout(1000)]
            public int Fetch(CancellationToken ct) => 1;
        }
        """,
        AddTimeoutCodeFixProvider.LayerEquivalenceKey);

    [Fact]
    public Task GEX002_layer_fix_keeps_the_qualification_and_fixes_all_layers()
    {
        var test = new CodeFixVerifier<AddTimeoutCodeFixProvider>.CodeFixTest
        {
            TestCode = """
                public partial class G
                {
                    [Gen.Exec.Layer(Priority = 1)] public int {|#0:A|}(System.Threading.CancellationToken ct) => 1;
                    [Gen.Exec.Layer] public int {|#1:B|}(System.Threading.CancellationToken ct) => 1;
                }
                """,
            FixedCode = """
                public partial class G
                {
                    [Gen.Exec.Layer(Priority = 1), Gen.Exec.Timeout(1000)] public int A(System.Threading.CancellationToken ct) => 1;
                    [Gen.Exec.Layer, Gen.Exec.Timeout(1000)] public int B(System.Threading.CancellationToken ct) => 1;
                }
                """,
            CodeActionEquivalenceKey = AddTimeoutCodeFixProvider.LayerEquivalenceKey,
        };
        test.ExpectedDiagnostics.Add(new DiagnosticResult(GraphDiagnostics.MissingTimeout).WithLocation(0).WithArguments("A"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(GraphDiagnostics.MissingTimeout).WithLocation(1).WithArguments("B"));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task GEX002_adds_a_class_level_default_time_out_once_for_all_layers()
    {
        var test = new CodeFixVerifier<AddTimeoutCodeFixProvider>.CodeFixTest
        {
            TestCode = """
                using Gen.Exec;

                namespace App
                {
                    /// <summary>A graph.</summary>
                    public sealed partial class G
                    {
                        [Layer] public int {|#0:A|}() => 1;
                        [Layer] public int {|#1:B|}() => 1;
                    }
                }
                """,
            FixedCode = """
                using Gen.Exec;

                namespace App
                {
                    /// <summary>A graph.</summary>
                    [Timeout(1000)]
                    public sealed partial class G
                    {
                        [Layer] public int A() => 1;
                        [Layer] public int B() => 1;
                    }
                }
                """,
            CodeActionEquivalenceKey = AddTimeoutCodeFixProvider.ClassEquivalenceKey,
            CodeActionIndex = 1,
        };
        test.ExpectedDiagnostics.Add(new DiagnosticResult(GraphDiagnostics.MissingTimeout).WithLocation(0).WithArguments("A"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(GraphDiagnostics.MissingTimeout).WithLocation(1).WithArguments("B"));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task GEX002_class_level_time_out_goes_above_existing_class_attributes() => CodeFixVerifier<AddTimeoutCodeFixProvider>.VerifyAsync("""
        using Gen.Exec;

        [LatencyBudget(5000)]
        internal partial class G
        {
            [Layer] public int {|#0:A|}() => 1;
        }
        """,
        new[] { CodeFixVerifier<AddTimeoutCodeFixProvider>.Diagnostic(GraphDiagnostics.MissingTimeout).WithLocation(0).WithArguments("A") },
        """
        using Gen.Exec;

        [Timeout(1000)]
        [LatencyBudget(5000)]
        internal partial class G
        {
            [Layer] public int A() => 1;
        }
        """,
        AddTimeoutCodeFixProvider.ClassEquivalenceKey);

    [Fact]
    public Task GEX003_replaces_the_unknown_name_with_nameof_the_nearest_layer() => CodeFixVerifier<UseNearestLayerNameCodeFixProvider>.VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int Episodic() => 1;
            [Layer, DependsOn({|#0:"Episodc"|})] public int Merge() => 1;
            [Layer, DependsOn(new[] { {|#1:"episodic"|} })] public int Other() => 1;
        }
        """,
        new[]
        {
            CodeFixVerifier<UseNearestLayerNameCodeFixProvider>.Diagnostic(GraphDiagnostics.UnknownDependency).WithLocation(0).WithArguments("Merge", "Episodc", "; did you mean 'Episodic'?"),
            CodeFixVerifier<UseNearestLayerNameCodeFixProvider>.Diagnostic(GraphDiagnostics.UnknownDependency).WithLocation(1).WithArguments("Other", "episodic", "; did you mean 'Episodic'?"),
        },
        """
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int Episodic() => 1;
            [Layer, DependsOn(nameof(Episodic))] public int Merge() => 1;
            [Layer, DependsOn(new[] { nameof(Episodic) })] public int Other() => 1;
        }
        """);

    [Fact]
    public Task GEX003_offers_no_fix_without_a_plausible_suggestion()
    {
        const string source = """
            using Gen.Exec;

            [Timeout(1000)]
            public partial class G
            {
                [Layer] public int Episodic() => 1;
                [Layer, DependsOn({|#0:"Completely"|})] public int Merge() => 1;
            }
            """;
        return CodeFixVerifier<UseNearestLayerNameCodeFixProvider>.VerifyAsync(
            source,
            new[] { CodeFixVerifier<UseNearestLayerNameCodeFixProvider>.Diagnostic(GraphDiagnostics.UnknownDependency).WithLocation(0).WithArguments("Merge", "Completely", string.Empty) },
            source);
    }

    [Fact]
    public Task GEX006_removes_the_duplicate_argument_and_empty_attributes() => CodeFixVerifier<RemoveDependencyCodeFixProvider>.VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int A() => 1;
            [Layer] public int B() => 1;
            [Layer, DependsOn(nameof(A), {|#0:nameof(A)|}, nameof(B))] public int C() => 1;
            [Layer, DependsOn(nameof(A))]
            [DependsOn({|#1:nameof(A)|})]
            public int D() => 1;
            [Layer, DependsOn(nameof(B)), DependsOn({|#2:"B"|})] public int E() => 1;
            [Layer, DependsOn(new[] { nameof(A), {|#3:nameof(A)|} })] public int F() => 1;
        }
        """,
        new[]
        {
            CodeFixVerifier<RemoveDependencyCodeFixProvider>.Diagnostic(GraphDiagnostics.DuplicateDependency).WithLocation(0).WithArguments("C", "A"),
            CodeFixVerifier<RemoveDependencyCodeFixProvider>.Diagnostic(GraphDiagnostics.DuplicateDependency).WithLocation(1).WithArguments("D", "A"),
            CodeFixVerifier<RemoveDependencyCodeFixProvider>.Diagnostic(GraphDiagnostics.DuplicateDependency).WithLocation(2).WithArguments("E", "B"),
            CodeFixVerifier<RemoveDependencyCodeFixProvider>.Diagnostic(GraphDiagnostics.DuplicateDependency).WithLocation(3).WithArguments("F", "A"),
        },
        """
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int A() => 1;
            [Layer] public int B() => 1;
            [Layer, DependsOn(nameof(A), nameof(B))] public int C() => 1;
            [Layer, DependsOn(nameof(A))]
            public int D() => 1;
            [Layer, DependsOn(nameof(B))] public int E() => 1;
            [Layer, DependsOn(new[] { nameof(A) })] public int F() => 1;
        }
        """);

    [Fact]
    public Task GEX005_removes_the_self_dependency() => CodeFixVerifier<RemoveDependencyCodeFixProvider>.VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int A() => 1;
            [Layer, DependsOn(nameof(A), {|#0:nameof(B)|})] public int B() => 1;
            [Layer, DependsOn({|#1:nameof(C)|})] public int C() => 1;
        }
        """,
        new[]
        {
            CodeFixVerifier<RemoveDependencyCodeFixProvider>.Diagnostic(GraphDiagnostics.SelfDependency).WithLocation(0).WithArguments("B"),
            CodeFixVerifier<RemoveDependencyCodeFixProvider>.Diagnostic(GraphDiagnostics.SelfDependency).WithLocation(1).WithArguments("C"),
        },
        """
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int A() => 1;
            [Layer, DependsOn(nameof(A))] public int B() => 1;
            [Layer] public int C() => 1;
        }
        """);

    [Fact]
    public Task GEX008_makes_the_graph_and_its_container_partial() => CodeFixVerifier<MakePartialCodeFixProvider>.VerifyAsync("""
        using Gen.Exec;

        class {|#0:Outer|}
        {
            [Timeout(1000)]
            public sealed class {|#1:G|}
            {
                [Layer] public int A() => 1;
            }
        }
        """,
        new[]
        {
            CodeFixVerifier<MakePartialCodeFixProvider>.Diagnostic(GraphDiagnostics.NotPartial).WithLocation(0).WithArguments("Outer"),
            CodeFixVerifier<MakePartialCodeFixProvider>.Diagnostic(GraphDiagnostics.NotPartial).WithLocation(1).WithArguments("G"),
        },
        """
        using Gen.Exec;

        partial class Outer
        {
            [Timeout(1000)]
            public sealed partial class G
            {
                [Layer] public int A() => 1;
            }
        }
        """);

    [Fact]
    public Task GEX008_adds_partial_to_a_declaration_without_modifiers() => CodeFixVerifier<MakePartialCodeFixProvider>.VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        class {|#0:G|}
        {
            [Layer] public int A() => 1;
        }
        """,
        new[] { CodeFixVerifier<MakePartialCodeFixProvider>.Diagnostic(GraphDiagnostics.NotPartial).WithLocation(0).WithArguments("G") },
        """
        using Gen.Exec;

        [Timeout(1000)]
        partial class G
        {
            [Layer] public int A() => 1;
        }
        """);

    [Fact]
    public Task GEX012_adds_the_layer_to_an_existing_DependsOn() => CodeFixVerifier<AddDependencyCodeFixProvider>.VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int Fetch() => 1;
            [Layer] public int Rank() => 1;
            [Layer, DependsOn(nameof(Rank))] public int Use(int rank, int {|#0:fetch|}) => fetch;
        }
        """,
        new[] { CodeFixVerifier<AddDependencyCodeFixProvider>.Diagnostic(GraphDiagnostics.ParameterNotInDependsOn).WithLocation(0).WithArguments("Use", "fetch", "Fetch") },
        """
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int Fetch() => 1;
            [Layer] public int Rank() => 1;
            [Layer, DependsOn(nameof(Rank), nameof(Fetch))] public int Use(int rank, int fetch) => fetch;
        }
        """);

    [Fact]
    public Task GEX012_adds_a_DependsOn_next_to_the_layer_attribute() => CodeFixVerifier<AddDependencyCodeFixProvider>.VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int Fetch() => 1;
            [Layer(Priority = 3)]
            public int Use(int {|#0:fetch|}) => fetch;
        }
        """,
        new[] { CodeFixVerifier<AddDependencyCodeFixProvider>.Diagnostic(GraphDiagnostics.ParameterNotInDependsOn).WithLocation(0).WithArguments("Use", "fetch", "Fetch") },
        """
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int Fetch() => 1;
            [Layer(Priority = 3), DependsOn(nameof(Fetch))]
            public int Use(int fetch) => fetch;
        }
        """);

    [Fact]
    public Task GEX015_adds_a_cancellation_token_parameter() => CodeFixVerifier<AddCancellationTokenCodeFixProvider>.VerifyAsync("""
        using System.Threading;
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer, Timeout(100)] public int {|#0:Fetch|}(string query) => 1;
            [Layer, Timeout(100)] public int {|#1:Ping|}() => 1;
        }
        """,
        new[]
        {
            CodeFixVerifier<AddCancellationTokenCodeFixProvider>.Diagnostic(GraphDiagnostics.TimeoutWithoutCancellationToken).WithLocation(0).WithArguments("Fetch"),
            CodeFixVerifier<AddCancellationTokenCodeFixProvider>.Diagnostic(GraphDiagnostics.TimeoutWithoutCancellationToken).WithLocation(1).WithArguments("Ping"),
        },
        """
        using System.Threading;
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer, Timeout(100)] public int Fetch(string query, CancellationToken cancellationToken) => 1;
            [Layer, Timeout(100)] public int Ping(CancellationToken cancellationToken) => 1;
        }
        """);

    [Fact]
    public Task GEX015_adds_the_using_and_keeps_optional_and_params_parameters_valid() => CodeFixVerifier<AddCancellationTokenCodeFixProvider>.VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer, Timeout(100)] public int {|#0:Fetch|}(string query, int k = 5) => 1;
            [Layer, Timeout(100)] public int {|#1:Sum|}(params int[] values) => 1;
        }
        """,
        new[]
        {
            CodeFixVerifier<AddCancellationTokenCodeFixProvider>.Diagnostic(GraphDiagnostics.TimeoutWithoutCancellationToken).WithLocation(0).WithArguments("Fetch"),
            CodeFixVerifier<AddCancellationTokenCodeFixProvider>.Diagnostic(GraphDiagnostics.TimeoutWithoutCancellationToken).WithLocation(1).WithArguments("Sum"),
        },
        """
        using System.Threading;
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer, Timeout(100)] public int Fetch(string query, int k = 5, CancellationToken cancellationToken = default) => 1;
            [Layer, Timeout(100)] public int Sum(CancellationToken cancellationToken, params int[] values) => 1;
        }
        """);
}
