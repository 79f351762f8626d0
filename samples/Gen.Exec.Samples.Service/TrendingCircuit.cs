using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Polly;
using Polly.CircuitBreaker;

namespace Gen.Exec.Samples.Service;

/// <summary>
/// The circuit breaker around the trending backend, and the health check that reports it: an open circuit makes the
/// service Degraded (its answers lack trending topics), not Unhealthy (it still answers).
/// </summary>
public sealed class TrendingCircuit : IHealthCheck
{
    /// <summary>The breaker's state, read by the health check.</summary>
    public CircuitBreakerStateProvider State { get; } = new();

    /// <summary>
    /// Opens when at least half of at least 4 calls within 30 s failed, then fails calls at once for
    /// <paramref name="breakDuration"/> before letting one trial call through (half-open).
    /// </summary>
    public void Configure(ResiliencePipelineBuilder pipeline, TimeSpan breakDuration)
        => pipeline.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 4,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = breakDuration,
            StateProvider = State,
        });

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(State.CircuitState switch
        {
            CircuitState.Closed => HealthCheckResult.Healthy("trending circuit closed"),
            CircuitState.HalfOpen => HealthCheckResult.Degraded("trending circuit half-open: trying the backend again"),
            _ => HealthCheckResult.Degraded($"trending circuit {State.CircuitState}: answers are served without trending topics"),
        });
}
