using System.Linq;
using Microsoft.CodeAnalysis;

namespace Gen.Exec.Generators.Tests;

/// <summary>For a graph with mistakes the generator emits nothing and never fails: the analyzers explain.</summary>
public sealed class InvalidGraphTests
{
    [Theory]
    [InlineData("cycle", """
        [Timeout(100)] public partial class G
        {
            [Layer, DependsOn(nameof(B))] public int A(int b) => b;
            [Layer, DependsOn(nameof(A))] public int B(int a) => a;
        }
        """)]
    [InlineData("missing time-out", """
        public partial class G { [Layer] public int A() => 1; }
        """)]
    [InlineData("unknown dependency", """
        [Timeout(100)] public partial class G { [Layer, DependsOn("Nope")] public int A() => 1; }
        """)]
    [InlineData("not partial", """
        [Timeout(100)] public class G { [Layer] public int A() => 1; }
        """)]
    [InlineData("negative time-out", """
        public partial class G { [Layer, Timeout(-5)] public int A() => 1; }
        """)]
    [InlineData("by-ref parameter", """
        [Timeout(100)] public partial class G { [Layer] public int A(ref int x) => x; }
        """)]
    [InlineData("generic method", """
        [Timeout(100)] public partial class G { [Layer] public T A<T>() => default!; }
        """)]
    [InlineData("overloads", """
        [Timeout(100)] public partial class G { [Layer] public int A() => 1; [Layer] public int A(int x) => x; }
        """)]
    [InlineData("input with two types", """
        [Timeout(100)] public partial class G { [Layer] public int A(int x) => x; [Layer] public int B(string x) => 1; }
        """)]
    [InlineData("wrong dependency type", """
        [Timeout(100)] public partial class G { [Layer] public int A() => 1; [Layer, DependsOn(nameof(A))] public int B(string a) => 1; }
        """)]
    [InlineData("value from a void layer", """
        [Timeout(100)] public partial class G { [Layer] public void A() { } [Layer, DependsOn(nameof(A))] public int B(int a) => 1; }
        """)]
    [InlineData("reserved name", """
        [Timeout(100)] public partial class G { [Layer] public int Stats() => 1; }
        """)]
    [InlineData("name of a generated member", """
        [Timeout(100)] public partial class G { [Layer] public int StartRun() => 1; [Layer] public int _all() => 2; }
        """)]
    [InlineData("missing type", """
        [Timeout(100)] public partial class G { [Layer] public Missing A() => null!; }
        """)]
    [InlineData("half-typed attribute", """
        [Timeout(100)] public partial class G { [Layer, DependsOn(nameof(Nothing)] public int A() => 1; }
        """)]
    [InlineData("wrong attribute argument type", """
        public partial class G { [Layer, Timeout("fast")] public int A() => 1; }
        """)]
    public void No_code_and_no_generator_failure(string mistake, string graph)
    {
        string source = "using System.Threading; using System.Threading.Tasks; using Gen.Exec;\n" + graph;

        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run(GeneratorHarness.Compile(source));

        Assert.True(result.GeneratedTrees.IsEmpty, $"{mistake}: generated {result.GeneratedTrees.Length} file(s)");
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void A_layer_that_a_stray_brace_left_outside_any_class_is_ignored_without_a_generator_failure()
    {
        // While typing: the method lands in the compiler's <invalid-global-code> type, which has no usable name.
        string source = """
            using Gen.Exec;
            [Timeout(100)] public partial class G { [Layer] public int A() => 1; } }
                [Layer] public int B() => 2;
            }
            """;

        (GeneratorDriverRunResult result, _) = GeneratorHarness.Run(GeneratorHarness.Compile(source));

        Assert.Equal("G.g.cs", result.GeneratedTrees.Single().FilePath.Split('/', '\\').Last());
    }

    [Fact]
    public void A_valid_graph_beside_an_invalid_one_is_still_generated()
    {
        string source = """
            using Gen.Exec;
            [Timeout(100)] public partial class Good { [Layer] public int A() => 1; }
            public partial class Bad { [Layer] public int A() => 1; }
            """;

        (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(GeneratorHarness.Compile(source));

        Assert.Equal("Good.g.cs", result.GeneratedTrees.Single().FilePath.Split('/', '\\').Last());
        Assert.Empty(GeneratorHarness.Problems(output));
    }
}
