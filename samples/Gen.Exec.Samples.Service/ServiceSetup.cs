using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Polly;

namespace Gen.Exec.Samples.Service;

/// <summary>The sample's services and endpoints, in two calls, so tests build the same app as <c>Program</c>.</summary>
public static class ServiceSetup
{
    /// <summary>The service name OpenTelemetry reports.</summary>
    public const string ServiceName = "gen-exec-sample";

    /// <summary>Registers the graph, the backends' client and simulator, the circuit breaker, telemetry and health checks.</summary>
    public static IServiceCollection AddRetrievalSample(this IServiceCollection services, IConfiguration configuration)
    {
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, SampleJsonContext.Default));
        // Also adds the source-generated metadata of ProblemDetails, which the error answers are written with.
        services.AddProblemDetails();

        services.AddSingleton<BackendSimulator>();
        services.AddHttpClient(BackendClient.Name, (provider, client) => client.BaseAddress = BackendClient.BaseAddress(provider));

        var circuit = new TrendingCircuit();
        services.AddSingleton(circuit);
        int breakSeconds = int.TryParse(configuration["Backends:trending:BreakSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) ? seconds : 15;
        services.AddResiliencePipeline(Retrieval.TrendingPipeline, pipeline => circuit.Configure(pipeline, TimeSpan.FromSeconds(breakSeconds)));

        // Generated for this assembly: the graph and its executor, scoped, the graph built by constructor injection
        // (IHttpClientFactory); the options take the container's TimeProvider, IMeterFactory (so two hosts in one
        // process, as in tests, never mix their measurements), ILoggerFactory, and the container itself, where
        // [ResiliencePipeline] finds the circuit breaker.
        services.AddGenExec(options =>
        {
            // Per-layer time-outs from configuration ("GenExec:LayerTimeouts:Documents": "00:00:02"). They may only
            // tighten a declared [Timeout]; a looser one stops the app at start, naming the layer and both figures.
            foreach (IConfigurationSection layer in configuration.GetSection("GenExec:LayerTimeouts").GetChildren())
            {
                options.LayerTimeouts[layer.Key] = TimeSpan.Parse(layer.Value ?? string.Empty, CultureInfo.InvariantCulture);
            }
        });

        services.AddHealthChecks().AddCheck<TrendingCircuit>("trending-circuit");

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddSource(ExecutorTelemetry.Name);
                // Traces leave the process only when a collector is configured (the standard OTLP variable).
                if (!string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(ExecutorTelemetry.Name)
                .AddPrometheusExporter());

        return services;
    }

    /// <summary>Maps <c>/retrieve</c>, <c>/graph</c>, <c>/healthz</c>, <c>/metrics</c> and the backends.</summary>
    public static WebApplication MapRetrievalSample(this WebApplication app)
    {
        app.MapGet("/retrieve", RetrieveAsync);
        app.MapGet("/graph", () => Results.Text(Retrieval.Executor.Plan.ToMermaid(), "text/plain; charset=utf-8"));
        app.MapHealthChecks("/healthz");
        app.MapPrometheusScrapingEndpoint();
        app.MapBackends();
        return app;
    }

    /// <summary>
    /// <c>GET /retrieve?user=ada&amp;q=circuit+breakers</c>, optionally <c>&amp;fail=trending&amp;delay=documents:2000</c>.
    /// 200 with the answer (degraded or not) while <c>Merge</c> has one; 503 if it has none.
    /// </summary>
    private static async Task<IResult> RetrieveAsync(string user, string q, string? fail, string? delay, Retrieval.Executor executor, CancellationToken ct)
    {
        InjectedFaults faults;
        try
        {
            faults = InjectedFaults.Parse(fail, delay);
        }
        catch (FormatException error)
        {
            return Results.Problem(error.Message, statusCode: StatusCodes.Status400BadRequest);
        }

        Retrieval.Results results = await executor.RunAsync(user: user, faults: faults, query: q, cancellationToken: ct);
        if (!results.Merge.TryGetValue(out RetrievalAnswer? answer))
        {
            return Results.Problem($"Merge {results.Merge.Status}: {results.Merge.Error?.Message}", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        RunStats stats = results.Stats;
        LayerReport[] layers = [.. results.Layers.Select(layer => new LayerReport(
            layer.Name,
            layer.Status.ToString(),
            layer.Attempts,
            Math.Round(layer.Elapsed.TotalMilliseconds, 1),
            layer.Error is null ? null : $"{layer.Error.GetType().FullName}: {layer.Error.Message}"))];
        return TypedResults.Ok(new RetrievalResponse(
            user,
            q,
            answer,
            layers,
            Math.Round(stats.Elapsed.TotalMilliseconds, 1),
            Math.Round(stats.SequentialElapsed.TotalMilliseconds, 1),
            Math.Round(stats.Speedup, 2)));
    }
}
