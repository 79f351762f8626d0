using System.Threading.Tasks;
using static Gen.Exec.Analyzers.Tests.AnalyzerVerifier;

namespace Gen.Exec.Analyzers.Tests;

public sealed class GraphAnalyzerTests
{
    [Fact]
    public Task A_valid_graph_has_no_diagnostics() => VerifyAsync("""
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

            [Layer, DependsOn(nameof(Episodic), nameof(Count))]
            public string Merge(LayerResult<string[]> episodic, int count) => count.ToString();
        }
        """);

    [Fact]
    public Task Cycle_is_reported_once_with_the_whole_cycle() => VerifyAsync("""
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
}
