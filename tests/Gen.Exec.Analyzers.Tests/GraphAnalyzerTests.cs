using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using static Gen.Exec.Analyzers.Tests.AnalyzerVerifier;

namespace Gen.Exec.Analyzers.Tests;

/// <summary>Every diagnostic, where it is reported and with which message, and the look-alikes that must stay silent.</summary>
public sealed class GraphAnalyzerTests
{
    [Fact]
    public Task A_valid_graph_next_to_using_System_Threading_has_no_diagnostics() => VerifyAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Gen.Exec;

        [Timeout(1000)]
        public sealed partial class Recall
        {
            [Layer, Timeout(200)]
            public Task<string[]> Episodic(string query, CancellationToken ct) => Task.FromResult(new[] { query });

            [Layer, Timeout(100), DependsOn(nameof(Episodic))]
            public ValueTask<int> Count(string[] episodic, CancellationToken ct) => new(episodic.Length);

            [Layer(Critical = true, Priority = 2), DependsOn(nameof(Episodic), nameof(Count))]
            public string Merge(LayerResult<string[]> episodic, int count) => count.ToString();

            [Layer, DependsOn("Merge")]
            public static void Log(LayerResult<string> merge) { }

            [Layer, DependsOn(nameof(Log))]
            public Task Flush(LayerResult log) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task Code_without_graphs_has_no_diagnostics() => VerifyAsync("""
        using Gen.Exec;

        public class Plain
        {
            public int Value() => 1;
        }
        """);

    [Fact]
    public Task GEX001_cycle_is_reported_at_the_closing_argument_with_the_whole_cycle() => VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer, DependsOn({|#1:nameof(B)|})] public int A() => 1;
            [Layer, DependsOn({|#2:nameof(C)|})] public int B() => 1;
            [Layer, DependsOn({|#0:nameof(A)|})] public int C() => 1;
        }
        """,
        Diagnostic(GraphDiagnostics.Cycle).WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("A -> B -> C -> A"));

    [Fact]
    public Task GEX001_each_cycle_is_reported_once_however_many_layers_lead_into_it() => VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer, DependsOn(nameof(B))] public int Start1() => 1;
            [Layer, DependsOn(nameof(B), nameof(C))] public int Start2() => 1;
            [Layer, DependsOn({|#1:nameof(C)|})] public int B() => 1;
            [Layer, DependsOn({|#0:nameof(B)|})] public int C() => 1;
            [Layer, DependsOn(nameof(C))] public int Start3() => 1;
            [Layer, DependsOn({|#3:nameof(E)|})] public int D() => 1;
            [Layer, DependsOn({|#2:nameof(D)|})] public int E() => 1;
        }
        """,
        Diagnostic(GraphDiagnostics.Cycle).WithLocation(0).WithLocation(1).WithArguments("B -> C -> B"),
        Diagnostic(GraphDiagnostics.Cycle).WithLocation(2).WithLocation(3).WithArguments("D -> E -> D"));

    [Fact]
    public Task GEX001_diamond_is_not_a_cycle() => VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int A() => 1;
            [Layer, DependsOn(nameof(A))] public int B() => 1;
            [Layer, DependsOn(nameof(A))] public int C() => 1;
            [Layer, DependsOn(nameof(B), nameof(C))] public int D() => 1;
        }
        """);

    [Fact]
    public Task GEX002_layer_without_time_out_is_reported_on_its_name() => VerifyAsync("""
        using Gen.Exec;

        public partial class G
        {
            [Layer, Timeout(100)] public int Timed(System.Threading.CancellationToken ct) => 1;
            [Layer] public int {|#0:Untimed|}() => 1;
        }
        """,
        Diagnostic(GraphDiagnostics.MissingTimeout).WithLocation(0).WithArguments("Untimed"));

    [Fact]
    public Task GEX002_class_level_time_out_covers_every_layer() => VerifyAsync("""
        using Gen.Exec;

        [Timeout(500)]
        public partial class G
        {
            [Layer] public int A() => 1;
            [Layer] public int B() => 1;
        }
        """);

    [Fact]
    public Task GEX003_unknown_dependency_is_reported_on_the_string_with_a_suggestion() => VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int Fetch() => 1;
            [Layer, DependsOn(nameof(Fetch), {|#0:"Fetc"|})] public int Use() => 1;
            [Layer, DependsOn({|#1:"Unrelated"|})] public int Other() => 1;
            [Layer, DependsOn({|#2:""|})] public int Empty() => 1;
        }
        """,
        Diagnostic(GraphDiagnostics.UnknownDependency).WithLocation(2).WithArguments("Empty", "", string.Empty),
        Diagnostic(GraphDiagnostics.UnknownDependency).WithLocation(0).WithArguments("Use", "Fetc", "; did you mean 'Fetch'?"),
        Diagnostic(GraphDiagnostics.UnknownDependency).WithLocation(1).WithArguments("Other", "Unrelated", string.Empty));

    [Fact]
    public Task GEX003_dependency_names_are_case_sensitive() => VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int Fetch() => 1;
            [Layer, DependsOn({|#0:"fetch"|})] public int Use() => 1;
        }
        """,
        Diagnostic(GraphDiagnostics.UnknownDependency).WithLocation(0).WithArguments("Use", "fetch", "; did you mean 'Fetch'?"));

    [Fact]
    public Task GEX003_array_argument_is_reported_on_the_element() => VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int Fetch() => 1;
            [Layer, DependsOn(new[] { nameof(Fetch), {|#0:"Fecth"|} })] public int Use() => 1;
        }
        """,
        Diagnostic(GraphDiagnostics.UnknownDependency).WithLocation(0).WithArguments("Use", "Fecth", "; did you mean 'Fetch'?"));

    [Fact]
    public Task GEX004_latency_budget_exceeded_names_the_path_and_both_figures() => VerifyAsync("""
        using System.Threading;
        using Gen.Exec;

        [{|#0:LatencyBudget(250)|}]
        public partial class G
        {
            [Layer, Timeout(200)] public int A(CancellationToken ct) => 1;
            [Layer, Timeout(50)] public int Side(CancellationToken ct) => 1;
            [Layer, Timeout(100), DependsOn(nameof(A), nameof(Side))] public int B(CancellationToken ct) => 1;
        }
        """,
        Diagnostic(GraphDiagnostics.LatencyBudgetExceeded).WithLocation(0).WithArguments("G", "300", "250", "A -> B"));

    [Fact]
    public Task GEX004_graph_within_its_budget_is_fine() => VerifyAsync("""
        using System.Threading;
        using Gen.Exec;

        [LatencyBudget(300), Timeout(100)]
        public partial class G
        {
            [Layer, Timeout(200)] public int A(CancellationToken ct) => 1;
            [Layer, DependsOn(nameof(A))] public int B() => 1;
        }
        """);

    [Fact]
    public Task GEX005_self_dependency() => VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer, DependsOn({|#0:nameof(Loop)|})] public int Loop() => 1;
        }
        """,
        Diagnostic(GraphDiagnostics.SelfDependency).WithLocation(0).WithArguments("Loop"));

    [Fact]
    public Task GEX006_duplicate_dependency_is_a_warning_on_the_repetition() => VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int A() => 1;
            [Layer, DependsOn(nameof(A), {|#0:nameof(A)|})] public int B() => 1;
            [Layer, DependsOn(nameof(A)), DependsOn({|#1:"A"|})] public int C() => 1;
        }
        """,
        Diagnostic(GraphDiagnostics.DuplicateDependency).WithLocation(0).WithArguments("B", "A"),
        Diagnostic(GraphDiagnostics.DuplicateDependency).WithLocation(1).WithArguments("C", "A"));

    [Fact]
    public Task GEX007_time_outs_and_budgets_must_be_positive() => VerifyAsync("""
        using System.Threading;
        using Gen.Exec;

        [{|#0:Timeout(-5)|}, {|#1:LatencyBudget(0)|}]
        public partial class G
        {
            [Layer, {|#2:Timeout(0)|}] public int A(CancellationToken ct) => 1;
            [Layer] public int B() => 1;
        }
        """,
        Diagnostic(GraphDiagnostics.NonPositiveDuration).WithLocation(0).WithArguments("The class-level time-out of 'G'", "-5"),
        Diagnostic(GraphDiagnostics.NonPositiveDuration).WithLocation(1).WithArguments("The latency budget of 'G'", "0"),
        Diagnostic(GraphDiagnostics.NonPositiveDuration).WithLocation(2).WithArguments("The time-out of layer 'A'", "0"));

    [Fact]
    public Task GEX008_graph_type_and_its_containing_types_must_be_partial() => VerifyAsync("""
        using Gen.Exec;

        public class {|#0:Outer|}
        {
            [Timeout(1000)]
            public class {|#1:G|}
            {
                [Layer] public int A() => 1;
            }

            [Timeout(1000)]
            public partial class Fine
            {
                [Layer] public int A() => 1;
            }
        }
        """,
        Diagnostic(GraphDiagnostics.NotPartial).WithLocation(1).WithArguments("G"),
        Diagnostic(GraphDiagnostics.NotPartial).WithLocation(0).WithArguments("Outer"));

    [Fact]
    public Task GEX008_a_containing_type_that_is_a_graph_itself_is_reported_once() => VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public class {|#0:Outer|}
        {
            [Layer] public int A() => 1;

            [Timeout(1000)]
            public partial class Inner
            {
                [Layer] public int B() => 1;
            }
        }
        """,
        Diagnostic(GraphDiagnostics.NotPartial).WithLocation(0).WithArguments("Outer"));

    [Fact]
    public Task GEX008_static_and_nested_partial_graphs_are_fine() => VerifyAsync("""
        using Gen.Exec;

        public static partial class Outer
        {
            [Timeout(1000)]
            public static partial class G
            {
                [Layer] public static int A() => 1;
            }
        }
        """);

    [Fact]
    public Task GEX009_unsupported_signatures() => VerifyAsync("""
        using System;
        using System.Threading.Tasks;
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int {|#0:Generic|}<T>() => 1;
            [Layer] public int ByRef(ref int {|#1:value|}) => value;
            [Layer] public int Out(out int {|#2:value|}) { value = 1; return 1; }
            [Layer] public async void {|#3:Fire|}() => await Task.Yield();
            [Layer] public int Spanned(ReadOnlySpan<int> {|#4:values|}) => values.Length;
            [Layer] public ref int {|#5:RefReturn|}() => ref _field;
            private int _field;
        }
        """,
        Diagnostic(GraphDiagnostics.UnsupportedSignature).WithLocation(0).WithArguments("Generic", "a layer cannot be a generic method"),
        Diagnostic(GraphDiagnostics.UnsupportedSignature).WithLocation(1).WithArguments("ByRef", "parameter 'value' is passed by reference (ref)"),
        Diagnostic(GraphDiagnostics.UnsupportedSignature).WithLocation(2).WithArguments("Out", "parameter 'value' is passed by reference (out)"),
        Diagnostic(GraphDiagnostics.UnsupportedSignature).WithLocation(3).WithArguments("Fire", "an async void method cannot be awaited; return Task instead"),
        Diagnostic(GraphDiagnostics.UnsupportedSignature).WithLocation(4).WithArguments("Spanned", "parameter 'values' has type 'System.ReadOnlySpan<int>', which cannot be stored across awaits"),
        Diagnostic(GraphDiagnostics.UnsupportedSignature).WithLocation(5).WithArguments("RefReturn", "a layer cannot return by reference"));

    [Fact]
    public Task GEX009_only_ordinary_methods_can_be_layers() => VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            public int P { [{|#0:Layer|}] get => 1; }
            [{|#1:Layer|}] public static G operator +(G a, G b) => a;
            [Layer] public int A() => 1;
        }
        """,
        Diagnostic(GraphDiagnostics.UnsupportedSignature).WithLocation(0).WithArguments("G.P.get", "only ordinary methods can be layers, not a property accessor"),
        Diagnostic(GraphDiagnostics.UnsupportedSignature).WithLocation(1).WithArguments("G.operator +(G, G)", "only ordinary methods can be layers, not an operator"));

    [Fact]
    public Task GEX009_and_GEX016_graph_attributes_on_local_functions_and_lambdas() => VerifyAsync("""
        using System;
        using Gen.Exec;

        public class Host
        {
            public int Run()
            {
                [{|#0:Layer|}] int Local() => 1;
                [{|#1:Timeout(10)|}] int Timed() => 2;
                Func<int> lambda = [{|#2:Layer|}] () => 3;
                Func<int> plain = () => 4;
                return Local() + Timed() + lambda() + plain();
            }
        }
        """,
        Diagnostic(GraphDiagnostics.UnsupportedSignature).WithLocation(0).WithArguments("Local", "only ordinary methods can be layers, not a local function"),
        Diagnostic(GraphDiagnostics.AttributeWithoutLayer).WithLocation(1).WithArguments("Timeout", "Timed"),
        Diagnostic(GraphDiagnostics.UnsupportedSignature).WithLocation(2).WithArguments("lambda", "only ordinary methods can be layers, not a lambda"));

    [Fact]
    public Task GEX010_overloads_and_names_differing_only_in_case() => VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int Fetch() => 1;
            [Layer] public int {|#0:Fetch|}(int k) => k;
            [Layer] public int {|#1:fetch|}(string s) => 1;
        }
        """,
        Diagnostic(GraphDiagnostics.DuplicateLayerName).WithLocation(0).WithArguments("Fetch"),
        Diagnostic(GraphDiagnostics.DuplicateLayerName).WithLocation(1).WithArguments("fetch"));

    [Fact]
    public Task GEX011_one_input_with_two_types() => VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int A(string query, int k) => k;
            [Layer] public int B(int {|#0:query|}, int k) => k;
        }
        """,
        Diagnostic(GraphDiagnostics.InputTypeConflict).WithLocation(0).WithArguments("query", "string", "int", "A", "B"));

    [Fact]
    public Task GEX012_parameter_named_like_a_layer_that_is_not_a_dependency() => VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int Fetch() => 1;
            [Layer] public int Use(int {|#0:fetch|}) => fetch;
        }
        """,
        Diagnostic(GraphDiagnostics.ParameterNotInDependsOn).WithLocation(0).WithArguments("Use", "fetch", "Fetch")
            .WithArguments("Use", "fetch", "Fetch"));

    [Fact]
    public Task GEX012_parameter_named_like_its_own_layer_is_a_run_input() => VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int Search(string search) => search.Length;
        }
        """);

    [Fact]
    public Task GEX013_dependency_parameter_of_the_wrong_type() => VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int Count() => 1;
            [Layer, DependsOn(nameof(Count))] public int A(string {|#0:count|}) => 1;
            [Layer, DependsOn(nameof(Count))] public int B(LayerResult<long> {|#1:count|}) => 1;
            [Layer, DependsOn(nameof(Count))] public int C(int count) => count;
            [Layer, DependsOn(nameof(Count))] public int D(LayerResult<int> count) => 1;
            [Layer, DependsOn(nameof(Count))] public int E(LayerResult count) => 1;
        }
        """,
        Diagnostic(GraphDiagnostics.DependencyTypeMismatch).WithLocation(0).WithArguments("A", "count", "Count", "'int' or 'LayerResult<int>'"),
        Diagnostic(GraphDiagnostics.DependencyTypeMismatch).WithLocation(1).WithArguments("B", "count", "Count", "'int' or 'LayerResult<int>'"));

    [Fact]
    public Task GEX014_value_from_a_layer_that_returns_nothing() => VerifyAsync("""
        using System.Threading.Tasks;
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public Task Warm() => Task.CompletedTask;
            [Layer, DependsOn(nameof(Warm))] public int A(object {|#0:warm|}) => 1;
            [Layer, DependsOn(nameof(Warm))] public int B(LayerResult<object> {|#1:warm|}) => 1;
            [Layer, DependsOn(nameof(Warm))] public int C(LayerResult warm) => 1;
        }
        """,
        Diagnostic(GraphDiagnostics.ValueFromVoidLayer).WithLocation(0).WithArguments("A", "warm", "Warm"),
        Diagnostic(GraphDiagnostics.ValueFromVoidLayer).WithLocation(1).WithArguments("B", "warm", "Warm"));

    [Fact]
    public Task GEX015_own_time_out_without_cancellation_token_is_a_warning() => VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer, Timeout(100)] public int {|#0:Stubborn|}() => 1;
            [Layer] public int DefaultOnly() => 1;
            [Layer, Timeout(100)] public int Polite(System.Threading.CancellationToken token) => 1;
        }
        """,
        Diagnostic(GraphDiagnostics.TimeoutWithoutCancellationToken).WithLocation(0).WithArguments("Stubborn"));

    [Fact]
    public Task GEX016_graph_attributes_without_layer() => VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int A() => 1;
            [{|#0:DependsOn(nameof(A))|}, {|#1:Timeout(10)|}] public int Forgot() => 1;
        }

        public class NoLayers
        {
            [{|#2:Timeout(10)|}] public int Helper() => 1;
        }
        """,
        Diagnostic(GraphDiagnostics.AttributeWithoutLayer).WithLocation(0).WithArguments("DependsOn", "Forgot"),
        Diagnostic(GraphDiagnostics.AttributeWithoutLayer).WithLocation(1).WithArguments("Timeout", "Forgot"),
        Diagnostic(GraphDiagnostics.AttributeWithoutLayer).WithLocation(2).WithArguments("Timeout", "Helper"));

    [Fact]
    public Task GEX017_names_that_clash_with_generated_members() => VerifyAsync("""
        using Gen.Exec;

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int {|#0:Stats|}() => 1;
            [Layer] public int A(string {|#1:cancellationToken|}) => 1;
        }
        """,
        Diagnostic(GraphDiagnostics.ReservedName).WithLocation(0).WithArguments("Stats", "it would clash with a member that Gen.Exec generates"),
        Diagnostic(GraphDiagnostics.ReservedName).WithLocation(1).WithArguments(
            "cancellationToken", "RunAsync already has a parameter of that name; name the input differently or make it a CancellationToken"));

    [Fact]
    public Task GEX017_is_reported_on_the_users_declaration_that_clashes_with_the_generated_Executor_and_Results() => VerifyAsync("""
        using Gen.Exec;

        public class Base { public int Results => 1; }

        [Timeout(1000)]
        public partial class {|#0:Executor|}<{|#1:Results|}> : Base
        {
            [Layer] public int A(System.Threading.CancellationToken ct) => 1;
        }

        [Timeout(1000)]
        public partial class G
        {
            [Layer] public int A(System.Threading.CancellationToken ct) => 1;
            public int {|#3:Results|} => 1;
            internal partial class Executor { }
        }

        [Timeout(1000)]
        public partial class H
        {
            [Layer] public int A(System.Threading.CancellationToken ct) => 1;
            public sealed partial class Results { public int {|#4:Stats|} => 1; public int {|#5:A|} => 2; public int Extra => 3; }
            partial class Executor { }
            public enum Other { }
        }

        [Timeout(1000)]
        public partial class K
        {
            [Layer] public int A(System.Threading.CancellationToken ct) => 1;
            public void {|#2:Executor|}() { }
        }
        """,
        Diagnostic(GraphDiagnostics.ReservedName).WithLocation(0).WithArguments("Executor", "a graph class cannot be named like the 'Executor' class generated inside it"),
        Diagnostic(GraphDiagnostics.ReservedName).WithLocation(1).WithArguments("Results", "the graph's type parameter would clash with the generated nested class 'Results'"),
        Diagnostic(GraphDiagnostics.ReservedName).WithLocation(2).WithArguments("Executor", "Gen.Exec generates a nested class 'Executor' in 'K'; rename this member"),
        Diagnostic(GraphDiagnostics.ReservedName).WithLocation(0).WithArguments("Results", "'Executor' inherits 'Base.Results', which the generated nested class 'Results' would hide"),
        Diagnostic(GraphDiagnostics.ReservedName).WithLocation(3).WithArguments("Results", "Gen.Exec generates a nested class 'Results' in 'G'; rename this member"),
        Diagnostic(GraphDiagnostics.ReservedName).WithSpan(16, 28, 16, 36).WithArguments("Executor", "Gen.Exec generates the sealed partial class 'Executor' as public; leave the accessibility off your part or make it public"),
        Diagnostic(GraphDiagnostics.ReservedName).WithLocation(4).WithArguments("Stats", "the generated class 'Results' already has a member of that name"),
        Diagnostic(GraphDiagnostics.ReservedName).WithLocation(5).WithArguments("A", "the generated class 'Results' already has a member of that name"));

    [Fact]
    public Task GEX018_layers_in_a_struct() => VerifyAsync("""
        using Gen.Exec;

        public partial struct {|#0:S|}
        {
            [Layer, Timeout(1000)] public int A(System.Threading.CancellationToken ct) => 1;
        }
        """,
        Diagnostic(GraphDiagnostics.UnsupportedGraphType).WithLocation(0).WithArguments("S", "layers must be declared in a class"));

    [Fact]
    public Task GEX018_layers_in_a_file_local_class() => VerifyAsync("""
        using Gen.Exec;

        file partial class {|#0:F|}
        {
            [Layer, Timeout(1000)] public int A(System.Threading.CancellationToken ct) => 1;
        }
        """,
        Diagnostic(GraphDiagnostics.UnsupportedGraphType).WithLocation(0).WithArguments("F", "a file-local class cannot be extended by generated code in another file"));

    [Fact]
    public Task A_large_graph_reports_its_one_cycle_once_with_every_edge()
    {
        // Layer i depends on i-1 (and on i-7 from layer 8 on), and layer 0 depends on the last layer: every
        // layer leads into one big cycle, which must be reported exactly once, with all of its edges.
        // (Kept to a few hundred layers: the test framework compiles the source several times.)
        const int count = 300;
        int last = count - 1;
        var source = new StringBuilder("using Gen.Exec;\n[Timeout(100)]\npublic partial class Big\n{\n");
        source.Append($"    [Layer, DependsOn({{|#1:nameof(L{last})|}})] public int L0() => 0;\n");
        source.Append("    [Layer, DependsOn({|#0:nameof(L0)|})] public int L1() => 0;\n");
        for (int i = 2; i < count; i++)
        {
            // Cycle edges in message order: L0 -> L{last} (#1), L{last} -> L{last-1} (#2), ..., L2 -> L1, then L1 -> L0 (#0).
            string extra = i >= 8 ? $", nameof(L{i - 7})" : string.Empty;
            source.Append($"    [Layer, DependsOn({{|#{count + 1 - i}:nameof(L{i - 1})|}}{extra})] public int L{i}() => 0;\n");
        }

        source.Append("}\n");
        DiagnosticResult expected = Diagnostic(GraphDiagnostics.Cycle)
            .WithArguments(string.Join(" -> ", Enumerable.Range(1, last).Reverse().Prepend(0).Append(0).Select(i => "L" + i)));
        for (int location = 0; location < count; location++)
        {
            expected = expected.WithLocation(location);
        }

        return VerifyAsync(source.ToString(), expected);
    }
}
