using System;
using System.Collections.Generic;

namespace Gen.Exec;

/// <summary>
/// Marks a method as a layer of its containing type's execution graph. The Gen.Exec source generator
/// emits a strongly typed <c>Executor</c> and <c>Results</c> for every partial class with layers.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class LayerAttribute : Attribute
{
    /// <summary>
    /// When <see langword="true"/>, a failure or time-out of this layer cancels the rest of the run:
    /// running layers become <see cref="LayerStatus.Canceled"/> and layers not yet started become
    /// <see cref="LayerStatus.Skipped"/>.
    /// </summary>
    public bool Critical { get; set; }

    /// <summary>
    /// When a concurrency limit makes ready layers wait, layers with a higher priority start first.
    /// Ties are broken by the longest remaining critical path, then by declaration order.
    /// </summary>
    public int Priority { get; set; }
}

/// <summary>
/// Declares that a layer starts only after the named layers have finished. Name layers with
/// <see langword="nameof"/> so that renames are safe.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class DependsOnAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="layers">The names of the layers this layer depends on.</param>
    public DependsOnAttribute(params string[] layers)
    {
        Layers = layers ?? Array.Empty<string>();
    }

    /// <summary>The names of the layers this layer depends on.</summary>
    public IReadOnlyList<string> Layers { get; }
}

/// <summary>
/// The time limit of a layer, or, on a class, the default time limit of its layers. At the deadline
/// the layer's <see cref="System.Threading.CancellationToken"/> is cancelled and the run stops waiting for it.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class TimeoutAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="milliseconds">The time limit in milliseconds; must be positive.</param>
    public TimeoutAttribute(int milliseconds)
    {
        Milliseconds = milliseconds;
    }

    /// <summary>The time limit in milliseconds.</summary>
    public int Milliseconds { get; }
}

/// <summary>
/// The latency budget of a graph: the build fails (GEX004) when the graph's worst-case latency,
/// the largest sum of time-outs along a dependency path, exceeds it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class LatencyBudgetAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="milliseconds">The budget in milliseconds.</param>
    public LatencyBudgetAttribute(int milliseconds)
    {
        Milliseconds = milliseconds;
    }

    /// <summary>The budget in milliseconds.</summary>
    public int Milliseconds { get; }
}
