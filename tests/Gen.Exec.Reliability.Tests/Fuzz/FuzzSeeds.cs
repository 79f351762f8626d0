namespace Gen.Exec.Reliability.Tests.Fuzz;

/// <summary>Valid graph sources the fuzzer starts from: each compiles cleanly and yields an executor.</summary>
internal static class FuzzSeeds
{
    public static readonly string[] All =
    [
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Gen.Exec;

        namespace Fuzz;

        [Timeout(1000)]
        public sealed partial class Recall
        {
            [Layer, Timeout(200)]
            public Task<string[]> Episodic(string query, int k, CancellationToken ct) => Task.FromResult(new[] { query });

            [Layer, Timeout(300)]
            public Task<int[]> Semantic(string query, CancellationToken ct) => Task.FromResult(new[] { query.Length });

            [Layer, Timeout(100), DependsOn(nameof(Semantic))]
            public async ValueTask<long> Graph(int[] semantic, CancellationToken ct) { await Task.Yield(); return semantic.Length; }

            [Layer(Critical = true, Priority = 2), DependsOn(nameof(Episodic), nameof(Semantic), nameof(Graph))]
            public string Merge(LayerResult<string[]> episodic, int[] semantic, LayerResult<long> graph) => "merged";
        }
        """,
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Gen.Exec;

        [LatencyBudget(5000)]
        public static partial class Pipeline
        {
            [Layer, Timeout(50)]
            public static int Load(int seed, CancellationToken ct) => seed;

            [Layer, Timeout(60), DependsOn("Load")]
            public static Task Validate(int load, CancellationToken ct) => Task.CompletedTask;

            [Layer, Timeout(70), DependsOn(nameof(Load)), DependsOn(nameof(Validate))]
            public static ValueTask<double> Transform(int load, CancellationToken ct) => new(load * 1.5);

            [Layer, Timeout(80), DependsOn(nameof(Transform), nameof(Validate))]
            public static void Store(double transform, LayerResult validate, CancellationToken ct) { }
        }
        """,
        """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Gen.Exec;

        namespace Fuzz.Nested
        {
            public partial class Outer
            {
                [Timeout(500)]
                internal sealed partial class Diamond(IServiceProvider services)
                {
                    [Layer]
                    public ValueTask<List<int>> Top(CancellationToken ct) => new(new List<int> { 1 });

                    [Layer, DependsOn(nameof(Top))]
                    public Task<int> Left(List<int> top, CancellationToken ct) => Task.FromResult(top.Count);

                    [Layer, DependsOn(nameof(Top))]
                    public int Right(LayerResult<List<int>> top, string label) => label.Length;

                    [Layer(Priority = -1), DependsOn(nameof(Left), nameof(Right))]
                    public async Task<string?> Bottom(int left, LayerResult<int> right, string label, CancellationToken ct)
                    {
                        await Task.Delay(1, ct);
                        return label + left;
                    }

                    [Layer, Timeout(5)]
                    public void Side(CancellationToken cancellation) { }
                }
            }
        }
        """,
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Gen.Exec;

        namespace Fuzz;

        public sealed partial class Chain
        {
            [Layer, Timeout(10)] public Task<int> A(CancellationToken ct) => Task.FromResult(1);
            [Layer, Timeout(10), DependsOn(nameof(A))] public Task<int> B(int a, CancellationToken ct) => Task.FromResult(a + 1);
            [Layer, Timeout(10), DependsOn(nameof(B))] public Task<int> C(int b, CancellationToken ct) => Task.FromResult(b + 1);
            [Layer, Timeout(10), DependsOn(nameof(C))] public Task<int> D(int c, CancellationToken ct) => Task.FromResult(c + 1);
            [Layer, Timeout(10), DependsOn(nameof(D), nameof(A))] public int E(LayerResult<int> d, int a, CancellationToken ct) => a;
        }
        """,
    ];
}
