using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Orleans.Tests;

[Collection(ClusterCollection.Name)]
public sealed class DistributedLayerTests(ClusterFixture fixture)
{
    // Generous: two shared cores, other builds running beside these tests.
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(20);

    private ExecutorOptions Distributed() => new() { Dispatcher = fixture.Dispatcher };

    [Fact]
    public async Task Values_come_back_typed_and_equal_to_an_in_process_run()
    {
        var local = new Ranking.Executor(new Ranking(new SiloIdentity("caller")));
        var remote = new Ranking.Executor(new Ranking(new SiloIdentity("caller")), Distributed());

        Ranking.Results expected = await local.RunAsync("orleans grains scale out", 3);
        Ranking.Results actual = await remote.RunAsync("orleans grains scale out", 3);

        Assert.All(actual.Layers, layer => Assert.Equal(LayerStatus.Succeeded, layer.Status));
        Scored[] scores = actual.Score.Value;
        Assert.Equal(expected.Score.Value.Select(s => (s.Item, s.Score)), scores.Select(s => (s.Item, s.Score)));
        Assert.All(scores, s => Assert.NotEqual("caller", s.RanOn));
        Assert.Equal(expected.Best.Value, actual.Best.Value);
        Assert.Equal(expected.Length.Value, actual.Length.Value);
        Assert.Equal(1, actual.Score.Attempts);
    }

    [Fact]
    public async Task Without_a_dispatcher_the_same_graph_runs_in_process()
    {
        var executor = new Ranking.Executor(new Ranking(new SiloIdentity("caller")));

        Ranking.Results results = await executor.RunAsync("no cluster needed", 2);

        Assert.All(results.Score.Value, s => Assert.Equal("caller", s.RanOn));
        Assert.Equal("cluster", results.Best.Value);
    }

    [Fact]
    public async Task Work_spreads_over_at_least_two_silos()
    {
        var executor = new Ranking.Executor(new Ranking(new SiloIdentity("caller")), Distributed());

        Ranking.Results[] runs = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => executor.RunAsync("spread the work " + i, i)));

        var silos = runs.SelectMany(r => r.Score.Value).Select(s => s.RanOn).Distinct().ToList();
        Assert.DoesNotContain("caller", silos);
        Assert.True(silos.Count >= 2, "Every layer ran on " + string.Join(", ", silos));
    }

    [Fact]
    public async Task The_deadline_holds_when_the_layer_on_the_silo_ignores_its_token()
    {
        var executor = new Probes.Executor(new Probes(new SiloIdentity("caller")), Distributed());
        string key = Guid.NewGuid().ToString("N");
        var clock = Stopwatch.StartNew();

        Probes.Results results = await executor.RunAsync(key, new RunOptions { Targets = [nameof(Probes.Stubborn)] });

        clock.Stop();
        Assert.Equal(LayerStatus.TimedOut, results.Stubborn.Status);
        Assert.True(Probe.Started(key).IsCompleted, "The layer never started on a silo.");

        // It sleeps 8 s on the silo; the caller stops waiting at 300 ms (plus a loaded machine's slack).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"The run took {clock.Elapsed}.");
    }

    [Fact]
    public async Task The_deadline_reaches_the_token_on_the_silo()
    {
        var executor = new Probes.Executor(new Probes(new SiloIdentity("caller")), Distributed());
        string key = Guid.NewGuid().ToString("N");

        Probes.Results results = await executor.RunAsync(key, new RunOptions { Targets = [nameof(Probes.Deadlined)] });

        Assert.Equal(LayerStatus.TimedOut, results.Deadlined.Status);
        await Probe.Canceled(key + "/deadline").WaitAsync(s_patience);
    }

    [Fact]
    public async Task Caller_cancellation_reaches_the_grain()
    {
        var executor = new Probes.Executor(new Probes(new SiloIdentity("caller")), Distributed());
        string key = Guid.NewGuid().ToString("N");
        using var cts = new CancellationTokenSource();

        Task<Probes.Results> run = executor.RunAsync(key, new RunOptions { Targets = [nameof(Probes.Patient)] }, cts.Token);
        await Probe.Started(key).WaitAsync(s_patience);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(s_patience));
        await Probe.Canceled(key).WaitAsync(s_patience);
    }

    [Fact]
    public async Task A_failure_on_the_silo_fails_the_layer_and_the_fallback_runs_on_the_caller()
    {
        var executor = new Probes.Executor(new Probes(new SiloIdentity("caller")), Distributed());

        Probes.Results results = await executor.RunAsync("k", new RunOptions { Targets = [nameof(Probes.Throws)] });

        Assert.Equal(LayerStatus.FellBack, results.Throws.Status);
        Assert.StartsWith("fell back on caller: broken on ", results.Throws.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("broken on caller", results.Throws.Value, StringComparison.Ordinal);
        Assert.Contains("broken on", results.Throws.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_silo_span_is_a_child_of_the_callers_layer_span()
    {
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ExecutorTelemetry.Name,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (stopped)
                {
                    stopped.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var executor = new Ranking.Executor(new Ranking(new SiloIdentity("caller")), Distributed());
        using var test = new Activity("test").Start();

        await executor.RunAsync("trace me", 1, new RunOptions { Targets = [nameof(Ranking.Score)] });

        Activity[] spans;
        lock (stopped)
        {
            spans = stopped.Where(a => a.TraceId == test.TraceId).ToArray();
        }

        Activity caller = Assert.Single(spans, a => a.DisplayName == "Ranking.Score" && a.Kind == ActivityKind.Internal);
        Activity silo = Assert.Single(spans, a => a.DisplayName == "Ranking.Score" && a.Kind == ActivityKind.Server);
        Assert.Equal(caller.SpanId, silo.ParentSpanId);
        Assert.Equal("Score", silo.GetTagItem("gen_exec.layer"));
    }

    [Fact]
    public async Task A_silo_killed_during_twelve_concurrent_runs_loses_no_result()
    {
        var executor = new Squares.Executor(new Squares(new SiloIdentity("caller")), Distributed());
        string key = Guid.NewGuid().ToString("N");
        var secondaries = fixture.Cluster.Silos.Where(s => s.Name != fixture.Cluster.Silos[0].Name).ToList();

        Task<Squares.Results>[] runs = Enumerable.Range(1, 12).Select(x => executor.RunAsync(x, key)).ToArray();

        // The first secondary silo to have work in hand dies while that work runs (each attempt takes 1.5 s there).
        Task first = await Task.WhenAny(secondaries.Select(s => Probe.Started(key + "/" + s.Name))).WaitAsync(s_patience);
        global::Orleans.TestingHost.InProcessSiloHandle victim = secondaries.First(s => Probe.Started(key + "/" + s.Name) == first);
        await fixture.Cluster.KillSiloAsync(victim);

        // The other tests need only two silos: the cluster keeps the two it has left.
        Squares.Results[] results = await Task.WhenAll(runs).WaitAsync(TimeSpan.FromSeconds(90));

        Assert.All(results, r => Assert.Equal(LayerStatus.Succeeded, r.Square.Status));
        Assert.Equal(Enumerable.Range(1, 12).Select(x => (long)x * x), results.Select(r => r.Square.Value));
        Assert.Contains(results, r => r.Square.Attempts > 1);
    }
}
