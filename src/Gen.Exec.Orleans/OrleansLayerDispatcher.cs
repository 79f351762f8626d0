using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Orleans;

namespace Gen.Exec.Orleans;

/// <summary>
/// Sends each attempt of a <see cref="DistributedAttribute">[Distributed]</see> layer to a worker grain on the
/// Orleans cluster. Set it as <see cref="ExecutorOptions.Dispatcher"/>; one instance serves any number of executors
/// and concurrent runs.
/// </summary>
/// <remarks>
/// Calls rotate over <see cref="WorkerKeys"/> worker keys, each one reentrant activation placed on the silo with the
/// fewest activations, so consecutive attempts (of one run, and of many runs) land on different silos. The executor keeps the layer's
/// deadline; the attempt's token reaches the worker's <see cref="CancellationToken"/>. A silo lost mid-call fails the
/// attempt (an Orleans exception, or the layer's time-out), and <see cref="RetryAttribute">[Retry]</see> sends the
/// next attempt to another key, hence another silo.
/// </remarks>
public sealed class OrleansLayerDispatcher : LayerDispatcher
{
    /// <summary>How many worker keys calls rotate over: enough to reach every gateway of a large cluster.</summary>
    public const int WorkerKeys = 256;

    private readonly IGrainFactory _grains;
    private int _next = -1;

    /// <summary>Creates a dispatcher that calls workers through <paramref name="grainFactory"/> (a cluster client, or a silo's grain factory).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="grainFactory"/> is <see langword="null"/>.</exception>
    public OrleansLayerDispatcher(IGrainFactory grainFactory)
    {
        _grains = grainFactory ?? throw new ArgumentNullException(nameof(grainFactory));
    }

    /// <inheritdoc/>
    public override async ValueTask<TValue> DispatchAsync<TValue>(DistributedLayerCall call, CancellationToken cancellationToken)
    {
        long key = (uint)Interlocked.Increment(ref _next) % WorkerKeys;
        ILayerWorkerGrain worker = _grains.GetGrain<ILayerWorkerGrain>(key);

        // The layer's activity is current while the executor invokes it: the worker's span becomes its child.
        Activity? layer = Activity.Current;
        var work = new LayerWork(call.Graph, call.Layer, call.ArgumentArray(), layer?.Id, layer?.TraceStateString);
        object? value = await worker.RunAsync(work, cancellationToken).ConfigureAwait(false);
        if (value is TValue typed)
        {
            return typed;
        }

        if (value is null && default(TValue) is null)
        {
            return default!;
        }

        throw new InvalidCastException($"Layer '{call.Layer}' of graph '{call.Graph}' returned a {value?.GetType().FullName ?? "null"} from the cluster, not a {typeof(TValue).FullName}: caller and silo run different versions of the graph.");
    }
}
