using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec.Reliability.Tests.Graphs;
using Gen.Exec.Reliability.Tests.Graphs.Large;
using Gen.Exec.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace Gen.Exec.Reliability.Tests;

/// <summary>Graphs of 1,000 layers and 10,000 concurrent callers: no stack overflow, no quadratic cost, no pool exhaustion.</summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ResourceBoundsTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_watchdog = TimeSpan.FromSeconds(120);

    public static TheoryData<string> Modes => new() { "unbounded", "MaxConcurrency 4", "sequential", "cancellable caller" };

    // Regression: the generated StartLayer once held every layer's call in one switch, whose frame grew with the
    // graph; a 1,000-layer chain then overflowed the stack in Debug and cost superlinear time in Release.
    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_chain_of_1000_synchronously_completing_layers_runs_on_a_small_stack(string mode)
    {
        (ExecutorOptions options, CancellationToken token, CancellationTokenSource? source) = Options(mode);
        using (source)
        {
            var executor = new Chain1000.Executor(new Chain1000(), options);

            // Started from a thread with a 256 KiB stack: a run that recursed once per layer would overflow it.
            Chain1000.Results results = await OnSmallStack(() => executor.RunAsync(token)).WaitAsync(s_watchdog);

            Assert.Equal(1000, results.Stats.Succeeded);
            Assert.Equal(999, results.L0999.Value);
        }
    }

    [Fact]
    public async Task A_chain_costs_linear_time_in_its_length()
    {
        var short250 = new Chain250.Executor(new Chain250());
        var long1000 = new Chain1000.Executor(new Chain1000());
        for (int i = 0; i < 20; i++)
        {
            await short250.RunAsync();
            await long1000.RunAsync();
        }

        TimeSpan shortTime = await BestOfAsync(() => short250.RunAsync());
        TimeSpan longTime = await BestOfAsync(() => long1000.RunAsync());
        double ratio = longTime / shortTime;
        output.WriteLine($"best run: 250 layers {shortTime.TotalMilliseconds:0.00} ms, 1000 layers {longTime.TotalMilliseconds:0.00} ms ({longTime.TotalMicroseconds / 1000:0.0} us per layer), ratio {ratio:0.0} (linear 4, quadratic 16)");

        // Four times the layers: linear cost is about 4x; quadratic would be 16x. 10x leaves room for noise.
        Assert.True(ratio < 10, $"1000 layers took {ratio:0.0}x as long as 250.");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_fan_out_to_998_layers_and_back_in_runs_every_layer(string mode)
    {
        (ExecutorOptions options, CancellationToken token, CancellationTokenSource? source) = Options(mode);
        using (source)
        {
            var executor = new Fan1000.Executor(new Fan1000(), options);
            var clock = Stopwatch.StartNew();

            Fan1000.Results results = await executor.RunAsync(token).WaitAsync(s_watchdog);

            output.WriteLine($"{mode}: 1000-layer fan in {clock.Elapsed.TotalMilliseconds:0} ms");
            Assert.Equal(1000, results.Stats.Succeeded);
            Assert.Equal(1, results.Join.Value);
            Assert.Equal(998, Fan1000.Executor.Plan.MaxParallelism);
            Assert.All(results.Layers.Skip(1).Take(998), w => Assert.True(w.StartOffset >= results.Root.StartOffset + results.Root.Elapsed));
        }
    }

    // Above 64 layers the selection no longer fits one 64-bit mask: targets far apart (bits 1, 501, 998 and
    // the join at 999) and a target's closure that spans every word of the wider selection.
    [Fact]
    public async Task Targets_select_their_closure_in_a_graph_of_more_than_64_layers()
    {
        var executor = new Fan1000.Executor(new Fan1000(), new ExecutorOptions { MaxConcurrency = 8 });

        Fan1000.Results few = await executor.RunAsync(new RunOptions { Targets = [nameof(Fan1000.W0000), nameof(Fan1000.W0500), nameof(Fan1000.W0997)] }, CancellationToken.None).WaitAsync(s_watchdog);

        string[] selected = [nameof(Fan1000.Root), nameof(Fan1000.W0000), nameof(Fan1000.W0500), nameof(Fan1000.W0997)];
        Assert.All(few.Layers, layer => Assert.True(
            layer.Status == (selected.Contains(layer.Name) ? LayerStatus.Succeeded : LayerStatus.NotRun), $"{layer.Name}: {layer.Status}"));
        Assert.Equal(4, few.Stats.Succeeded);
        Assert.Equal(996, few.Stats.NotRun);
        Assert.Equal(501, few.W0500.Value);

        Fan1000.Results all = await executor.RunAsync(new RunOptions { Targets = [nameof(Fan1000.Join)] }, CancellationToken.None).WaitAsync(s_watchdog);
        Assert.Equal(1000, all.Stats.Succeeded);
        Assert.Equal(1, all.Join.Value);
    }

    [Fact]
    public async Task Ten_thousand_concurrent_callers_complete_without_exhausting_the_thread_pool()
    {
        int callers = LongMode.Pick(ci: 10_000, @long: 100_000);
        var executor = new ManyCallersGraph.Executor(new ManyCallersGraph());
        await executor.RunAsync(0);
        int threadsBefore = ThreadPool.ThreadCount;
        int peakThreads = threadsBefore;
        long peakPending = 0;
        using var sampling = new CancellationTokenSource();
        Task sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakThreads = Math.Max(peakThreads, ThreadPool.ThreadCount);
                peakPending = Math.Max(peakPending, ThreadPool.PendingWorkItemCount);
                await Task.Delay(5);
            }
        });

        var clock = Stopwatch.StartNew();
        Task<ManyCallersGraph.Results>[] runs = Enumerable.Range(0, callers).Select(id => executor.RunAsync(id)).ToArray();
        TimeSpan started = clock.Elapsed;
        ManyCallersGraph.Results[] results = await Task.WhenAll(runs).WaitAsync(s_watchdog);
        clock.Stop();
        await sampling.CancelAsync();
        await sampler;

        Assert.All(results.Select((r, id) => (r, id)), p => Assert.Equal(p.id * 3, p.r.Join.Value));
        Assert.Equal(callers, executor.Stats.Runs - 1);
        Assert.Equal(0, executor.Stats.Timeouts);
        output.WriteLine($"{callers} concurrent runs: all started in {started.TotalMilliseconds:0} ms, all done in {clock.Elapsed.TotalMilliseconds:0} ms; pool threads {threadsBefore} before, peak {peakThreads}; peak queued work items {peakPending}");

        // Async layers hold no thread while they wait: the pool must not grow towards one thread per caller.
        Assert.True(peakThreads < 200, $"The pool grew to {peakThreads} threads for {callers} callers.");
    }

    private static (ExecutorOptions, CancellationToken, CancellationTokenSource?) Options(string mode) => mode switch
    {
        "MaxConcurrency 4" => (new ExecutorOptions { MaxConcurrency = 4 }, default, null),
        "sequential" => (new ExecutorOptions { Parallel = false }, default, null),
        "cancellable caller" => CancellableCaller(),
        _ => (new ExecutorOptions(), default, null),
    };

    private static (ExecutorOptions, CancellationToken, CancellationTokenSource?) CancellableCaller()
    {
        var source = new CancellationTokenSource();
        return (new ExecutorOptions { FailFast = true }, source.Token, source);
    }

    private static async Task<TimeSpan> BestOfAsync(Func<Task> run)
    {
        TimeSpan best = TimeSpan.MaxValue;
        for (int i = 0; i < 40; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await run();
            TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
            best = elapsed < best ? elapsed : best;
        }

        return best;
    }

    private static Task<T> OnSmallStack<T>(Func<Task<T>> start)
    {
        Task<T>? started = null;
        Exception? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    started = start();
                }
                catch (Exception exception)
                {
                    failure = exception;
                }
            },
            maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();
        return failure is null ? started! : Task.FromException<T>(failure);
    }
}
