using System;

namespace Gen.Exec;

/// <summary>
/// A condition on a layer: the graph method named by <c>predicate</c> (write it with <see langword="nameof"/>) is
/// called when the layer is ready to start; when it returns <see langword="false"/> the layer ends
/// <see cref="LayerStatus.NotRun"/>. The predicate returns <see langword="bool"/>; its parameters bind like a
/// layer's (run inputs by name, the layer's own dependencies as <c>T</c> or <c>LayerResult&lt;T&gt;</c>), but it
/// takes no <see cref="System.Threading.CancellationToken"/>. If it throws, the layer is
/// <see cref="LayerStatus.Failed"/> with that exception.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class WhenAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="predicate">The name of a method of the graph type that returns <see langword="bool"/>.</param>
    public WhenAttribute(string predicate)
    {
        Predicate = predicate;
    }

    /// <summary>The name of the predicate method.</summary>
    public string Predicate { get; }
}

/// <summary>How the delay between retries grows; <c>d</c> is <see cref="RetryAttribute.DelayMilliseconds"/>.</summary>
public enum RetryBackoff
{
    /// <summary>Every delay is <c>d</c>: d, d, d...</summary>
    Constant,

    /// <summary>The k-th delay is <c>k × d</c>: d, 2d, 3d...</summary>
    Linear,

    /// <summary>The k-th delay is <c>2^(k-1) × d</c>: d, 2d, 4d...</summary>
    Exponential,
}

/// <summary>
/// Retries a layer whose attempt fails (with an exception <see cref="Handle"/> accepts) or times out, up to
/// <c>maxRetries</c> times; on a class, the default for its layers (a layer's own <c>[Retry]</c> replaces it).
/// Every attempt gets the layer's whole time-out and a fresh token; caller cancellation, an abort, and
/// <see cref="LayerStatus.Skipped"/> or <see cref="LayerStatus.NotRun"/> layers are never retried. The plan's
/// worst-case latency counts every attempt and the largest possible delays.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RetryAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="maxRetries">How many times a failed or timed-out attempt is retried; zero or more.</param>
    public RetryAttribute(int maxRetries)
    {
        MaxRetries = maxRetries;
    }

    /// <summary>How many times a failed or timed-out attempt is retried.</summary>
    public int MaxRetries { get; }

    /// <summary>The base delay before a retry, in milliseconds (zero or more); 100 by default.</summary>
    public int DelayMilliseconds { get; set; } = 100;

    /// <summary>How the delay grows from one retry to the next; <see cref="RetryBackoff.Exponential"/> by default.</summary>
    public RetryBackoff Backoff { get; set; } = RetryBackoff.Exponential;

    /// <summary>
    /// When <see langword="true"/> (the default), each delay is drawn between 0.5 and 1.5 times its nominal value,
    /// so that callers retrying the same dependency do not retry in step.
    /// </summary>
    public bool Jitter { get; set; } = true;

    /// <summary>
    /// The exception types that are retried (an exception matches a type it is an instance of);
    /// <see langword="null"/> (the default) retries any exception. Time-outs are always retried.
    /// </summary>
    public Type[]? Handle { get; set; }
}

/// <summary>
/// A fallback for a layer: when the layer, after its retries, is <see cref="LayerStatus.Failed"/> or
/// <see cref="LayerStatus.TimedOut"/>, the graph method named by <c>method</c> (write it with
/// <see langword="nameof"/>) runs, with the layer's time-out; when it returns, the layer ends
/// <see cref="LayerStatus.FellBack"/> with the fallback's value and keeps its error. The method returns the layer's
/// value type (<c>T</c>, <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c>; <see langword="void"/>, <c>Task</c> or
/// <c>ValueTask</c> for a layer without a value). Its parameters bind like the layer's, plus at most one parameter of
/// type <see cref="Exception"/> (or a subtype, which then limits the fallback to errors of that type) that
/// receives the layer's error.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class FallbackAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="method">The name of the fallback method of the graph type.</param>
    public FallbackAttribute(string method)
    {
        Method = method;
    }

    /// <summary>The name of the fallback method.</summary>
    public string Method { get; }
}
