using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Gen.Exec.Orleans.Tests;

/// <summary>One three-silo in-process cluster for the whole test project: starting one takes seconds.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public OrleansLayerDispatcher Dispatcher { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo(static (options, silo) =>
        {
            silo.AddGenExec();

            // The graphs of this assembly (generated AddGenExec: scoped, built by constructor injection) and what they need.
            silo.Services.AddSingleton(new SiloIdentity(options.SiloName));
            silo.Services.AddGenExec();
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Dispatcher = new OrleansLayerDispatcher(Cluster.Client);
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Three-silo cluster";
}
