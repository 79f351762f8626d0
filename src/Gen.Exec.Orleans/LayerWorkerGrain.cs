using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Concurrency;
using Orleans.Placement;

namespace Gen.Exec.Orleans;

/// <summary>
/// Runs attempts of distributed layers. Not a [StatelessWorker]: Orleans routes a stateless worker's call cancellation
/// to any of its activations, not the one running the call (dotnet/orleans#9877), so the attempt's token would never
/// fire. Instead the caller rotates over many keys, each one activation, placed on the silo with the fewest
/// activations: work spreads over the cluster, whether the caller is a client or a grain, and no grain is hot.
/// Reentrant, and the layer runs on the thread pool: one activation serves many attempts at once, and stays free to
/// receive their cancellations. Each attempt runs in a scope of the silo's container, from which the graph comes.
/// </summary>
[Reentrant]
[ActivationCountBasedPlacement]
internal sealed class LayerWorkerGrain(LayerWorkerHost host) : Grain, ILayerWorkerGrain
{
    public async Task<object?> RunAsync(LayerWork work, CancellationToken cancellationToken)
    {
        if (!DistributedGraph.TryFind(work.Graph, out DistributedGraph? graph))
        {
            throw new InvalidOperationException($"This silo has no distributed layers of graph '{work.Graph}': reference the graph's assembly from the silo and register its graphs with services.AddGenExec().");
        }

        // Grain code stays on the activation's scheduler (no ConfigureAwait(false): ORLEANS0014); the layer does not.
        return await Task.Run(() => host.RunAsync(graph, work, cancellationToken));
    }
}
