using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Gen.Exec.Analyzers.Tests;

/// <summary>
/// Half-typed and malformed code, as the IDE sees it between keystrokes, run through the real generator
/// and analyzer in-process: neither may throw (AD0001, CS8785) nor emit code that does not compile.
/// </summary>
public sealed class RobustnessTests
{
    public static TheoryData<string, string> MalformedSources => new()
    {
        { "unbalanced parentheses", """
            [Timeout(100)]
            public partial class G
            {
                [Layer] public int A() => 1;
                [Layer, DependsOn(nameof(A)] public int B( => 1;
            }
            """ },
        { "unbalanced braces at end of file", """
            public partial class G
            {
                [Layer, Timeout(100)] public int A(CancellationToken ct) => 1;
                [Layer, DependsOn(
            """ },
        { "attribute list cut short", """
            public partial class G
            {
                [Layer
            """ },
        { "missing types", """
            [Timeout(100)]
            public partial class G
            {
                [Layer] public Task<Missing> A(Unknown input) => null!;
                [Layer, DependsOn(nameof(A))] public int B(Missing a, LayerResult<Unknown> x) => 1;
                [Layer] public Nope C() => default!;
            }
            """ },
        { "attributes with wrong argument types", """
            [Timeout("fast"), LatencyBudget(1.5)]
            public partial class G
            {
                [Layer(Critical = 3, Priority = "high")] public int A() => 1;
                [Layer, Timeout(true), DependsOn(1, 2)] public int B() => 1;
                [Layer, Timeout(100, 200), DependsOn(typeof(G))] public int C() => 1;
            }
            """ },
        { "nameof of unknown symbols", """
            [Timeout(100)]
            public partial class G
            {
                [Layer] public int A() => 1;
                [Layer, DependsOn(nameof(Nope), nameof(A.B.C), nameof(A))] public int B() => 1;
            }
            """ },
        { "empty DependsOn", """
            [Timeout(100)]
            public partial class G
            {
                [Layer, DependsOn] public int A() => 1;
                [Layer, DependsOn()] public int B() => 1;
                [Layer, DependsOn(null)] public int C() => 1;
                [Layer, DependsOn((string)null!)] public int D() => 1;
                [Layer, DependsOn(new string[0])] public int E() => 1;
                [Layer, DependsOn("")] public int F() => 1;
            }
            """ },
        { "duplicate and conflicting attributes", """
            [Timeout(100), Timeout(200)]
            public partial class G
            {
                [Layer, Layer, Timeout(1), Timeout(2)] public int A(CancellationToken ct) => 1;
            }
            """ },
        { "layer attribute on accessors, operators and local functions", """
            [Timeout(100)]
            public partial class G
            {
                public int P { [Layer] get => 1; }
                [Layer] public static G operator +(G a, G b) => a;
                [Layer] ~G() { }
                public void M() { [Layer] int Local() => 1; }
                [Layer] public int A() => 1;
            }
            """ },
        { "graphs in unusual places", """
            public interface I { [Layer, Timeout(1)] int A(); }
            public partial record R { [Layer, Timeout(1)] public int A(CancellationToken ct) => 1; }
            public partial class Generic<T> where T : new() { [Layer, Timeout(1)] public T A(CancellationToken ct) => new T(); }
            public partial class Keywords { [Layer, Timeout(1)] public int @event(CancellationToken ct) => 1; [Layer, Timeout(1), DependsOn("event")] public int @class(int @event, CancellationToken ct) => @event; }
            public static class Extensions { [Layer, Timeout(1)] public static int A(this string s) => 1; }
            file partial class FileLocal { [Layer, Timeout(1)] public int A(CancellationToken ct) => 1; }
            public abstract partial class Abstract { [Layer, Timeout(1)] public abstract int A(CancellationToken ct); }
            public partial class Defaults { [Layer, Timeout(1)] public int A(CancellationToken ct, int k = 5, string? s = null) => k; }
            """ },
        { "a parameter without a name next to a dependency", """
            [Timeout(100)]
            public partial class G
            {
                [Layer] public int A(CancellationToken ct) => 1;
                [Layer, DependsOn(nameof(A))] public int B( (int a, CancellationToken ct) => a;
            }
            """ },
        { "control attributes cut short", """
            [Timeout(100), Retry(]
            public partial class G
            {
                [Layer, When(nameof(] public int A(CancellationToken ct) => 1;
                [Layer, Fallback(] public int B(CancellationToken ct) => 1;
                [Layer, Retry(2, Handle = new[] { typeof( })] public int C(CancellationToken ct) => 1;
            }
            """ },
        { "control attributes with wrong or missing arguments", """
            [Timeout(100), Retry("often", DelayMilliseconds = "soon")]
            public partial class G
            {
                [Layer, When(nameof(Missing)), Fallback(42)] public int A(CancellationToken ct) => 1;
                [Layer, When(), Fallback(nameof(Missing.Method))] public int B(CancellationToken ct) => 1;
                [Layer, Retry(1, Backoff = (RetryBackoff)99, Jitter = 1, Handle = new[] { typeof(Missing), typeof(Exception) })] public int C(CancellationToken ct) => 1;
                [Layer, Retry(int.MaxValue, DelayMilliseconds = int.MaxValue), Fallback(nameof(Fb)), Timeout(int.MaxValue)] public int D(CancellationToken ct) => 1;
                private int Fb() => 0;
            }
            """ },
        { "conditions and fallbacks with missing types and unnamed parameters", """
            [Timeout(100)]
            public partial class G
            {
                [Layer] public int A(CancellationToken ct) => 1;
                [Layer, DependsOn(nameof(A)), When(nameof(P)), Fallback(nameof(F))] public int B(int a, CancellationToken ct) => a;
                private Nope P(Missing a, int ( => true;
                private Task<Unknown> F(Exception e, Exception f, Missing x, ref int y) => null!;
            }
            """ },
        { "a condition and fallback that are layers, generic, overloaded or recursive", """
            [Timeout(100)]
            public partial class G
            {
                [Layer, When(nameof(B)), Fallback(nameof(A))] public bool A(CancellationToken ct) => true;
                [Layer, When(nameof(A)), Fallback(nameof(O))] public bool B(CancellationToken ct) => true;
                private bool O() => true;
                private bool O(int x) => true;
                private T Gen<T>() => default!;
            }
            """ },
        { "targets at a half-typed call site", """
            [Timeout(100)]
            public partial class G
            {
                [Layer] public int A(string q, CancellationToken ct) => 1;
                public static async Task Call(G.Executor e)
                {
                    await e.RunAsync("q", new RunOptions { Targets = [nameof(G.A), "B", ] });
                    await e.RunAsync("q", new RunOptions { Targets = new[] { nameof(G.Nope), 1 } });
                    await e.RunAsync("q", new RunOptions { Targets = [
                }
            }
            """ },
        { "a graph split across partial declarations with a cycle", """
            [Timeout(100)]
            public partial class G { [Layer, DependsOn(nameof(B))] public int A() => 1; }
            public partial class G { [Layer, DependsOn(nameof(A))] public int B() => 1; }
            """ },
    };

    [Theory]
    [MemberData(nameof(MalformedSources))]
    public async Task Malformed_code_never_crashes_the_generator_or_the_analyzer(string description, string source)
    {
        (ImmutableArray<Diagnostic> diagnostics, ImmutableArray<Exception> analyzerExceptions, GeneratorDriverRunResult run) = await CompileAsync(source);

        Assert.True(analyzerExceptions.IsEmpty, $"{description}: analyzer threw {string.Join("; ", analyzerExceptions)}");
        Assert.All(run.Results, result => Assert.Null(result.Exception));
        Assert.DoesNotContain(diagnostics, d => d.Id is "AD0001" or "CS8785");

        // Whatever the generator emitted for half-typed code must itself compile.
        ImmutableHashSet<SyntaxTree> generated = run.GeneratedTrees.ToImmutableHashSet();
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is { } tree && generated.Contains(tree));
    }

    [Fact]
    public async Task Unbound_nameof_is_left_to_the_compiler_and_not_reported_as_an_unknown_dependency()
    {
        (ImmutableArray<Diagnostic> diagnostics, _, _) = await CompileAsync("""
            [Timeout(100)]
            public partial class G
            {
                [Layer] public int A() => 1;
                [Layer, DependsOn(nameof(Nope))] public int B() => 1;
            }
            """);

        Assert.Contains(diagnostics, d => d.Id == "CS0103");
        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("GEX", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_valid_graph_generates_code_that_compiles_without_diagnostics()
    {
        (ImmutableArray<Diagnostic> diagnostics, _, GeneratorDriverRunResult run) = await CompileAsync("""
            [Timeout(100)]
            public partial class G
            {
                [Layer] public Task<int> A() => Task.FromResult(1);
                [Layer, DependsOn(nameof(A))] public int B(int a) => a;
            }
            """);

        Assert.Single(run.GeneratedTrees);
        Assert.Empty(diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    internal static async Task<(ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<Exception> AnalyzerExceptions, GeneratorDriverRunResult Run)> CompileAsync(string source)
    {
        const string usings = "using System; using System.Threading; using System.Threading.Tasks; using Gen.Exec;\n";
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Robustness",
            new[] { CSharpSyntaxTree.ParseText(usings + source, parseOptions, path: "Graph.cs") },
            TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new ExecutorGenerator().AsSourceGenerator() }, parseOptions: parseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);

        var exceptions = new ConcurrentQueue<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, _, _) => exceptions.Enqueue(exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        ImmutableArray<Diagnostic> diagnostics = await output
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new GraphAnalyzer(), new TargetsAnalyzer(), new PositionalInputsAnalyzer()), options)
            .GetAllDiagnosticsAsync(CancellationToken.None);
        return (generatorDiagnostics.AddRange(diagnostics), exceptions.ToImmutableArray(), driver.GetRunResult());
    }
}
