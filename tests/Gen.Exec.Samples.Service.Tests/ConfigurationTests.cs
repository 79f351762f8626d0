using System;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Gen.Exec.Samples.Service.Tests;

public sealed class ConfigurationTests : IDisposable
{
    private readonly ServiceFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public void The_configured_layer_time_out_reaches_the_executor_that_AddGenExec_registers()
    {
        using IServiceScope scope = _factory.Services.CreateScope();

        Retrieval.Executor executor = scope.ServiceProvider.GetRequiredService<Retrieval.Executor>();

        // appsettings.json tightens Documents from its declared 2500 ms.
        Assert.Equal(TimeSpan.FromSeconds(2), executor.Options.LayerTimeouts["Documents"]);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), Retrieval.Executor.Plan.TimeoutOf("Documents"));
        Assert.Same(executor.Stats, scope.ServiceProvider.GetRequiredService<Retrieval.Executor>().Stats);
    }

    [Fact]
    public void A_configured_time_out_looser_than_the_declared_one_stops_the_app_at_start()
    {
        using WebApplicationFactory<Program> loose = _factory.WithWebHostBuilder(builder => builder.UseSetting("GenExec:LayerTimeouts:Documents", "00:00:05"));

        Exception error = Assert.ThrowsAny<Exception>(() => loose.CreateClient());

        Assert.Contains("'Documents'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Gen.Exec.Samples.Service.Retrieval", error.Message, StringComparison.Ordinal);
    }
}
