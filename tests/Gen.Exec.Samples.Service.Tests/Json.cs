using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

namespace Gen.Exec.Samples.Service.Tests;

internal static class Json
{
    /// <summary>GETs <paramref name="path"/>, expects 200, and reads the body with the sample's own JSON metadata.</summary>
    public static async Task<RetrievalResponse> RetrieveAsync(this HttpClient client, string path)
    {
        using HttpResponseMessage response = await client.GetAsync(path);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        RetrievalResponse? answer = System.Text.Json.JsonSerializer.Deserialize(body, SampleJsonContext.Default.RetrievalResponse);
        Assert.NotNull(answer);
        return answer;
    }
}
