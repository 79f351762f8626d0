using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;

namespace Gen.Exec.Samples.Service.Tests;

public sealed class CircuitBreakerTests : IDisposable
{
    private readonly ServiceFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Failures_open_the_circuit_and_the_fallback_serves_without_calling_the_backend()
    {
        HttpClient client = await _factory.StartAsync();
        Assert.Equal("Healthy", await client.GetStringAsync("/healthz"));

        // The breaker opens once half of at least 4 calls failed. A call that timed out (a very busy machine) does not
        // count as a failure, so ask until it opens rather than exactly 4 times.
        string? lastError = null;
        for (int i = 0; i < 20 && lastError?.StartsWith("Polly.CircuitBreaker.BrokenCircuitException", StringComparison.Ordinal) != true; i++)
        {
            RetrievalResponse failing = await client.RetrieveAsync("/retrieve?user=ada&q=x&fail=trending");
            LayerReport trending = failing.Layers.Single(l => l.Name == "Trending");
            Assert.Equal("FellBack", trending.Status);
            Assert.Equal(["Trending"], failing.Answer.FellBack);
            Assert.Empty(failing.Answer.Trending);
            lastError = trending.Error;
        }

        Assert.StartsWith("Polly.CircuitBreaker.BrokenCircuitException", lastError, StringComparison.Ordinal);
        Assert.Equal("Degraded", await client.GetStringAsync("/healthz"));

        // Open: even a request that injects no fault is answered by the fallback, and the backend is not called.
        int callsBefore = _factory.Backends.CallsTo("trending");
        RetrievalResponse healthy = await client.RetrieveAsync("/retrieve?user=ada&q=x");
        LayerReport open = healthy.Layers.Single(l => l.Name == "Trending");
        Assert.Equal("FellBack", open.Status);
        Assert.StartsWith("Polly.CircuitBreaker.BrokenCircuitException", open.Error, StringComparison.Ordinal);
        Assert.Equal(callsBefore, _factory.Backends.CallsTo("trending"));
        // The other backends are untouched by the trending circuit.
        Assert.Equal(["Trending"], healthy.Answer.FellBack);
        Assert.Empty(healthy.Answer.Missing);
        Assert.NotNull(healthy.Answer.Profile);
    }
}
