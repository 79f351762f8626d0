using System;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Gen.Exec.Integration.Tests;

/// <summary>The generated AddGenExec against a real container.</summary>
public sealed class RegistrationTests
{
    private static ServiceProvider Build(Action<IServiceCollection>? before = null, Action<ExecutorOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IStore, Store>();
        services.AddSingleton<Backend>();
        before?.Invoke(services);
        services.AddGenExec(configure);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    [Fact]
    public async Task Graph_and_executor_are_scoped_and_built_by_constructor_injection()
    {
        using ServiceProvider provider = Build();
        using IServiceScope first = provider.CreateScope();
        using IServiceScope second = provider.CreateScope();

        Recall.Executor a = first.ServiceProvider.GetRequiredService<Recall.Executor>();
        Assert.Same(a, first.ServiceProvider.GetRequiredService<Recall.Executor>());
        Assert.NotSame(a, second.ServiceProvider.GetRequiredService<Recall.Executor>());
        Assert.Same(first.ServiceProvider.GetRequiredService<Recall>(), first.ServiceProvider.GetRequiredService<Recall>());
        Assert.NotSame(first.ServiceProvider.GetRequiredService<Recall>(), second.ServiceProvider.GetRequiredService<Recall>());

        // The widest constructor, its required service from the container and its optional one defaulted.
        Recall graph = first.ServiceProvider.GetRequiredService<Recall>();
        Assert.Same(provider.GetRequiredService<IStore>(), graph.Store);
        Assert.Equal(2, graph.Factor);

        Recall.Results results = await a.RunAsync("four");
        Assert.Equal(8, results.Scaled.Value);
    }

    [Fact]
    public void An_optional_constructor_argument_comes_from_the_container_when_registered()
    {
        using ServiceProvider provider = Build(services => services.AddSingleton(typeof(int), 5));
        using IServiceScope scope = provider.CreateScope();
        Assert.Equal(5, scope.ServiceProvider.GetRequiredService<Recall>().Factor);
    }

    [Fact]
    public void What_the_user_registered_first_wins()
    {
        var mine = new Recall(new Store(), 7);
        using ServiceProvider provider = Build(services => services.AddSingleton(mine));
        using IServiceScope scope = provider.CreateScope();

        Assert.Same(mine, scope.ServiceProvider.GetRequiredService<Recall>());
        Assert.Single(scope.ServiceProvider.GetServices<Recall>());
    }

    [Fact]
    public void A_user_registered_executor_wins_too()
    {
        var mine = new Recall.Executor(new Recall(), new ExecutorOptions { MaxConcurrency = 3 });
        using ServiceProvider provider = Build(services => services.AddSingleton(mine));
        using IServiceScope scope = provider.CreateScope();
        Assert.Same(mine, scope.ServiceProvider.GetRequiredService<Recall.Executor>());
    }

    [Fact]
    public async Task Executors_of_one_graph_share_statistics_within_a_container_only()
    {
        using ServiceProvider provider = Build();
        Recall.Executor a;
        Recall.Executor b;
        using (IServiceScope first = provider.CreateScope())
        {
            a = first.ServiceProvider.GetRequiredService<Recall.Executor>();
            await a.RunAsync("x");
        }

        using (IServiceScope second = provider.CreateScope())
        {
            b = second.ServiceProvider.GetRequiredService<Recall.Executor>();
            await b.RunAsync("y");
        }

        Assert.NotSame(a, b);
        Assert.Same(a.Stats, b.Stats);
        Assert.Equal(2, b.Stats.Runs);

        using ServiceProvider other = Build();
        using IServiceScope scope = other.CreateScope();
        Assert.NotSame(a.Stats, scope.ServiceProvider.GetRequiredService<Recall.Executor>().Stats);
    }

    [Fact]
    public void TimeProvider_meter_factory_and_services_come_from_the_container()
    {
        var time = new FakeTimeProvider();
        using ServiceProvider provider = Build(services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddMetrics();
        });
        using IServiceScope scope = provider.CreateScope();
        ExecutorOptions options = scope.ServiceProvider.GetRequiredService<Recall.Executor>().Options;

        Assert.Same(time, options.TimeProvider);
        Assert.Same(provider.GetRequiredService<IMeterFactory>(), options.MeterFactory);
        Assert.Same(provider.GetRequiredService<IServiceProvider>(), options.Services);
        Assert.Same(provider.GetRequiredService<IStore>(), options.Services!.GetService(typeof(IStore)));
    }

    [Fact]
    public void Without_them_in_the_container_the_defaults_stay()
    {
        using ServiceProvider provider = Build();
        using IServiceScope scope = provider.CreateScope();
        ExecutorOptions options = scope.ServiceProvider.GetRequiredService<Recall.Executor>().Options;

        Assert.Same(TimeProvider.System, options.TimeProvider);
        Assert.Null(options.MeterFactory);
        Assert.NotNull(options.Services);
    }

    [Fact]
    public void Configure_runs_after_the_container_values_and_overrides_them()
    {
        var mine = new FakeTimeProvider();
        using ServiceProvider provider = Build(
            services => services.AddSingleton<TimeProvider>(new FakeTimeProvider()),
            options =>
            {
                Assert.NotSame(TimeProvider.System, options.TimeProvider);
                options.TimeProvider = mine;
                options.MaxConcurrency = 2;
            });
        using IServiceScope scope = provider.CreateScope();
        ExecutorOptions options = scope.ServiceProvider.GetRequiredService<Recall.Executor>().Options;

        Assert.Same(mine, options.TimeProvider);
        Assert.Equal(2, options.MaxConcurrency);
    }

    [Fact]
    public void Each_graph_has_named_options_the_user_can_configure()
    {
        using ServiceProvider provider = Build(services => services.Configure<ExecutorOptions>("Gen.Exec.Integration.Tests.Recall", options => options.FailFast = true));
        using IServiceScope scope = provider.CreateScope();

        Assert.True(scope.ServiceProvider.GetRequiredService<Recall.Executor>().Options.FailFast);
        Assert.False(scope.ServiceProvider.GetRequiredService<Fragile.Executor>().Options.FailFast);
    }

    [Fact]
    public void Calling_AddGenExec_twice_registers_once()
    {
        int calls = 0;
        var services = new ServiceCollection();
        services.AddSingleton<IStore, Store>();
        services.AddSingleton<Backend>();
        services.AddGenExec(_ => calls++);
        int count = services.Count;
        services.AddGenExec(_ => calls++);
        Assert.Equal(count, services.Count);

        using ServiceProvider provider = services.BuildServiceProvider();
        using IServiceScope scope = provider.CreateScope();
        _ = scope.ServiceProvider.GetRequiredService<Recall.Executor>();
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_missing_service_is_reported_on_start_naming_the_graph_and_the_service()
    {
        var services = new ServiceCollection();
        services.AddSingleton<Backend>();
        services.AddGenExec();
        using ServiceProvider provider = services.BuildServiceProvider();

        // What a host runs on start (ValidateOnStart).
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync());
        Assert.Contains("Graph 'Gen.Exec.Integration.Tests.Recall' needs a service of type 'Gen.Exec.Integration.Tests.IStore' (its constructor parameter 'store')", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Troubled", error.Message, StringComparison.Ordinal);

        // And at the first resolution, the same message rather than a bare resolution error.
        using IServiceScope scope = provider.CreateScope();
        var resolution = Assert.Throws<OptionsValidationException>(() => scope.ServiceProvider.GetRequiredService<Recall.Executor>());
        Assert.Contains("'Gen.Exec.Integration.Tests.IStore'", resolution.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_every_service_registered_the_start_check_passes()
    {
        using ServiceProvider provider = Build();
        await provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync();
    }
}
