using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gen.Exec.Samples.Service;

/// <summary>What the profile backend knows about a user.</summary>
public sealed record Profile(string User, string DisplayName, string[] Interests);

/// <summary>A search hit from the documents backend.</summary>
public sealed record Document(string Id, string Title, double Score);

/// <summary>A suggestion from the recommendations backend, derived from the user's interests.</summary>
public sealed record Recommendation(string Title, string Because);

/// <summary>A topic from the trending backend (the flaky one).</summary>
public sealed record TrendingTopic(string Topic, int Mentions);

/// <summary>What <c>Merge</c> makes of the backends' answers: the parts it has, and what is missing or stood in.</summary>
public sealed record RetrievalAnswer(
    Profile? Profile,
    Document[] Documents,
    Recommendation[] Recommendations,
    TrendingTopic[] Trending,
    string[] Missing,
    string[] FellBack)
{
    /// <summary>Whether some backend's part is missing or was replaced by its fallback.</summary>
    public bool Degraded => Missing.Length > 0 || FellBack.Length > 0;
}

/// <summary>One layer of the run, as the endpoint reports it.</summary>
public sealed record LayerReport(string Name, string Status, int Attempts, double ElapsedMs, string? Error);

/// <summary>The body of <c>GET /retrieve</c>.</summary>
public sealed record RetrievalResponse(
    string User,
    string Query,
    RetrievalAnswer Answer,
    LayerReport[] Layers,
    double ElapsedMs,
    double SequentialMs,
    double Speedup);

/// <summary>
/// System.Text.Json metadata generated at build time: no reflection at run time, so the app trims and compiles
/// ahead of time without warnings. The endpoints and the backend client both serialize through it.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RetrievalResponse))]
[JsonSerializable(typeof(Profile))]
[JsonSerializable(typeof(Document[]))]
[JsonSerializable(typeof(Recommendation[]))]
[JsonSerializable(typeof(TrendingTopic[]))]
public sealed partial class SampleJsonContext : JsonSerializerContext
{
}
