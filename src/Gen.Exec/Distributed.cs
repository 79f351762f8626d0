using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec;

/// <summary>
/// Marks a layer that may run on a cluster: with <see cref="ExecutorOptions.Dispatcher"/> set, each attempt of the
/// layer is sent to the dispatcher (for example <c>Gen.Exec.Orleans.OrleansLayerDispatcher</c>); without one it runs
/// in process, so the same graph works in unit tests and on one machine.
/// </summary>
/// <remarks>
/// The layer's time-out, retries, fallback and condition stay on the caller's side. Its arguments and value travel
/// over the wire, so they must be serializable by the cluster; it takes dependencies as values (<c>T</c>), not as
/// <see cref="LayerResult{T}"/>.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DistributedAttribute : Attribute
{
}

/// <summary>
/// Runs attempts of <see cref="DistributedAttribute">[Distributed]</see> layers somewhere else (another process, a
/// cluster). Set it as <see cref="ExecutorOptions.Dispatcher"/>.
/// </summary>
/// <remarks>
/// The executor keeps the layer's deadline: it stops waiting at the deadline even if the dispatched work never
/// answers, so an implementation needs no time-out of its own. It must pass <c>cancellationToken</c> on to the
/// remote work (it is cancelled at the deadline, on the caller's cancellation and on an abort) and report a lost
/// worker as an exception, so that <see cref="RetryAttribute">[Retry]</see> makes another attempt.
/// </remarks>
public abstract class LayerDispatcher
{
    /// <summary>Runs one attempt of a distributed layer and returns its value.</summary>
    /// <typeparam name="TValue">The layer's value type (<see cref="object"/> for a layer without a value, whose result is ignored).</typeparam>
    /// <param name="call">Which layer of which graph, with its arguments.</param>
    /// <param name="cancellationToken">The attempt's token: cancelled at its deadline, on the caller's cancellation or an abort.</param>
    /// <returns>The layer's value; a failed attempt throws the layer's exception (or the transport's).</returns>
    public abstract ValueTask<TValue> DispatchAsync<TValue>(DistributedLayerCall call, CancellationToken cancellationToken);
}

/// <summary>One attempt of a distributed layer, as a <see cref="LayerDispatcher"/> receives it.</summary>
public readonly struct DistributedLayerCall
{
    private readonly object?[] _arguments;

    /// <summary>Creates a call. Generated code creates them; a dispatcher under test may too.</summary>
    /// <param name="graph">The graph's full type name, as the <c>gen_exec.graph</c> tag.</param>
    /// <param name="layer">The layer's name.</param>
    /// <param name="arguments">The layer method's arguments in parameter order, its <see cref="CancellationToken"/> left out.</param>
    public DistributedLayerCall(string graph, string layer, object?[] arguments)
    {
        Graph = graph ?? throw new ArgumentNullException(nameof(graph));
        Layer = layer ?? throw new ArgumentNullException(nameof(layer));
        _arguments = arguments ?? throw new ArgumentNullException(nameof(arguments));
    }

    /// <summary>The graph's full type name (namespace and containing types joined with <c>.</c>).</summary>
    public string Graph { get; }

    /// <summary>The layer's name.</summary>
    public string Layer { get; }

    /// <summary>The layer method's arguments in parameter order, without its token (boxed, as they travel).</summary>
    public IReadOnlyList<object?> Arguments => _arguments ?? Array.Empty<object?>();

    /// <summary>The arguments as an array a transport can send without copying. Do not modify it.</summary>
    public object?[] ArgumentArray() => _arguments ?? Array.Empty<object?>();
}
