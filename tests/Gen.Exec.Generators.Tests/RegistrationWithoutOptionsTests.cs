using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;

namespace Gen.Exec.Generators.Tests;

/// <summary>
/// The registration generated for a project with dependency injection but without Microsoft.Extensions.Options
/// (the integration tests' project has options): compiled, loaded and run against a real container.
/// </summary>
public sealed class RegistrationWithoutOptionsTests
{
    private const string Source = """
        using Gen.Exec;

        namespace Shop;

        public interface ICatalog { int Price(string sku); }
        public sealed class Catalog : ICatalog { public int Price(string sku) => sku.Length; }

        [Timeout(1000)]
        public sealed partial class Pricing(ICatalog catalog)
        {
            [Layer]
            public int Price(string sku) => catalog.Price(sku);
        }
        """;

    private static readonly Lazy<Assembly> s_assembly = new(() =>
    {
        (_, Compilation output) = GeneratorHarness.Run(GeneratorHarness.WithIntegration(GeneratorHarness.Compile(Source), logging: false, options: false, polly: false));
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return Assembly.Load(image.ToArray());
    });

    private static IServiceCollection AddGenExec(IServiceCollection services, Action<ExecutorOptions>? configure)
    {
        MethodInfo add = s_assembly.Value.GetType("Microsoft.Extensions.DependencyInjection.GenExecServiceCollectionExtensions", throwOnError: true)!
            .GetMethod("AddGenExec", BindingFlags.Public | BindingFlags.Static)!;
        return (IServiceCollection)add.Invoke(null, new object?[] { services, configure })!;
    }

    private static Type Type(string name) => s_assembly.Value.GetType(name, throwOnError: true)!;

    [Fact]
    public void Options_come_from_the_container_then_configure_once_per_graph_and_container_and_statistics_are_shared()
    {
        int configured = 0;
        var services = new ServiceCollection();
        services.AddSingleton(Type("Shop.ICatalog"), Type("Shop.Catalog"));
        services.AddSingleton<TimeProvider>(new Microsoft.Extensions.Time.Testing.FakeTimeProvider());
        AddGenExec(services, options =>
        {
            configured++;
            options.MaxConcurrency = 3;
        });
        using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Type executorType = Type("Shop.Pricing+Executor");
        object first;
        object second;
        using (IServiceScope scope = provider.CreateScope())
        {
            first = scope.ServiceProvider.GetRequiredService(executorType);
            Assert.Same(first, scope.ServiceProvider.GetRequiredService(executorType));
        }

        using (IServiceScope scope = provider.CreateScope())
        {
            second = scope.ServiceProvider.GetRequiredService(executorType);
        }

        Assert.NotSame(first, second);
        var options = (ExecutorOptions)executorType.GetProperty("Options")!.GetValue(first)!;
        Assert.Equal(3, options.MaxConcurrency);
        Assert.Same(provider.GetRequiredService<TimeProvider>(), options.TimeProvider);
        Assert.NotNull(options.Services);
        Assert.Same(executorType.GetProperty("Stats")!.GetValue(first), executorType.GetProperty("Stats")!.GetValue(second));
        Assert.Equal(1, configured);
    }

    [Fact]
    public void A_missing_constructor_service_is_named_at_the_first_resolution()
    {
        var services = new ServiceCollection();
        AddGenExec(services, null);
        using ServiceProvider provider = services.BuildServiceProvider();
        using IServiceScope scope = provider.CreateScope();

        var error = Assert.Throws<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService(Type("Shop.Pricing+Executor")));
        Assert.StartsWith("Graph 'Shop.Pricing' needs a service of type 'Shop.ICatalog' (its constructor parameter 'catalog'), and the container has none.", error.Message, StringComparison.Ordinal);
    }
}
