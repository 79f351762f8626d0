using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec;

namespace Gen.Exec.Samples.Service;

/// <summary>
/// A retrieval fan-out: the user's profile, the documents matching the query and the trending topics are fetched in
/// parallel; the recommendations need the profile's interests, so they start as soon as the profile arrives (not
/// when the documents do); <c>Merge</c> answers with what it has. Every backend is an HTTP call.
/// </summary>
/// <remarks>
/// The time-outs are many times the backends' usual latency (30 to 80 ms), so a cold start or a busy machine does
/// not turn a slow answer into a lost one. Worst case, checked at build time against the budget: Profile (2000 ms)
/// then Recommendations (2000 ms) then Merge (250 ms) = 4250 ms. Trending's path (1000 ms, then its fallback's
/// 1000 ms, then Merge) is shorter.
/// </remarks>
[LatencyBudget(5000)]
public sealed partial class Retrieval(IHttpClientFactory http)
{
    /// <summary>The key of the circuit breaker around the trending backend.</summary>
    public const string TrendingPipeline = "trending-backend";

    /// <summary>Who is asking: everything personal depends on it.</summary>
    [Layer, Timeout(2000)]
    public Task<Profile> Profile(string user, InjectedFaults faults, CancellationToken ct)
        => GetAsync($"backend/profile?user={Uri.EscapeDataString(user)}{faults.QueryFor("profile")}", SampleJsonContext.Default.Profile, ct);

    /// <summary>The search itself, the slowest backend.</summary>
    [Layer, Timeout(2500)]
    public Task<Document[]> Documents(string query, InjectedFaults faults, CancellationToken ct)
        => GetAsync($"backend/documents?q={Uri.EscapeDataString(query)}{faults.QueryFor("documents")}", SampleJsonContext.Default.DocumentArray, ct);

    /// <summary>Needs the profile's value (<c>Profile</c>, not <c>LayerResult&lt;Profile&gt;</c>): Skipped without it.</summary>
    [Layer, Timeout(2000), DependsOn(nameof(Profile))]
    public Task<Recommendation[]> Recommendations(Profile profile, InjectedFaults faults, CancellationToken ct)
        => GetAsync(
            $"backend/recommendations?interests={Uri.EscapeDataString(string.Join(',', profile.Interests))}{faults.QueryFor("recommendations")}",
            SampleJsonContext.Default.RecommendationArray,
            ct);

    /// <summary>
    /// The flaky backend. Each attempt runs inside the <see cref="TrendingPipeline"/> circuit breaker (registered with
    /// <c>AddResiliencePipeline</c>, found through <c>ExecutorOptions.Services</c>, which <c>AddGenExec</c> sets): after
    /// enough failures it opens and fails calls at once (<c>BrokenCircuitException</c>) instead of waiting on a sick
    /// backend; either way <see cref="NoTrending"/> serves a safe default and the layer ends <c>FellBack</c>. The
    /// layer's <c>[Timeout]</c> still holds around the pipeline.
    /// </summary>
    [Layer, Timeout(1000), ResiliencePipeline(TrendingPipeline), Fallback(nameof(NoTrending))]
    public Task<TrendingTopic[]> Trending(string query, InjectedFaults faults, CancellationToken ct)
        => GetAsync($"backend/trending?q={Uri.EscapeDataString(query)}{faults.QueryFor("trending")}", SampleJsonContext.Default.TrendingTopicArray, ct);

    /// <summary>
    /// Takes every backend as <see cref="LayerResult{T}"/>, so it runs whatever failed, and answers with what it has.
    /// </summary>
    [Layer, Timeout(250), DependsOn(nameof(Profile), nameof(Documents), nameof(Recommendations), nameof(Trending))]
    public RetrievalAnswer Merge(
        LayerResult<Profile> profile,
        LayerResult<Document[]> documents,
        LayerResult<Recommendation[]> recommendations,
        LayerResult<TrendingTopic[]> trending,
        CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var missing = new List<string>();
        var fellBack = new List<string>();
        return new RetrievalAnswer(
            Take(profile),
            Take(documents) ?? [],
            Take(recommendations) ?? [],
            Take(trending) ?? [],
            [.. missing],
            [.. fellBack]);

        T? Take<T>(LayerResult<T> layer)
            where T : class
        {
            if (layer.Status == LayerStatus.FellBack)
            {
                fellBack.Add(layer.Name);
            }

            if (layer.TryGetValue(out T? value))
            {
                return value;
            }

            missing.Add($"{layer.Name} ({layer.Status})");
            return null;
        }
    }

    /// <summary>Trending's fallback: no trending topics is a safe answer; no answer is not.</summary>
    private static TrendingTopic[] NoTrending() => [];

    private async Task<T> GetAsync<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken ct)
    {
        HttpClient client = http.CreateClient(BackendClient.Name);
        // GetFromJsonAsync throws HttpRequestException for a non-success status: the layer then fails (or its breaker counts it).
        T? value = await client.GetFromJsonAsync(path, type, ct);
        return value ?? throw new HttpRequestException($"{path} answered null.");
    }
}
