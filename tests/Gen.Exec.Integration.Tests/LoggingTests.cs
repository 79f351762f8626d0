using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gen.Exec.Integration.Tests;

/// <summary>The generated logging, captured through a real logger provider.</summary>
public sealed class LoggingTests
{
    private const string TroubledName = "Gen.Exec.Integration.Tests.Troubled";

    private static ServiceProvider Build(CapturingLoggerProvider capture, LogLevel minimum, Action<ExecutorOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IStore, Store>();
        services.AddSingleton<Backend>();
        services.AddLogging(logging => logging.ClearProviders().AddProvider(capture).SetMinimumLevel(minimum));
        services.AddGenExec(configure);
        return services.BuildServiceProvider();
    }

    private static async Task<TResults> Run<TExecutor, TResults>(ServiceProvider provider, Func<TExecutor, Task<TResults>> run)
        where TExecutor : notnull
    {
        using IServiceScope scope = provider.CreateScope();
        return await run(scope.ServiceProvider.GetRequiredService<TExecutor>());
    }

    [Fact]
    public async Task A_failed_and_a_timed_out_layer_are_each_logged_once_at_Warning_with_their_fields_and_exception()
    {
        var capture = new CapturingLoggerProvider();
        using ServiceProvider provider = Build(capture, LogLevel.Debug);
        Troubled.Results results = await Run<Troubled.Executor, Troubled.Results>(provider, e => e.RunAsync());
        Assert.Equal(LayerStatus.Failed, results.Broken.Status);
        Assert.Equal(LayerStatus.TimedOut, results.Stuck.Status);

        LogEntry[] mine = capture.Entries.Where(e => e.Category == TroubledName).ToArray();
        LogEntry failed = Assert.Single(mine, e => e.EventId.Id == 1);
        Assert.Equal(LogLevel.Warning, failed.Level);
        Assert.Equal("GenExecLayerFailed", failed.EventId.Name);
        Assert.Equal("Broken", failed.Fields["gen_exec.layer"]);
        Assert.Equal(TroubledName, failed.Fields["gen_exec.graph"]);
        Assert.Equal("System.Net.Http.HttpRequestException", failed.Fields["error.type"]);
        Assert.Equal(1, failed.Fields["gen_exec.layer.attempts"]);
        Assert.IsType<double>(failed.Fields["gen_exec.layer.elapsed_ms"]);
        Assert.IsType<long>(failed.Fields["gen_exec.run.id"]);
        Assert.IsType<HttpRequestException>(failed.Exception);
        Assert.Contains("Layer Broken of " + TroubledName + " failed", failed.Message, StringComparison.Ordinal);

        LogEntry timedOut = Assert.Single(mine, e => e.EventId.Id == 2);
        Assert.Equal(LogLevel.Warning, timedOut.Level);
        Assert.Equal("Stuck", timedOut.Fields["gen_exec.layer"]);
        Assert.Equal("timeout", timedOut.Fields["error.type"]);
        Assert.IsType<TimeoutException>(timedOut.Exception);

        // The succeeded layer is not logged; the run's summary is, once, at Debug.
        Assert.DoesNotContain(mine, e => Equals(e.Fields.GetValueOrDefault("gen_exec.layer"), "Fine"));
        LogEntry summary = Assert.Single(mine, e => e.EventId.Id == 4);
        Assert.Equal(LogLevel.Debug, summary.Level);
        Assert.Equal(1, summary.Fields["gen_exec.run.succeeded"]);
        Assert.Equal(2, summary.Fields["gen_exec.run.not_succeeded"]);
        Assert.Equal(failed.Fields["gen_exec.run.id"], summary.Fields["gen_exec.run.id"]);
        Assert.Equal(3, mine.Length);
    }

    [Fact]
    public async Task A_critical_layer_that_fails_logs_the_aborted_run_at_Error()
    {
        var capture = new CapturingLoggerProvider();
        using ServiceProvider provider = Build(capture, LogLevel.Information);
        await Run<Fragile.Executor, Fragile.Results>(provider, e => e.RunAsync());

        LogEntry aborted = Assert.Single(capture.Entries, e => e.EventId.Id == 3);
        Assert.Equal(LogLevel.Error, aborted.Level);
        Assert.Equal("GenExecRunAborted", aborted.EventId.Name);
        Assert.Equal("Gen.Exec.Integration.Tests.Fragile", aborted.Category);
        Assert.Equal("Vital", aborted.Fields["gen_exec.layer"]);
        Assert.Equal("failed", aborted.Fields["gen_exec.layer.status"]);
        Assert.IsType<InvalidOperationException>(aborted.Exception);
        Assert.Single(capture.Entries, e => e.EventId.Id == 1);

        // Below the configured level: no run summary.
        Assert.DoesNotContain(capture.Entries, e => e.Level == LogLevel.Debug);
    }

    [Fact]
    public async Task Under_FailFast_the_first_failure_logs_the_abort()
    {
        var capture = new CapturingLoggerProvider();
        using ServiceProvider provider = Build(capture, LogLevel.Warning, options => options.FailFast = true);
        await Run<Troubled.Executor, Troubled.Results>(provider, e => e.RunAsync());

        Assert.Single(capture.Entries, e => e.EventId.Id == 3);
    }

    [Fact]
    public async Task Nothing_is_logged_and_no_observer_is_attached_when_the_category_is_off()
    {
        var capture = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddSingleton<Backend>();
        services.AddSingleton<IStore, Store>();
        services.AddLogging(logging => logging.ClearProviders().AddProvider(capture).AddFilter(TroubledName, LogLevel.None));
        services.AddGenExec();
        using ServiceProvider provider = services.BuildServiceProvider();
        using IServiceScope scope = provider.CreateScope();
        Troubled.Executor executor = scope.ServiceProvider.GetRequiredService<Troubled.Executor>();
        await executor.RunAsync();

        Assert.Null(executor.Options.Observer);
        Assert.Empty(capture.Entries);
    }

    [Fact]
    public async Task The_user_observer_still_sees_every_call()
    {
        var capture = new CapturingLoggerProvider();
        var observer = new CountingObserver();
        using ServiceProvider provider = Build(capture, LogLevel.Warning, options => options.Observer = observer);
        await Run<Troubled.Executor, Troubled.Results>(provider, e => e.RunAsync());

        Assert.Equal((1, 3, 3, 1), (observer.RunsStarted, observer.LayersStarted, observer.LayersCompleted, observer.RunsCompleted));
        Assert.Equal(2, capture.Entries.Count(e => e.Level == LogLevel.Warning));
    }

    private sealed class CountingObserver : ExecutionObserver
    {
        public int RunsStarted;
        public int LayersStarted;
        public int LayersCompleted;
        public int RunsCompleted;

        public override void OnRunStarted(RunInfo run) => RunsStarted++;

        public override void OnLayerStarted(RunInfo run, string layer) => System.Threading.Interlocked.Increment(ref LayersStarted);

        public override void OnLayerCompleted(RunInfo run, LayerResult result) => System.Threading.Interlocked.Increment(ref LayersCompleted);

        public override void OnRunCompleted(RunInfo run, RunStats stats) => RunsCompleted++;
    }
}
