using Gen.Exec;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;

// A service project: DI, logging and Polly.Core referenced next to Gen.Exec, so the generator adds AddGenExec,
// the logging observer and the pipeline wrappers, all compiled with warnings as errors.
var services = new ServiceCollection();
services.AddSingleton<Backend>();
services.AddLogging(logging => logging.AddProvider(new ConsoleLines()).SetMinimumLevel(LogLevel.Information));
var registry = new ResiliencePipelineRegistry<string>();
registry.TryAddBuilder(Pricing.Pipeline, (builder, _) => builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
{
    FailureRatio = 0.5,
    MinimumThroughput = 2,
    BreakDuration = TimeSpan.FromMinutes(5),
}));
services.AddSingleton<ResiliencePipelineProvider<string>>(registry);
services.AddGenExec();

using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
for (int i = 0; i < 3; i++)
{
    using IServiceScope scope = provider.CreateScope();
    Pricing.Results results = await scope.ServiceProvider.GetRequiredService<Pricing.Executor>().RunAsync("sku");
    Console.WriteLine($"Run {i}: {results.Price.Status} {results.Price.Value} {results.Price.Error?.GetType().Name}");
}

using (IServiceScope scope = provider.CreateScope())
{
    Console.WriteLine("Runs: " + scope.ServiceProvider.GetRequiredService<Pricing.Executor>().Stats.Runs);
}

public sealed class Backend
{
    public Task<int> PriceAsync(string sku, CancellationToken ct) => Task.FromException<int>(new InvalidOperationException("backend down"));
}

[Timeout(1000)]
public sealed partial class Pricing(Backend backend)
{
    public const string Pipeline = "backend";

    [Layer, ResiliencePipeline(Pipeline), Fallback(nameof(ListPrice))]
    public Task<int> Price(string sku, CancellationToken ct) => backend.PriceAsync(sku, ct);

    public int ListPrice() => 10;
}

internal sealed class ConsoleLines : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Console.WriteLine($"Log {logLevel} {eventId.Id} {category}: {formatter(state, exception)}");
    }
}
