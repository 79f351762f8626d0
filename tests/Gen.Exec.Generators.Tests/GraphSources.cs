namespace Gen.Exec.Generators.Tests;

/// <summary>Source of graphs the generator tests compile.</summary>
internal static class GraphSources
{
    public const string ContractExample = """
        using System.Threading;
        using System.Threading.Tasks;
        using Gen.Exec;

        namespace Recall;

        public sealed record Episode(string Text);
        public sealed record Fact(string Text);
        public sealed record KnowledgeGraph(int Nodes);
        public sealed record Answer(string Text);

        public interface IMemoryStore
        {
            Task<Episode[]> EpisodesAsync(string query, int k, CancellationToken ct);
            Task<Fact[]> FactsAsync(string query, int k, CancellationToken ct);
        }

        [Timeout(1000)]
        public sealed partial class Tier1Recall(IMemoryStore store)
        {
            [Layer, Timeout(200)]
            public Task<Episode[]> Episodic(string query, int k, CancellationToken ct) => store.EpisodesAsync(query, k, ct);

            [Layer, Timeout(300)]
            public Task<Fact[]> Semantic(string query, int k, CancellationToken ct) => store.FactsAsync(query, k, ct);

            [Layer, Timeout(100), DependsOn(nameof(Semantic))]
            public async ValueTask<KnowledgeGraph> Graph(Fact[] semantic, CancellationToken ct)
            {
                await Task.Yield();
                return new KnowledgeGraph(semantic.Length);
            }

            [Layer, DependsOn(nameof(Episodic), nameof(Semantic), nameof(Graph))]
            public Answer Merge(LayerResult<Episode[]> episodic, Fact[] semantic, LayerResult<KnowledgeGraph> graph)
                => new(episodic.Status + " " + semantic.Length + " " + graph.Status);
        }
        """;

    public const string StaticGraph = """
        using System.Threading;
        using System.Threading.Tasks;
        using Gen.Exec;

        namespace Tools;

        [Timeout(500)]
        public static partial class Pipeline
        {
            [Layer] public static int Parse(string text) => text.Length;

            [Layer] public static void Log(string text) { }

            [Layer] public static Task Warm(CancellationToken ct) => Task.CompletedTask;

            [Layer] public static ValueTask Flush() => default;

            [Layer, DependsOn(nameof(Parse), nameof(Log), nameof(Warm), nameof(Flush))]
            public static string Report(int parse, LayerResult log, CancellationToken ct) => parse.ToString();
        }
        """;

    public const string NestedGeneric = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Gen.Exec;

        namespace Company.Search
        {
            public partial class Outer<TKey> where TKey : notnull
            {
                public partial record Middle
                {
                    [Timeout(250), LatencyBudget(2000)]
                    internal sealed partial class Lookup
                    {
                        [Layer(Critical = true)]
                        public Task<Dictionary<TKey, string?>> Index(IReadOnlyList<TKey> keys, CancellationToken ct)
                            => Task.FromResult(new Dictionary<TKey, string?>());

                        [Layer(Priority = 5), Timeout(50)]
                        public Task<int> Warm(CancellationToken ct) => Task.FromResult(1);

                        [Layer, DependsOn(nameof(Index)), DependsOn(nameof(Warm))]
                        public Task<string?[]> Resolve(Dictionary<TKey, string?> index, IReadOnlyList<TKey> keys, LayerResult<int> warm, CancellationToken ct)
                            => Task.FromResult(new string?[keys.Count]);
                    }
                }
            }
        }
        """;

    public const string GlobalWithKeywords = """
        using System.Threading;
        using System.Threading.Tasks;
        using Gen.Exec;

        [Timeout(100)]
        public sealed partial class Keywords
        {
            [Layer] public int @class(int @event) => @event;

            [Layer, DependsOn("class")] public Task<string> @string(int @class, CancellationToken ct) => Task.FromResult(@class.ToString());
        }
        """;

    /// <summary>A graph using conditions, retries (class default and own) and fallbacks, for the model tests.</summary>
    public const string Controlled = """
        using System;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Gen.Exec;

        namespace Routing;

        [Timeout(100), Retry(2, DelayMilliseconds = 10)]
        public sealed partial class Router
        {
            [Layer, Retry(0)] public Task<int> Classify(string query, CancellationToken ct) => Task.FromResult(query.Length);

            [Layer, DependsOn(nameof(Classify)), When(nameof(IsLong)), Fallback(nameof(Cached)), Timeout(200)]
            [Retry(3, DelayMilliseconds = 50, Backoff = RetryBackoff.Linear, Jitter = false, Handle = new[] { typeof(HttpRequestException) })]
            public Task<string> Search(LayerResult<int> classify, CancellationToken ct) => Task.FromResult("s");

            [Layer, DependsOn(nameof(Search)), Fallback(nameof(Quiet))]
            public ValueTask Log(string search, CancellationToken ct) => default;

            private static bool IsLong(int classify, bool verbose) => classify > 3 && verbose;
            private string Cached(CancellationToken ct, string query, HttpRequestException error, string tenant, int classify) => query;
            private void Quiet(Exception error) { }
        }
        """;

    public const string Distributed = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Gen.Exec;

        namespace Scale;

        [Timeout(500)]
        public sealed partial class Ranker
        {
            [Layer] public Task<string[]> Fetch(string query, CancellationToken ct) => Task.FromResult(new[] { query });

            [Layer, Distributed, DependsOn(nameof(Fetch)), Retry(2, DelayMilliseconds = 10), Fallback(nameof(Unranked))]
            public Task<double[]> Score(string[] fetch, int k, CancellationToken ct) => Task.FromResult(new double[k]);

            [Layer, Distributed, DependsOn(nameof(Score))]
            public static int Top(double[] score) => score.Length;

            [Layer, Distributed, DependsOn(nameof(Fetch))]
            public ValueTask Audit(string[] fetch, string? tenant) => default;

            [Layer, Distributed]
            public void Warm() { }

            private double[] Unranked(int k) => new double[k];
        }
        """;
}
