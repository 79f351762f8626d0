using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Telemetry;

namespace Gen.Exec.Integration.Tests;

/// <summary>Layers inside real Polly pipelines from a ResiliencePipelineRegistry.</summary>
public sealed class PollyTests
{
    private static ServiceProvider Build(Backend backend, Action<ResiliencePipelineRegistry<string>> pipelines)
    {
        var registry = new ResiliencePipelineRegistry<string>();
        pipelines(registry);
        var services = new ServiceCollection();
        services.AddSingleton(backend);
        services.AddSingleton<ResiliencePipelineProvider<string>>(registry);
        services.AddGenExec();
        return services.BuildServiceProvider();
    }

    private static void Breaker(ResiliencePipelineRegistry<string> registry)
    {
        registry.TryAddBuilder(Guarded.Pipeline, (builder, _) => builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 2,
            SamplingDuration = TimeSpan.FromMinutes(1),
            BreakDuration = TimeSpan.FromMinutes(5),
        }));
        registry.TryAddBuilder(Guarded.Plain, (_, _) => { });
    }

    [Fact]
    public async Task An_open_circuit_fails_the_attempt_at_once_and_the_fallback_serves()
    {
        var backend = new Backend { Failing = true };
        using ServiceProvider provider = Build(backend, registry => Breaker(registry));
        using IServiceScope scope = provider.CreateScope();
        Guarded.Executor executor = scope.ServiceProvider.GetRequiredService<Guarded.Executor>();

        for (int i = 0; i < 2; i++)
        {
            Guarded.Results failing = await executor.RunAsync();
            Assert.Equal(LayerStatus.FellBack, failing.Fetch.Status);
            Assert.IsType<HttpRequestException>(failing.Fetch.Error);
            Assert.Equal("safe", failing.Fetch.Value);
            Assert.Equal(4, failing.Length.Value);
        }

        Assert.Equal(2, backend.Calls);

        // Open: the backend is not called, Polly's exception fails the attempt, the fallback serves.
        backend.Failing = false;
        Guarded.Results open = await executor.RunAsync();
        Assert.Equal(LayerStatus.FellBack, open.Fetch.Status);
        Assert.IsType<BrokenCircuitException>(open.Fetch.Error);
        Assert.Equal("safe", open.Fetch.Value);
        Assert.Equal(2, backend.Calls);
        Assert.Equal(LayerStatus.Succeeded, open.Sync.Status);
        Assert.Equal(LayerStatus.Succeeded, open.Nothing.Status);
    }

    [Fact]
    public async Task Layers_run_in_their_pipelines_under_operation_keys_naming_graph_and_layer()
    {
        var keys = new OperationKeys();
        // A retry strategy reports every execution attempt to Polly's telemetry, with the context's operation key.
        using ServiceProvider provider = Build(new Backend(), registry =>
        {
            foreach (string key in new[] { Guarded.Pipeline, Guarded.Plain })
            {
                registry.TryAddBuilder(key, (builder, _) => builder
                    .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 1, Delay = TimeSpan.Zero })
                    .ConfigureTelemetry(new TelemetryOptions { TelemetryListeners = { keys } }));
            }
        });
        using IServiceScope scope = provider.CreateScope();
        Guarded.Results results = await scope.ServiceProvider.GetRequiredService<Guarded.Executor>().RunAsync();

        Assert.Equal("live", results.Fetch.Value);
        Assert.Equal(4, results.Length.Value);
        Assert.Equal("sync", results.Sync.Value);
        foreach (string layer in new[] { "Fetch", "Sync", "Nothing", "Length" })
        {
            Assert.True(keys.Seen.ContainsKey("Gen.Exec.Integration.Tests.Guarded." + layer), string.Join(", ", keys.Seen.Keys));
        }
    }

    [Fact]
    public async Task The_layer_time_out_holds_around_the_pipeline_and_its_token_reaches_it()
    {
        var backend = new Backend();
        using ServiceProvider provider = Build(backend, registry => registry.TryAddBuilder(Bounded.SlowRetry, (builder, _) => builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 5,
            Delay = TimeSpan.FromMinutes(1),
            BackoffType = DelayBackoffType.Constant,
        })));
        using IServiceScope scope = provider.CreateScope();
        var clock = Stopwatch.StartNew();
        Bounded.Results results = await scope.ServiceProvider.GetRequiredService<Bounded.Executor>().RunAsync();

        Assert.Equal(LayerStatus.TimedOut, results.Fetch.Status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), clock.Elapsed.ToString());
        Assert.Equal(1, backend.Calls);
    }

    [Fact]
    public void Without_a_pipeline_provider_the_executor_says_what_is_missing()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new Backend());
        services.AddGenExec();
        using ServiceProvider provider = services.BuildServiceProvider();
        using IServiceScope scope = provider.CreateScope();

        var error = Assert.Throws<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<Guarded.Executor>());
        Assert.Contains("Graph 'Gen.Exec.Integration.Tests.Guarded'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ResiliencePipelineProvider<string>", error.Message, StringComparison.Ordinal);

        Assert.Throws<InvalidOperationException>(() => new Guarded.Executor(new Guarded(new Backend())));
    }

    [Fact]
    public void A_key_without_a_pipeline_is_named_in_the_message()
    {
        using ServiceProvider provider = Build(new Backend(), registry => registry.TryAddBuilder(Guarded.Plain, (_, _) => { }));
        using IServiceScope scope = provider.CreateScope();

        var error = Assert.Throws<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<Guarded.Executor>());
        Assert.Contains("Layer 'Fetch' of graph 'Gen.Exec.Integration.Tests.Guarded' has [ResiliencePipeline(\"backend\")]", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Polly's telemetry: the operation key of every event a pipeline reports.</summary>
    private sealed class OperationKeys : TelemetryListener
    {
        public ConcurrentDictionary<string, int> Seen { get; } = new();

        public override void Write<TResult, TArgs>(in TelemetryEventArguments<TResult, TArgs> args)
        {
            if (args.Context.OperationKey is { } key)
            {
                Seen.AddOrUpdate(key, 1, (_, n) => n + 1);
            }
        }
    }
}
