using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

namespace Gen.Exec.Samples.Service.Tests;

public sealed class RetrieveEndpointTests : IDisposable
{
    private readonly ServiceFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Retrieve_answers_from_every_backend()
    {
        HttpClient client = await _factory.StartAsync();

        RetrievalResponse response = await client.RetrieveAsync("/retrieve?user=ada&q=circuit%20breakers");

        Assert.Equal(("ada", "circuit breakers"), (response.User, response.Query));
        RetrievalAnswer answer = response.Answer;
        Assert.False(answer.Degraded);
        Assert.Empty(answer.Missing);
        Assert.Empty(answer.FellBack);
        Assert.NotNull(answer.Profile);
        Assert.Equal(("ada", "Ada"), (answer.Profile.User, answer.Profile.DisplayName));
        Assert.Equal(["compilers", "scheduling"], answer.Profile.Interests);
        Assert.Equal(["circuit breakers: part 1", "circuit breakers: part 2", "circuit breakers: part 3"], answer.Documents.Select(d => d.Title));
        // Recommendations come from the profile's interests: it ran after Profile, with its value.
        Assert.Equal(["Intro to compilers", "Intro to scheduling"], answer.Recommendations.Select(r => r.Title));
        Assert.Equal("circuit breakers in production", answer.Trending[0].Topic);

        Assert.Equal(["Profile", "Documents", "Recommendations", "Trending", "Merge"], response.Layers.Select(l => l.Name));
        Assert.All(response.Layers, layer => Assert.Equal(("Succeeded", 1, null), (layer.Status, layer.Attempts, layer.Error)));
        Assert.True(response.ElapsedMs > 0 && response.SequentialMs > 0, $"elapsed {response.ElapsedMs} ms, sequential {response.SequentialMs} ms");
    }

    [Fact]
    public async Task A_failed_backend_degrades_the_answer_and_skips_what_needs_it()
    {
        HttpClient client = await _factory.StartAsync();

        RetrievalResponse response = await client.RetrieveAsync("/retrieve?user=ada&q=tracing&fail=profile");

        Assert.True(response.Answer.Degraded);
        Assert.Null(response.Answer.Profile);
        Assert.Equal(["Profile (Failed)", "Recommendations (Skipped)"], response.Answer.Missing);
        Assert.Equal(3, response.Answer.Documents.Length);
        LayerReport profile = response.Layers.Single(l => l.Name == "Profile");
        Assert.StartsWith("System.Net.Http.HttpRequestException", profile.Error, StringComparison.Ordinal);
        Assert.Contains("503", profile.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backend_slower_than_its_time_out_is_not_waited_for()
    {
        HttpClient client = await _factory.StartAsync();

        // Documents' time-out (2500 ms declared, 2 s in appsettings.json) is far below the 60 s its backend is asked to take.
        RetrievalResponse response = await client.RetrieveAsync("/retrieve?user=ada&q=tracing&delay=documents:60000");

        Assert.Equal(["Documents (TimedOut)"], response.Answer.Missing);
        Assert.Equal("TimedOut", response.Layers.Single(l => l.Name == "Documents").Status);
        Assert.NotNull(response.Answer.Profile);
        Assert.True(response.ElapsedMs < 30_000, $"the run took {response.ElapsedMs} ms");
    }

    [Fact]
    public async Task A_malformed_delay_is_a_bad_request()
    {
        HttpClient client = await _factory.StartAsync();

        using HttpResponseMessage response = await client.GetAsync("/retrieve?user=ada&q=x&delay=documents");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("name:milliseconds", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Graph_serves_the_plan_as_Mermaid()
    {
        HttpClient client = _factory.CreateClient();

        string mermaid = await client.GetStringAsync("/graph");

        Assert.Equal(Retrieval.Executor.Plan.ToMermaid(), mermaid);
        Assert.StartsWith("flowchart", mermaid, StringComparison.Ordinal);
        Assert.All(Retrieval.Executor.Plan.Layers, layer => Assert.Contains(layer, mermaid, StringComparison.Ordinal));
    }
}
