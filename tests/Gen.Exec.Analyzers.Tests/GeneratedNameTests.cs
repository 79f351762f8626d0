using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Gen.Exec.Graph;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Gen.Exec.Analyzers.Tests;

/// <summary>
/// Names the generator emits into a graph's scope (the nested Executor and Results, their members, the run
/// state's fields) against every name a user can put there: what the analyzers accept must compile, and what
/// cannot compile is a GEX diagnostic on the user's member, never a compiler error inside generated code.
/// </summary>
public sealed class GeneratedNameTests
{
    public static TheoryData<string, string> Clashes => new()
    {
        { "a property named Results", "[Timeout(100)] public partial class G { [Layer] public int A() => 1; public int Results => 2; }" },
        { "a method named Executor", "[Timeout(100)] public partial class G { [Layer] public int A() => 1; public void Executor() { } }" },
        { "a generic method named Results", "[Timeout(100)] public partial class G { [Layer] public int A() => 1; public void Results<T>() { } }" },
        { "a field named Executor", "[Timeout(100)] public partial class G { [Layer] public int A() => 1; private int Executor = 0; }" },
        { "an event named Results", "[Timeout(100)] public partial class G { [Layer] public int A() => 1; public event System.Action? Results; }" },
        { "a nested class named Results", "[Timeout(100)] public partial class G { [Layer] public int A() => 1; public class Results { } }" },
        { "a nested enum named Executor", "[Timeout(100)] public partial class G { [Layer] public int A() => 1; public enum Executor { X } }" },
        { "a graph class named Executor", "[Timeout(100)] public partial class Executor { [Layer] public int A() => 1; }" },
        { "a graph class named Results", "[Timeout(100)] public partial class Results { [Layer] public int A() => 1; }" },
        { "a base class member named Results", "public class Base { public int Results => 1; } [Timeout(100)] public partial class G : Base { [Layer] public int A() => 1; }" },
        { "a base class nested type named Executor", "public class Base { public class Executor { } } [Timeout(100)] public partial class G : Base { [Layer] public int A() => 1; }" },
        { "a type parameter named Results", "[Timeout(100)] public partial class G<Results> { [Layer] public int A() => 1; }" },
        { "a type parameter named Executor", "[Timeout(100)] public partial class G<Executor> { [Layer] public int A() => 1; }" },
        { "a partial Results with a member named Stats", "[Timeout(100)] public partial class G { [Layer] public int A() => 1; public sealed partial class Results { public int Stats => 1; } }" },
        { "a partial Results with a member named like a layer", "[Timeout(100)] public partial class G { [Layer] public int A() => 1; public sealed partial class Results { public int A => 1; } }" },
        { "a partial Executor with other accessibility", "[Timeout(100)] public partial class G { [Layer] public int A() => 1; internal partial class Executor { } }" },
        { "a partial Executor that is static", "[Timeout(100)] public partial class G { [Layer] public int A() => 1; static partial class Executor { } }" },
        { "a partial Executor with a field named _graph", "[Timeout(100)] public partial class G { [Layer] public int A() => 1; partial class Executor { private int _graph; } }" },
    };

    public static TheoryData<string, string> Compiling => new()
    {
        { "a graph nested in a class named Executor", "public partial class Executor { [Timeout(100)] public partial class G { [Layer] public int A() => 1; } }" },
        { "a graph nested in a class named Results", "public partial class Results { [Timeout(100)] public partial class G { [Layer] public int A() => 1; } }" },
        { "a graph class named RunState", "[Timeout(100)] public partial class RunState { [Layer] public int A() => 1; }" },
        { "a graph class named Stats", "[Timeout(100)] public partial class Stats { [Layer] public int A() => 1; }" },
        { "a private base class member named Results", "public class Base { private int Results => 1; } [Timeout(100)] public partial class G : Base { [Layer] public int A() => 1; }" },
        { "a generic nested class named Results", "[Timeout(100)] public partial class G { [Layer] public int A() => 1; public class Results<T> { } }" },
        { "a partial Results that adds a member", "[Timeout(100)] public partial class G { [Layer] public int A() => 1; public sealed partial class Results { public int Twice => A.Value * 2; } }" },
        { "a partial Executor that adds an overload", "[Timeout(100)] public partial class G { [Layer] public int A(int x) => x; partial class Executor { public Task<Results> RunAsync() => RunAsync(1); } }" },
        { "inputs named like generated parameters and locals", "[Timeout(100)] public partial class G { [Layer] public int A(int executor, int graph, int run, int state, int token, int result, int stateToken) => 1; }" },
        { "inputs named like generated fields", "[Timeout(100)] public partial class G { [Layer] public int A(int _graph, int _state, int Stats, int Results, int Executor, int s_plan, int Options, int Plan) => 1; }" },
        { "layers whose generated fields look alike", "[Timeout(100)] public partial class G { [Layer] public int A() => 1; [Layer] public int AResult() => 1; [Layer] public int AStart() => 1; [Layer] public int APending() => 1; [Layer, DependsOn(nameof(A), nameof(AResult))] public int B(int a, int aResult) => a + aResult; [Layer, DependsOn(nameof(A), nameof(AResult))] public int AInput() => 1; }" },
        { "layers named like generated helpers", "[Timeout(100)] public partial class G { [Layer] public int run() => 1; [Layer] public int token() => 1; [Layer] public int Options() => 1; [Layer] public int Plan() => 1; [Layer] public int RunAsync() => 1; [Layer] public int s_plan() => 1; [Layer] public int _graph() => 1; [Layer] public int Offload() => 1; [Layer] public int RunLayer() => 1; }" },
    };

    [Theory]
    [MemberData(nameof(Clashes))]
    public async Task A_name_that_would_clash_is_a_GEX_diagnostic_and_nothing_is_generated(string description, string source)
    {
        (ImmutableArray<Diagnostic> diagnostics, _, GeneratorDriverRunResult run) = await RobustnessTests.CompileAsync(source);

        Assert.True(run.GeneratedTrees.IsEmpty, $"{description}: generated code; {string.Join("; ", diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning))}");
        Assert.True(diagnostics.Any(d => d.Id == "GEX017"), $"{description}: no GEX017 in {string.Join("; ", diagnostics)}");
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("GEX", System.StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Compiling))]
    public async Task A_name_that_cannot_clash_generates_code_that_compiles_cleanly(string description, string source)
    {
        (ImmutableArray<Diagnostic> diagnostics, _, GeneratorDriverRunResult run) = await RobustnessTests.CompileAsync(source);

        Assert.True(run.GeneratedTrees.Length == 1, $"{description}: nothing generated; {string.Join("; ", diagnostics)}");
        Assert.Empty(diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public async Task Every_member_the_generator_declares_in_Executor_and_Results_is_a_reserved_name()
    {
        // Guards the reserved lists against the emitter: a new generated member must be added to GeneratedNames.
        (_, _, GeneratorDriverRunResult run) = await RobustnessTests.CompileAsync("""
            [Timeout(100)] public partial class G
            {
                [Layer] public int A(int x, CancellationToken ct) => x;
                [Layer] public Task B() => Task.CompletedTask;
                [Layer, DependsOn(nameof(A), nameof(B))] public int C(int a, LayerResult b) => a;
            }
            """);
        ClassDeclarationSyntax graph = run.GeneratedTrees.Single().GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().First(c => c.Identifier.ValueText == "G");
        string[] layers = { "A", "B", "C" };

        foreach (ClassDeclarationSyntax generated in graph.Members.OfType<ClassDeclarationSyntax>())
        {
            Assert.Contains(generated.Identifier.ValueText, GeneratedNames.NestedTypes);
            string[] reserved = generated.Identifier.ValueText == "Executor" ? GeneratedNames.ExecutorMembers : GeneratedNames.ResultsMembers;
            foreach (MemberDeclarationSyntax member in generated.Members.Where(m => m is not ConstructorDeclarationSyntax))
            {
                foreach (string name in MemberNames(member).Where(n => !layers.Contains(n)))
                {
                    Assert.True(reserved.Contains(name), $"{generated.Identifier.ValueText}.{name} is generated but not reserved");
                }
            }
        }
    }

    private static string[] MemberNames(MemberDeclarationSyntax member) => member switch
    {
        BaseFieldDeclarationSyntax field => field.Declaration.Variables.Select(v => v.Identifier.ValueText).ToArray(),
        PropertyDeclarationSyntax property => new[] { property.Identifier.ValueText },
        MethodDeclarationSyntax method => new[] { method.Identifier.ValueText },
        BaseTypeDeclarationSyntax type => new[] { type.Identifier.ValueText },
        _ => new[] { member.ToString() },
    };
}
