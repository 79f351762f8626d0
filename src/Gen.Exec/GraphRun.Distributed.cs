using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec;

// [Distributed] layers. With ExecutorOptions.Dispatcher set at the run's start, generated code starts such a layer with
// an invocation that dispatches instead of calling the method: a ValueTask-shaped layer that takes a token, so each
// attempt gets its own deadline and token exactly as in process, and the engine keeps the deadline, retries, fallback
// (which runs here, on the caller) and condition. Without a dispatcher the layer's own invocation runs.
public abstract partial class GraphRun<TRun, TResults>
{
    private readonly LayerDispatcher? _dispatcher;

    /// <summary>Whether this run sends its distributed layers to <see cref="ExecutorOptions.Dispatcher"/> (read once, at the run's start).</summary>
    protected bool Distributes => _dispatcher is not null;

    /// <summary>Sends one attempt of distributed layer <paramref name="layer"/> to the dispatcher; its value comes back typed.</summary>
    protected ValueTask<T> Dispatch<T>(string layer, object?[] arguments, CancellationToken token)
        => _dispatcher!.DispatchAsync<T>(new DistributedLayerCall(_plan.GraphName, layer, arguments), token);

    /// <summary>Sends one attempt of distributed layer <paramref name="layer"/>, which has no value, to the dispatcher.</summary>
    protected ValueTask DispatchVoid(string layer, object?[] arguments, CancellationToken token)
    {
        ValueTask<object?> work = _dispatcher!.DispatchAsync<object?>(new DistributedLayerCall(_plan.GraphName, layer, arguments), token);
        if (work.IsCompletedSuccessfully)
        {
            _ = work.Result;
            return default;
        }

        return new ValueTask(work.AsTask());
    }

}
