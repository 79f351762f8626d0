using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;

namespace Gen.Exec.Orleans;

/// <summary>Registers Gen.Exec's layer workers on an Orleans silo.</summary>
public static class GenExecSiloBuilderExtensions
{
    /// <summary>
    /// Lets this silo run the <see cref="DistributedAttribute">[Distributed]</see> layers of the graphs in its container
    /// (registered with the generated <c>services.AddGenExec()</c>, or by hand): each attempt runs on a worker
    /// grain (stateless, reentrant), with a graph instance from a new scope of the silo's container.
    /// </summary>
    /// <param name="builder">The silo's builder.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static ISiloBuilder AddGenExec(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<LayerWorkerHost>();
        return builder;
    }
}
