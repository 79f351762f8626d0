using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gen.Exec.Samples.Service;

/// <summary>
/// The backends as endpoints of this same app, so the sample needs no second process: a real deployment would point
/// <c>Backends:BaseAddress</c> at its own services. Their answers are made up from the request, deterministically.
/// </summary>
public static class BackendEndpoints
{
    /// <summary>Maps <c>/backend/profile</c>, <c>/backend/documents</c>, <c>/backend/recommendations</c>, <c>/backend/trending</c>.</summary>
    public static IEndpointRouteBuilder MapBackends(this IEndpointRouteBuilder endpoints)
    {
        RouteGroupBuilder backend = endpoints.MapGroup("/backend");

        backend.MapGet("/profile", async (string user, HttpRequest request, BackendSimulator simulator, CancellationToken ct) =>
            await simulator.SimulateAsync("profile", request, ct) ?? TypedResults.Ok(ProfileOf(user)));

        backend.MapGet("/documents", async (string q, HttpRequest request, BackendSimulator simulator, CancellationToken ct) =>
            await simulator.SimulateAsync("documents", request, ct) ?? TypedResults.Ok(DocumentsAbout(q)));

        backend.MapGet("/recommendations", async (string interests, HttpRequest request, BackendSimulator simulator, CancellationToken ct) =>
            await simulator.SimulateAsync("recommendations", request, ct) ?? TypedResults.Ok(RecommendationsFor(interests)));

        backend.MapGet("/trending", async (string q, HttpRequest request, BackendSimulator simulator, CancellationToken ct) =>
            await simulator.SimulateAsync("trending", request, ct) ?? TypedResults.Ok(TrendingNear(q)));

        return endpoints;
    }

    private static Profile ProfileOf(string user)
        => new(user, CultureInfo.InvariantCulture.TextInfo.ToTitleCase(user), user.Length % 2 == 0 ? ["databases", "tracing"] : ["compilers", "scheduling"]);

    private static Document[] DocumentsAbout(string query)
        => [.. Enumerable.Range(1, 3).Select(i => new Document($"doc-{Math.Abs(StableHash(query) % 1000) + i}", $"{query}: part {i}", Math.Round(1.0 / i, 2)))];

    private static Recommendation[] RecommendationsFor(string interests)
        => [.. interests.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(interest => new Recommendation($"Intro to {interest}", interest))];

    private static TrendingTopic[] TrendingNear(string query)
        => [new($"{query} in production", 42), new("structured concurrency", 17)];

    // string.GetHashCode is randomized per process; the made-up document ids should not change between runs.
    private static int StableHash(string text)
    {
        int hash = 17;
        foreach (char c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
