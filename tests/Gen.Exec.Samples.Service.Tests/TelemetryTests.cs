using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;

namespace Gen.Exec.Samples.Service.Tests;

public sealed class TelemetryTests : IDisposable
{
    private const string Graph = "Gen.Exec.Samples.Service.Retrieval";
    private readonly ServiceFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Metrics_serves_the_Gen_Exec_series_in_Prometheus_format()
    {
        HttpClient client = await _factory.StartAsync();
        await client.RetrieveAsync("/retrieve?user=ada&q=metrics&fail=trending");

        string metrics = await client.GetStringAsync("/metrics");

        Assert.Contains("# TYPE gen_exec_run_duration_seconds histogram", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE gen_exec_layer_duration_seconds histogram", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE gen_exec_run_speedup histogram", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE gen_exec_layer_active gauge", metrics, StringComparison.Ordinal);
        string[] lines = metrics.Split('\n');
        Assert.Contains(lines, line => line.StartsWith("gen_exec_run_duration_seconds_count{", StringComparison.Ordinal)
            && line.Contains($"gen_exec_graph=\"{Graph}\"", StringComparison.Ordinal)
            && line.Contains("gen_exec_run_outcome=\"degraded\"", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("gen_exec_layer_duration_seconds_count{", StringComparison.Ordinal)
            && line.Contains("gen_exec_layer=\"Trending\"", StringComparison.Ordinal)
            && line.Contains("gen_exec_layer_status=\"fell_back\"", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("gen_exec_layer_duration_seconds_count{", StringComparison.Ordinal)
            && line.Contains("gen_exec_layer=\"Profile\"", StringComparison.Ordinal)
            && line.Contains("gen_exec_layer_status=\"succeeded\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_trace_of_one_request_holds_the_run_and_its_layers_under_the_request_span()
    {
        HttpClient client = await _factory.StartAsync();

        // The caller's trace context (W3C traceparent) names the trace, so this request's spans are told from the warm-up's.
        ActivityTraceId traceId = ActivityTraceId.CreateRandom();
        using (var traced = new HttpRequestMessage(HttpMethod.Get, "/retrieve?user=ada&q=traced"))
        {
            traced.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
            using HttpResponseMessage response = await client.SendAsync(traced);
            response.EnsureSuccessStatusCode();
        }

        // The server span ends after the response is sent: wait for it (generously; the machine may be busy).
        Activity request = await WaitForAsync(() => _factory.Spans.Snapshot().SingleOrDefault(span =>
            span.TraceId == traceId && span.Kind == ActivityKind.Server && span.GetTagItem("url.path") as string == "/retrieve"));
        Activity[] trace = [.. _factory.Spans.Snapshot().Where(span => span.TraceId == request.TraceId)];

        Activity run = Assert.Single(trace, span => span.Source.Name == "Gen.Exec" && span.DisplayName == "Retrieval");
        Assert.Equal(request.SpanId, run.ParentSpanId);
        Assert.Equal(Graph, run.GetTagItem("gen_exec.graph"));

        Activity[] layers = [.. trace.Where(span => span.Source.Name == "Gen.Exec" && span.ParentSpanId == run.SpanId)];
        Assert.Equal(
            ["Retrieval.Documents", "Retrieval.Merge", "Retrieval.Profile", "Retrieval.Recommendations", "Retrieval.Trending"],
            layers.Select(span => span.DisplayName).Order(StringComparer.Ordinal));
        Assert.All(layers, layer => Assert.Equal("succeeded", layer.GetTagItem("gen_exec.layer.status")));
        // Not asserted here: the backends' own server spans. The test server's handler sends no traceparent (a
        // socket handler does), so in memory they start traces of their own.
    }

    private static async Task<Activity> WaitForAsync(Func<Activity?> find)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (find() is Activity found)
            {
                return found;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the request's span was not exported within 30 s");
            await Task.Delay(20);
        }
    }
}
