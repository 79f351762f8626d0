using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Gen.Exec.Analyzers.Tests;

/// <summary>GEX035 (arguments and values Orleans cannot serialize) and GEX036 (graphs a silo cannot reach) on [Distributed] layers.</summary>
public sealed class DistributedAnalyzerTests
{
    // Stands in for Orleans: the analyzer knows [GenerateSerializer] by its metadata name, so tests need no Orleans reference.
    private const string Orleans = """

        namespace Orleans
        {
            [System.AttributeUsage(System.AttributeTargets.Class | System.AttributeTargets.Struct | System.AttributeTargets.Enum)]
            public sealed class GenerateSerializerAttribute : System.Attribute { }
        }
        """;

    [Fact]
    public Task Serializable_arguments_and_values_report_nothing() => VerifyAsync("""
        using System;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using System.Threading;
        using System.Threading.Tasks;
        using Gen.Exec;
        using Orleans;

        [GenerateSerializer] public sealed record Doc(string Id, double Score);
        [GenerateSerializer] public enum Tier { Low, High }

        [Timeout(100)]
        public sealed partial class G
        {
            [Layer] public Task<Doc[]> Fetch(string query, CancellationToken ct) => Task.FromResult(Array.Empty<Doc>());

            [Layer, Distributed, DependsOn(nameof(Fetch))]
            public Task<Dictionary<string, List<double>>> Score(Doc[] fetch, int k, Guid tenant, TimeSpan budget, int? limit, CancellationToken ct) => Task.FromResult(new Dictionary<string, List<double>>());

            [Layer, Distributed, DependsOn(nameof(Score))]
            public ValueTask<(string Best, Tier Tier)> Pick(Dictionary<string, List<double>> score, IReadOnlyList<string> tags, ImmutableArray<byte> blob) => default;

            [Layer, Distributed]
            public Task Warm(DateTimeOffset at, CancellationToken ct) => Task.CompletedTask;

            [Layer, Distributed]
            public void Touch(KeyValuePair<string, decimal> entry) { }

            // Not distributed: anything goes.
            [Layer, DependsOn(nameof(Pick))]
            public object Render(LayerResult<(string, Tier)> pick, Func<int> callback) => pick;
        }
        """);

    [Fact]
    public Task Arguments_and_values_Orleans_cannot_serialize_are_reported_where_they_are_declared() => VerifyAsync("""
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Gen.Exec;

        public sealed class Plain { public string? Text { get; set; } }
        public enum Mode { A, B }

        [Timeout(100)]
        public sealed partial class G
        {
            [Layer] public int Count(string query) => query.Length;

            [Layer, Distributed, DependsOn(nameof(Count))]
            public Task<{|#0:Plain|}> Score(LayerResult<int> {|#1:count|}, Plain {|#2:plain|}, List<Stream> {|#3:streams|}, object {|#4:anything|}, Mode {|#5:mode|}, CancellationToken ct) => Task.FromResult(new Plain());

            [Layer, Distributed]
            public {|#6:IEnumerable<string>|} Lazy(Func<int> {|#7:callback|}) => Array.Empty<string>();
        }
        """,
        Expected(0, "The value", "Score", "Plain", "add [GenerateSerializer] to it (and [Id(n)] to its members), or pass a type Orleans knows"),
        Expected(1, "Parameter 'count'", "Score", "Gen.Exec.LayerResult<int>", "a dependency's LayerResult stays on the caller; take the dependency's value as T"),
        Expected(2, "Parameter 'plain'", "Score", "Plain", "add [GenerateSerializer] to it (and [Id(n)] to its members), or pass a type Orleans knows"),
        Expected(3, "Parameter 'streams'", "Score", "System.Collections.Generic.List<System.IO.Stream>", "its type argument 'System.IO.Stream' cannot travel (add [GenerateSerializer] to it (and [Id(n)] to its members), or pass a type Orleans knows)"),
        Expected(4, "Parameter 'anything'", "Score", "object", "'object' says nothing about what travels; declare the type"),
        Expected(5, "Parameter 'mode'", "Score", "Mode", "add [GenerateSerializer] to the enum"),
        Expected(6, "The value", "Lazy", "System.Collections.Generic.IEnumerable<string>", "add [GenerateSerializer] to it (and [Id(n)] to its members), or pass a type Orleans knows"),
        Expected(7, "Parameter 'callback'", "Lazy", "System.Func<int>", "it is not a data type"));

    [Fact]
    public Task Graphs_a_silo_cannot_reach_are_reported_at_the_attribute() => VerifyAsync("""
        using Gen.Exec;

        public partial class Outer<T>
        {
            [Timeout(100)]
            public partial class Nested
            {
                [Layer, {|#0:Distributed|}] public int A(int x) => x;
            }
        }

        public partial class Host
        {
            [Timeout(100)]
            private partial class Hidden
            {
                [Layer, {|#1:Distributed|}] public int B(int x) => x;
            }
        }

        [Timeout(100)]
        public partial class Generic<T>
        {
            [Layer, {|#2:Distributed|}] public int C(int x) => x;
        }

        [Timeout(100)]
        internal partial class Fine
        {
            [Layer, Distributed] public int D(int x) => x;
        }
        """,
        new DiagnosticResult(GraphDiagnostics.DistributedUnreachable).WithLocation(0).WithArguments("A", "Outer<T>.Nested", "it is nested in generic type 'Outer<T>'"),
        new DiagnosticResult(GraphDiagnostics.DistributedUnreachable).WithLocation(1).WithArguments("B", "Host.Hidden", "it is not visible to the whole assembly (make it internal or public)"),
        new DiagnosticResult(GraphDiagnostics.DistributedUnreachable).WithLocation(2).WithArguments("C", "Generic<T>", "it is generic"));

    private static DiagnosticResult Expected(int location, string what, string layer, string type, string reason)
        => new DiagnosticResult(GraphDiagnostics.NotSerializable).WithLocation(location).WithArguments(what, layer, type, reason);

    private static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<DistributedAnalyzer, DefaultVerifier>
        {
            TestCode = source + Orleans,
            ReferenceAssemblies = TestReferences.None,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }
}
