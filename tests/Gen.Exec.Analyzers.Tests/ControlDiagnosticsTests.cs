using System.Threading;
using System.Threading.Tasks;
using Gen.Exec.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using static Gen.Exec.Analyzers.Tests.AnalyzerVerifier;

namespace Gen.Exec.Analyzers.Tests;

/// <summary>Conditions, retries and fallbacks (GEX022 to GEX030), their effect on GEX004 and GEX016, and their fixes.</summary>
public sealed class ControlDiagnosticsTests
{
    [Fact]
    public Task Valid_conditions_retries_and_fallbacks_report_nothing() => VerifyAsync("""
        using System;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Gen.Exec;

        [Timeout(100), Retry(2)]
        public partial class G
        {
            [Layer] public Task<int> Classify(string query, CancellationToken ct) => Task.FromResult(query.Length);
            [Layer] public void Warm(CancellationToken ct) { }

            [Layer, DependsOn(nameof(Classify), nameof(Warm)), When(nameof(IsLong)), Fallback(nameof(Cached))]
            [Retry(3, DelayMilliseconds = 0, Backoff = RetryBackoff.Linear, Jitter = false, Handle = new[] { typeof(HttpRequestException), typeof(TimeoutException) })]
            public Task<string> Search(string query, int classify, CancellationToken ct) => Task.FromResult(query);

            [Layer, DependsOn(nameof(Search)), When(nameof(Always)), Fallback(nameof(Quiet)), Retry(0)]
            public ValueTask Log(LayerResult<string> search, CancellationToken ct) => default;

            [Layer, DependsOn(nameof(Search)), Fallback(nameof(Fixed))]
            public string Render(string search, CancellationToken ct) => search;

            private bool IsLong(int classify, LayerResult warm, string query, bool verbose) => classify > 3 && warm.Succeeded;
            private static bool Always() => true;
            private ValueTask<string> Cached(string query, int classify, HttpRequestException error, CancellationToken ct) => new(query);
            private Task Quiet(Exception error, LayerResult<string> search) => Task.CompletedTask;
            private static string Fixed() => "fixed";
        }
        """);

    [Fact]
    public Task GEX022_a_condition_naming_no_usable_method_is_reported_at_the_argument() => VerifyAsync("""
        using Gen.Exec;

        [Timeout(100)]
        public partial class G
        {
            public bool Flag => true;

            [Layer, When({|#0:"Missing"|})] public int A() => 1;
            [Layer, When({|#1:nameof(Flag)|})] public int B() => 1;
            [Layer, When({|#2:nameof(Twice)|})] public int C() => 1;
            [Layer, When({|#3:nameof(Generic)|})] public int D() => 1;
            [Layer, When({|#4:null!|})] public int E() => 1;

            private bool Twice() => true;
            private bool Twice(int x) => true;
            private bool Generic<T>() => true;
        }
        """,
        Diagnostic(GraphDiagnostics.ConditionNotFound).WithLocation(0).WithArguments("A", "Missing", "which is not a method of 'G'"),
        Diagnostic(GraphDiagnostics.ConditionNotFound).WithLocation(1).WithArguments("B", "Flag", "which is not a method of 'G'"),
        Diagnostic(GraphDiagnostics.ConditionNotFound).WithLocation(2).WithArguments("C", "Twice", "which has 2 overloads; name a method that has one"),
        Diagnostic(GraphDiagnostics.ConditionNotFound).WithLocation(3).WithArguments("D", "Generic", "which is a generic method"),
        Diagnostic(GraphDiagnostics.ConditionNotFound).WithLocation(4).WithArguments("E", "null", "which is not a method of 'G'"));

    [Fact]
    public Task GEX023_a_condition_that_does_not_return_bool_is_reported_and_names_the_method() => VerifyAsync("""
        using System.Threading.Tasks;
        using Gen.Exec;

        [Timeout(100)]
        public partial class G
        {
            [Layer, When({|#0:nameof(Later)|})] public int A() => 1;
            [Layer, When({|#2:nameof(Maybe)|})] public int B() => 1;

            private Task<bool> {|#1:Later|}() => Task.FromResult(true);
            private bool? {|#3:Maybe|}() => true;
        }
        """,
        Diagnostic(GraphDiagnostics.ConditionNotBool).WithLocation(0).WithLocation(1).WithArguments("Later", "A", "System.Threading.Tasks.Task<bool>"),
        Diagnostic(GraphDiagnostics.ConditionNotBool).WithLocation(2).WithLocation(3).WithArguments("Maybe", "B", "bool?"));

    [Fact]
    public Task GEX024_condition_parameters_that_bind_to_nothing_are_reported_at_the_parameter() => VerifyAsync("""
        using System.Threading;
        using Gen.Exec;

        [Timeout(100)]
        public partial class G
        {
            [Layer] public int A(int k, CancellationToken ct) => k;
            [Layer] public void V(CancellationToken ct) { }
            [Layer] public int Other(CancellationToken ct) => 1;
            [Layer, DependsOn(nameof(A), nameof(V)), When(nameof(Check))] public int B(CancellationToken ct) => 1;

            private bool Check(CancellationToken {|#0:ct|}, string {|#1:a|}, int {|#2:v|}, int {|#3:other|}, string {|#4:k|}, ref int {|#5:r|}) => true;
        }
        """,
        Diagnostic(GraphDiagnostics.ConditionParameterUnbound).WithLocation(0).WithArguments("Check", "ct", "B", "a condition takes no CancellationToken; it decides from the inputs and the dependencies' results"),
        Diagnostic(GraphDiagnostics.ConditionParameterUnbound).WithLocation(1).WithArguments("Check", "a", "B", "it receives the output of 'A', so its type must be 'int' or 'LayerResult<int>'"),
        Diagnostic(GraphDiagnostics.ConditionParameterUnbound).WithLocation(2).WithArguments("Check", "v", "B", "'V' returns no value; take 'LayerResult' to see its status"),
        Diagnostic(GraphDiagnostics.ConditionParameterUnbound).WithLocation(3).WithArguments("Check", "other", "B", "it is named like layer 'Other', which 'B' does not list in [DependsOn]"),
        Diagnostic(GraphDiagnostics.ConditionParameterUnbound).WithLocation(4).WithArguments("Check", "k", "B", "run input 'k' has type 'int' in layer 'A'; an input name must have one type across the graph"),
        Diagnostic(GraphDiagnostics.ConditionParameterUnbound).WithLocation(5).WithArguments("Check", "r", "B", "it is passed by reference (ref)"));

    [Fact]
    public Task GEX025_a_fallback_naming_no_usable_method_is_reported_at_the_argument() => VerifyAsync("""
        using Gen.Exec;

        [Timeout(100)]
        public partial class G
        {
            [Layer, Fallback({|#0:"Missing"|})] public int A() => 1;
            [Layer, Fallback({|#1:nameof(Twice)|})] public int B() => 1;

            private int Twice() => 1;
            private int Twice(int x) => x;
        }
        """,
        Diagnostic(GraphDiagnostics.FallbackNotFound).WithLocation(0).WithArguments("A", "Missing", "which is not a method of 'G'"),
        Diagnostic(GraphDiagnostics.FallbackNotFound).WithLocation(1).WithArguments("B", "Twice", "which has 2 overloads; name a method that has one"));

    [Fact]
    public Task GEX026_a_fallback_returning_the_wrong_type_is_reported_with_the_expected_types() => VerifyAsync("""
        using System.Threading.Tasks;
        using Gen.Exec;

        [Timeout(100)]
        public partial class G
        {
            [Layer, Fallback({|#0:nameof(Text)|})] public Task<int> A() => Task.FromResult(1);
            [Layer, Fallback({|#2:nameof(Number)|})] public Task B() => Task.CompletedTask;
            [Layer, Fallback({|#4:nameof(Fire)|})] public void C() { }
            [Layer, Fallback({|#6:nameof(Nested)|})] public int D() => 1;

            private string {|#1:Text|}() => "";
            private int {|#3:Number|}() => 1;
            private async void {|#5:Fire|}() => await Task.Yield();
            private Task<Task<int>> {|#7:Nested|}() => Task.FromResult(Task.FromResult(1));
        }
        """,
        Diagnostic(GraphDiagnostics.FallbackWrongReturn).WithLocation(0).WithLocation(1).WithArguments("Text", "A", "string", "'int', 'Task<int>' or 'ValueTask<int>'"),
        Diagnostic(GraphDiagnostics.FallbackWrongReturn).WithLocation(2).WithLocation(3).WithArguments("Number", "B", "int", "void, 'Task' or 'ValueTask', as the layer returns no value"),
        Diagnostic(GraphDiagnostics.FallbackWrongReturn).WithLocation(4).WithLocation(5).WithArguments("Fire", "C", "async void", "void, 'Task' or 'ValueTask', as the layer returns no value"),
        Diagnostic(GraphDiagnostics.FallbackWrongReturn).WithLocation(6).WithLocation(7).WithArguments("Nested", "D", "System.Threading.Tasks.Task<System.Threading.Tasks.Task<int>>", "'int', 'Task<int>' or 'ValueTask<int>'"));

    [Fact]
    public Task GEX027_and_GEX028_fallback_parameters_that_bind_badly_are_reported_at_the_parameter() => VerifyAsync("""
        using System;
        using System.Threading;
        using Gen.Exec;

        [Timeout(100)]
        public partial class G
        {
            [Layer] public int A(CancellationToken ct) => 1;
            [Layer] public int Other(CancellationToken ct) => 1;
            [Layer, DependsOn(nameof(A)), Fallback(nameof(Recover))] public int B(CancellationToken ct) => 1;

            private int Recover(Exception error, string {|#0:a|}, int {|#1:other|}, InvalidOperationException {|#2:second|}, string {|#3:cancellationToken|}) => 0;
        }
        """,
        Diagnostic(GraphDiagnostics.FallbackParameterUnbound).WithLocation(0).WithArguments("Recover", "a", "B", "it receives the output of 'A', so its type must be 'int' or 'LayerResult<int>'"),
        Diagnostic(GraphDiagnostics.FallbackParameterUnbound).WithLocation(1).WithArguments("Recover", "other", "B", "it is named like layer 'Other', which 'B' does not list in [DependsOn]"),
        Diagnostic(GraphDiagnostics.FallbackTwoExceptions).WithLocation(2).WithArguments("Recover", "B", "error", "second"),
        Diagnostic(GraphDiagnostics.FallbackParameterUnbound).WithLocation(3).WithArguments("Recover", "cancellationToken", "B", "RunAsync already has a parameter named 'cancellationToken'; name the input differently"));

    [Fact]
    public Task GEX029_negative_retries_delays_and_undefined_back_offs_are_reported_at_the_argument() => VerifyAsync("""
        using System.Threading;
        using Gen.Exec;

        [Timeout(100), Retry({|#0:-1|}, DelayMilliseconds = {|#1:-5|})]
        public partial class G
        {
            [Layer, Retry({|#2:-2|})] public int A(CancellationToken ct) => 1;
            [Layer, Retry(1, Backoff = {|#3:(RetryBackoff)7|})] public int B(CancellationToken ct) => 1;
            [Layer, Retry(0, DelayMilliseconds = 0)] public int C(CancellationToken ct) => 1;
        }
        """,
        Diagnostic(GraphDiagnostics.InvalidRetry).WithLocation(0).WithArguments("The retry count of class 'G'", "-1", "it must be zero or more"),
        Diagnostic(GraphDiagnostics.InvalidRetry).WithLocation(1).WithArguments("The retry delay of class 'G'", "-5", "it must be zero or more milliseconds"),
        Diagnostic(GraphDiagnostics.InvalidRetry).WithLocation(2).WithArguments("The retry count of layer 'A'", "-2", "it must be zero or more"),
        Diagnostic(GraphDiagnostics.InvalidRetry).WithLocation(3).WithArguments("The retry back-off of layer 'B'", "7", "it must be RetryBackoff.Constant, Linear or Exponential"));

    [Fact]
    public Task GEX030_handle_entries_that_are_not_exception_types_are_reported_at_the_entry() => VerifyAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using Gen.Exec;

        [Timeout(100)]
        public partial class G
        {
            [Layer, Retry(1, Handle = new[] { typeof(TimeoutException), {|#0:typeof(string)|}, {|#1:null|} })] public int A(CancellationToken ct) => 1;
            [Layer, Retry(1, Handle = new[] { {|#2:typeof(List<>)|}, typeof(Exception) })] public int B(CancellationToken ct) => 1;
            [Layer, Retry(1, Handle = null)] public int C(CancellationToken ct) => 1;
            [Layer, Retry(1, Handle = [typeof(ArgumentException), {|#3:typeof(int)|}])] public int D(CancellationToken ct) => 1;
        }
        """,
        Diagnostic(GraphDiagnostics.RetryHandleNotException).WithLocation(0).WithArguments("layer 'A'", "string"),
        Diagnostic(GraphDiagnostics.RetryHandleNotException).WithLocation(1).WithArguments("layer 'A'", "null"),
        Diagnostic(GraphDiagnostics.RetryHandleNotException).WithLocation(2).WithArguments("layer 'B'", "System.Collections.Generic.List<>"),
        Diagnostic(GraphDiagnostics.RetryHandleNotException).WithLocation(3).WithArguments("layer 'D'", "int"));

    [Fact]
    public Task GEX016_control_attributes_on_a_method_that_is_not_a_layer_are_reported() => VerifyAsync("""
        using Gen.Exec;

        [Timeout(100)]
        public partial class G
        {
            [Layer] public int A() => 1;
            [{|#0:When(nameof(Yes))|}, {|#1:Retry(2)|}, {|#2:Fallback(nameof(A))|}, {|#3:Distributed|}] public int NotALayer() => 1;
            private bool Yes() => true;
        }
        """,
        Diagnostic(GraphDiagnostics.AttributeWithoutLayer).WithLocation(0).WithArguments("When", "NotALayer"),
        Diagnostic(GraphDiagnostics.AttributeWithoutLayer).WithLocation(1).WithArguments("Retry", "NotALayer"),
        Diagnostic(GraphDiagnostics.AttributeWithoutLayer).WithLocation(2).WithArguments("Fallback", "NotALayer"),
        Diagnostic(GraphDiagnostics.AttributeWithoutLayer).WithLocation(3).WithArguments("Distributed", "NotALayer"));

    [Fact]
    public Task GEX004_counts_retries_delays_and_fallbacks_and_shows_them() => VerifyAsync("""
        using System.Threading;
        using Gen.Exec;

        [{|#0:LatencyBudget(1000)|}]
        public partial class G
        {
            // 3 attempts of 200 ms + delays 100 + 200 nominal, 450 with jitter + a 200 ms fallback = 1250 ms.
            [Layer, Timeout(200), Retry(2), Fallback(nameof(Zero))] public int A(CancellationToken ct) => 1;
            [Layer, Timeout(100), DependsOn(nameof(A))] public int B(int a, CancellationToken ct) => a;
            private int Zero() => 0;
        }
        """,
        Diagnostic(GraphDiagnostics.LatencyBudgetExceeded).WithLocation(0).WithArguments(
            "G", "1350", "1000", "A (3 attempts of 200 ms + up to 450 ms of delays + a 200 ms fallback = 1250 ms) -> B"));

    [Fact]
    public Task GEX004_uses_the_class_retry_default_and_a_layer_retry_replaces_it() => VerifyAsync("""
        using System.Threading;
        using Gen.Exec;

        [{|#0:LatencyBudget(600)|}, Timeout(100), Retry(3, DelayMilliseconds = 50, Backoff = RetryBackoff.Constant, Jitter = false)]
        public partial class G
        {
            // Class default: 4 x 100 + 3 x 50 = 550 ms. B has its own [Retry(0)]: 100 ms.
            [Layer] public int A(CancellationToken ct) => 1;
            [Layer, Retry(0), DependsOn(nameof(A))] public int B(int a) => a;
            [Layer, Retry(1, DelayMilliseconds = 10, Backoff = RetryBackoff.Linear, Jitter = false)] public int C(CancellationToken ct) => 1;
        }
        """,
        Diagnostic(GraphDiagnostics.LatencyBudgetExceeded).WithLocation(0).WithArguments(
            "G", "650", "600", "A (4 attempts of 100 ms + up to 150 ms of delays = 550 ms) -> B"));

    [Fact]
    public Task GEX022_fix_adds_a_condition_method_after_the_layer() => CodeFixVerifier<AddControlMethodCodeFixProvider>.VerifyAsync("""
        using Gen.Exec;

        [Timeout(100)]
        public partial class G
        {
            [Layer, When({|#0:"IsComplex"|})]
            public int A() => 1;
        }
        """,
        new[] { CodeFixVerifier<AddControlMethodCodeFixProvider>.Diagnostic(GraphDiagnostics.ConditionNotFound).WithLocation(0).WithArguments("A", "IsComplex", "which is not a method of 'G'") },
        """
        using Gen.Exec;

        [Timeout(100)]
        public partial class G
        {
            [Layer, When("IsComplex")]
            public int A() => 1;

            private bool IsComplex() => true;
        }
        """,
        AddControlMethodCodeFixProvider.ConditionEquivalenceKey);

    [Fact]
    public Task GEX025_fix_adds_a_fallback_returning_the_layer_value_type() => CodeFixVerifier<AddControlMethodCodeFixProvider>.VerifyAsync("""
        using System.Threading.Tasks;
        using Gen.Exec;

        [Timeout(100)]
        public static partial class G
        {
            [Layer, Fallback({|#0:"Cached"|})]
            public static Task<string[]> A() => Task.FromResult(new string[0]);

            [Layer, Fallback({|#1:"Nothing"|})]
            public static ValueTask B() => default;
        }
        """,
        new[]
        {
            CodeFixVerifier<AddControlMethodCodeFixProvider>.Diagnostic(GraphDiagnostics.FallbackNotFound).WithLocation(0).WithArguments("A", "Cached", "which is not a method of 'G'"),
            CodeFixVerifier<AddControlMethodCodeFixProvider>.Diagnostic(GraphDiagnostics.FallbackNotFound).WithLocation(1).WithArguments("B", "Nothing", "which is not a method of 'G'"),
        },
        """
        using System.Threading.Tasks;
        using Gen.Exec;

        [Timeout(100)]
        public static partial class G
        {
            [Layer, Fallback("Cached")]
            public static Task<string[]> A() => Task.FromResult(new string[0]);

            private static string[] Cached() => default!;

            [Layer, Fallback("Nothing")]
            public static ValueTask B() => default;

            private static void Nothing()
            {
            }
        }
        """,
        AddControlMethodCodeFixProvider.FallbackEquivalenceKey);

    [Fact]
    public async Task No_stub_is_offered_when_a_member_already_has_the_name()
    {
        const string source = """
            using Gen.Exec;

            [Timeout(100)]
            public partial class G
            {
                public bool Flag => true;
                [Layer, When({|#0:nameof(Flag)|})] public int A() => 1;
            }
            """;
        var test = new CodeFixVerifier<AddControlMethodCodeFixProvider>.CodeFixTest { TestCode = source, FixedCode = source };
        test.ExpectedDiagnostics.Add(new DiagnosticResult(GraphDiagnostics.ConditionNotFound).WithLocation(0).WithArguments("A", "Flag", "which is not a method of 'G'"));
        await test.RunAsync(CancellationToken.None);
    }
}
