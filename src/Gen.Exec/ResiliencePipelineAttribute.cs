using System;

namespace Gen.Exec;

/// <summary>
/// Runs each attempt of the layer (or, on a class, of each of its layers) inside the Polly resilience pipeline
/// registered under <see cref="Key"/>: the <c>ResiliencePipelineProvider&lt;string&gt;</c> of
/// <see cref="ExecutorOptions.Services"/> supplies it, so circuit breakers, rate limiters and hedging from Polly or
/// Microsoft.Extensions.Resilience apply per layer. The layer's own <see cref="TimeoutAttribute"/> still holds around
/// every attempt. Needs a reference to Polly.Core: without it, using this attribute is build error GEX032.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ResiliencePipelineAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="key">The key the pipeline is registered under (for example with <c>services.AddResiliencePipeline(key, ...)</c>).</param>
    public ResiliencePipelineAttribute(string key)
    {
        Key = key;
    }

    /// <summary>The key the pipeline is registered under.</summary>
    public string Key { get; }
}
