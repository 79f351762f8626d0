using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gen.Exec.Integration.Tests;

/// <summary>Per-layer time-outs from configuration: they may tighten a declared [Timeout], never loosen it.</summary>
public sealed class LayerTimeoutTests
{
    private const string TunableName = "Gen.Exec.Integration.Tests.Tunable";

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IStore, Store>();
        services.AddSingleton<Backend>();
        services.AddGenExec();
        services.Configure<ExecutorOptions>(TunableName, configuration.GetSection("GenExec:" + TunableName));
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task A_tighter_time_out_from_configuration_applies()
    {
        using ServiceProvider provider = Build(new() { ["GenExec:" + TunableName + ":LayerTimeouts:Wait"] = "00:00:00.050" });
        await provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync();
        using IServiceScope scope = provider.CreateScope();
        Tunable.Executor executor = scope.ServiceProvider.GetRequiredService<Tunable.Executor>();
        Assert.Equal(TimeSpan.FromMilliseconds(50), executor.Options.LayerTimeouts["Wait"]);

        var clock = Stopwatch.StartNew();
        Tunable.Results results = await executor.RunAsync();

        Assert.Equal(LayerStatus.TimedOut, results.Wait.Status);
        Assert.Contains("within its time-out of 50 ms", results.Wait.Error!.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), clock.Elapsed.ToString());
        Assert.Equal(LayerStatus.Succeeded, results.Quick.Status);

        // The plan, computed at compile time, keeps the declared figures: the configured one is never larger.
        Assert.Equal(TimeSpan.FromSeconds(5), Tunable.Executor.Plan.TimeoutOf(nameof(Tunable.Wait)));
    }

    [Fact]
    public async Task A_looser_time_out_is_rejected_on_start_with_a_clear_message()
    {
        using ServiceProvider provider = Build(new() { ["GenExec:" + TunableName + ":LayerTimeouts:Quick"] = "00:00:01" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync());
        Assert.Contains("ExecutorOptions.LayerTimeouts sets layer 'Quick' of graph '" + TunableName + "' to 1000 ms; it must be positive and at most the declared [Timeout] of 300 ms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_layer_is_rejected_on_start()
    {
        using ServiceProvider provider = Build(new() { ["GenExec:" + TunableName + ":LayerTimeouts:Nope"] = "00:00:00.100" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync());
        Assert.Contains("names 'Nope', which is not a layer of graph '" + TunableName + "'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_container_the_executor_rejects_a_looser_time_out_before_any_layer_starts()
    {
        var options = new ExecutorOptions();
        options.LayerTimeouts["Quick"] = TimeSpan.FromSeconds(1);
        var executor = new Tunable.Executor(new Tunable(), options);

        var error = Assert.Throws<ArgumentException>(() => { _ = executor.RunAsync(); });
        Assert.Contains("longer than its declared [Timeout] of 300 ms", error.Message, StringComparison.Ordinal);

        options.LayerTimeouts["Quick"] = TimeSpan.Zero;
        Assert.Contains("must be positive", Assert.Throws<ArgumentException>(() => { _ = executor.RunAsync(); }).Message, StringComparison.Ordinal);

        options.LayerTimeouts.Clear();
        options.LayerTimeouts["Nope"] = TimeSpan.FromMilliseconds(10);
        Assert.Contains("'Nope', which is not a layer", Assert.Throws<ArgumentException>(() => { _ = executor.RunAsync(); }).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_override_is_picked_up_by_the_next_run()
    {
        var options = new ExecutorOptions();
        var executor = new Tunable.Executor(new Tunable(), options);
        options.LayerTimeouts["Wait"] = TimeSpan.FromMilliseconds(40);
        Tunable.Results first = await executor.RunAsync();
        Assert.Contains("within its time-out of 40 ms", first.Wait.Error!.Message, StringComparison.Ordinal);

        options.LayerTimeouts["Wait"] = TimeSpan.FromMilliseconds(60);
        Tunable.Results second = await executor.RunAsync();
        Assert.Contains("within its time-out of 60 ms", second.Wait.Error!.Message, StringComparison.Ordinal);
    }
}
