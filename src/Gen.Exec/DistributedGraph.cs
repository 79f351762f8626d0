using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec;

/// <summary>
/// The worker side of a graph's distributed layers: calls a layer method with arguments that came over the wire.
/// The generator emits one per graph with <see cref="DistributedAttribute">[Distributed]</see> layers and registers
/// it when the graph's assembly loads; a worker (an Orleans silo) finds it by <see cref="Name"/>. No reflection.
/// </summary>
/// <remarks>Infrastructure for generated code and dispatcher packages; not meant to be used directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class DistributedGraph
{
    private static readonly ConcurrentDictionary<string, DistributedGraph> s_graphs = new(StringComparer.Ordinal);

    /// <summary>Creates the invoker of graph <paramref name="name"/>.</summary>
    /// <param name="name">The graph's full type name, as <see cref="DistributedLayerCall.Graph"/> carries it.</param>
    protected DistributedGraph(string name)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
    }

    /// <summary>The graph's full type name.</summary>
    public string Name { get; }

    /// <summary>Registers <paramref name="graph"/> (the first registration of a name wins). Called by generated module initializers.</summary>
    public static void Register(DistributedGraph graph)
    {
        if (graph is null)
        {
            throw new ArgumentNullException(nameof(graph));
        }

        s_graphs.TryAdd(graph.Name, graph);
    }

    /// <summary>The registered invoker of graph <paramref name="name"/>, if its assembly has been loaded.</summary>
    public static bool TryFind(string name, [NotNullWhen(true)] out DistributedGraph? graph) => s_graphs.TryGetValue(name, out graph);

    /// <summary>Runs layer <paramref name="layer"/> with <paramref name="arguments"/>; the graph instance comes from <paramref name="services"/>.</summary>
    /// <param name="layer">The layer's name.</param>
    /// <param name="services">The worker's container (a scope of it): the graph type is resolved from it.</param>
    /// <param name="arguments">The arguments, as <see cref="DistributedLayerCall.Arguments"/> carried them.</param>
    /// <param name="cancellationToken">The attempt's token, as it reached the worker.</param>
    /// <returns>The layer's value, boxed; <see langword="null"/> for a layer without a value.</returns>
    /// <exception cref="ArgumentException">The graph has no distributed layer of that name, or the arguments do not fit it.</exception>
    public abstract ValueTask<object?> InvokeAsync(string layer, IServiceProvider services, IReadOnlyList<object?> arguments, CancellationToken cancellationToken);

    /// <summary>The graph instance: resolved from the worker's container.</summary>
    /// <exception cref="InvalidOperationException">The container has no registration of <typeparamref name="TGraph"/>.</exception>
    protected TGraph Resolve<TGraph>(IServiceProvider services)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        return services.GetService(typeof(TGraph)) is TGraph graph
            ? graph
            : throw new InvalidOperationException($"The worker's container has no registration of graph '{Name}': register it (services.AddGenExec() in the graph's assembly registers every graph) in the silo's services.");
    }

    /// <summary>Argument <paramref name="index"/> of <paramref name="count"/>, as the layer's parameter type.</summary>
    /// <exception cref="ArgumentException">The arguments do not fit the layer (a caller built against another version of the graph).</exception>
    protected T Argument<T>(IReadOnlyList<object?> arguments, int index, int count, string layer)
    {
        if (arguments is null || arguments.Count != count)
        {
            throw new ArgumentException($"Layer '{layer}' of graph '{Name}' takes {count} argument(s), but {arguments?.Count ?? 0} arrived: caller and worker run different versions of the graph.", nameof(arguments));
        }

        object? argument = arguments[index];
        if (argument is T typed)
        {
            return typed;
        }

        if (argument is null && default(T) is null)
        {
            return default!;
        }

        throw new ArgumentException($"Argument {index} of layer '{layer}' of graph '{Name}' is a {argument?.GetType().FullName ?? "null"}, not a {typeof(T).FullName}: caller and worker run different versions of the graph.", nameof(arguments));
    }

    /// <summary>No layer of that name: a caller and worker built from different versions.</summary>
    protected ArgumentException UnknownLayer(string layer)
        => new($"Graph '{Name}' has no distributed layer '{layer}' here: caller and worker run different versions of the graph.", nameof(layer));

    /// <summary>A synchronous layer's value, boxed.</summary>
    protected static ValueTask<object?> FromValue<T>(T value) => new(value);

    /// <summary>A <see cref="Task{TResult}"/> layer's value, boxed when it completes.</summary>
    protected static ValueTask<object?> Box<T>(Task<T> task)
    {
        if (task is null)
        {
            throw new InvalidOperationException("The layer returned a null Task.");
        }

        return task.IsCompletedSuccessfully ? new ValueTask<object?>(task.Result) : Await(task);

        static async ValueTask<object?> Await(Task<T> pending) => await pending.ConfigureAwait(false);
    }

    /// <summary>A <see cref="ValueTask{TResult}"/> layer's value, boxed when it completes.</summary>
    protected static ValueTask<object?> Box<T>(ValueTask<T> task)
    {
        return task.IsCompletedSuccessfully ? new ValueTask<object?>(task.Result) : Await(task);

        static async ValueTask<object?> Await(ValueTask<T> pending) => await pending.ConfigureAwait(false);
    }

    /// <summary>A <see cref="Task"/> layer's completion, as a <see langword="null"/> value.</summary>
    protected static ValueTask<object?> Box(Task task)
    {
        if (task is null)
        {
            throw new InvalidOperationException("The layer returned a null Task.");
        }

        return task.IsCompletedSuccessfully ? default : Await(task);

        static async ValueTask<object?> Await(Task pending)
        {
            await pending.ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>A <see cref="ValueTask"/> layer's completion, as a <see langword="null"/> value.</summary>
    protected static ValueTask<object?> Box(ValueTask task)
    {
        if (task.IsCompletedSuccessfully)
        {
            // Consumed, as await would: a pooled source is released.
            task.GetAwaiter().GetResult();
            return default;
        }

        return Await(task);

        static async ValueTask<object?> Await(ValueTask pending)
        {
            await pending.ConfigureAwait(false);
            return null;
        }
    }
}
