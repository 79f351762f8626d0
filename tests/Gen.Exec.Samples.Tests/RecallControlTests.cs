using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec.Samples.Recall;
using Spectre.Console;

namespace Gen.Exec.Samples.Tests;

/// <summary>
/// The recall sample's per-request control on real runs of its graph: routing by query ([When]), --flaky
/// ([Retry], [Fallback]) and --only (RunOptions.Targets), and the command line's check of --only names.
/// </summary>
[Collection(nameof(AnsiConsole))]
public sealed class RecallControlTests
{
    private const string Factual = "what is 2+2?";
    private const string Complex = "what happened while debugging the scheduler?";
    private static readonly string[] s_expensive = ["Episodic", "Procedural", "Graph"];

    private static readonly RecallSettings s_oneRun = new(
        Complex, MaxConcurrency: null, Sequential: false, FailFast: false, FailingLayers: [], SlowLayers: [], Runs: 1)
    {
        SlowMotion = TestClock.SlowMotion,
    };

    [Theory]
    [InlineData(Factual, QueryRoute.Factual)]
    [InlineData("who owns the scheduler?", QueryRoute.Factual)]
    [InlineData(Complex, QueryRoute.Complex)]
    [InlineData("why did the test hang?", QueryRoute.Complex)]
    [InlineData("what is the timeout of every layer in the recall graph today?", QueryRoute.Complex)] // too long
    [InlineData("the scheduler", QueryRoute.Complex)] // not a question
    public void The_classifier_routes_short_factual_questions_to_the_cheap_stores(string query, QueryRoute expected)
        => Assert.Equal(expected, QueryClassifier.Classify(query));

    [Fact]
    public async Task A_factual_question_skips_the_expensive_layers()
    {
        Tier1Recall.Results results = await RunAsync(Factual);

        Assert.Equal(QueryRoute.Factual, results.Route.Value);
        foreach (LayerResult layer in results.Layers)
        {
            LayerStatus expected = s_expensive.Contains(layer.Name) ? LayerStatus.NotRun : LayerStatus.Succeeded;
            Assert.True(expected == layer.Status, $"{layer.Name}: {layer.Status}, expected {expected}");
        }

        Assert.Equal(3, results.Stats.NotRun);
        RecallAnswer answer = results.Merge.Value;
        Assert.Equal(s_expensive, answer.NotAsked);
        Assert.False(answer.Degraded); // not asked is not missing
    }

    [Fact]
    public async Task A_complex_query_runs_every_layer()
    {
        Tier1Recall.Results results = await RunAsync(Complex);

        Assert.Equal(QueryRoute.Complex, results.Route.Value);
        Assert.All(results.Layers, layer => Assert.Equal(LayerStatus.Succeeded, layer.Status));
        Assert.Equal(0, results.Stats.NotRun);
        Assert.Empty(results.Merge.Value.NotAsked);
    }

    [Fact]
    public async Task The_report_of_a_factual_question_shows_the_route_and_why_layers_did_not_run()
    {
        string report = await RenderAsync(s_oneRun with { Query = Factual });

        Assert.Contains("Route      Factual", report, StringComparison.Ordinal);
        Assert.Matches(@"│ Graph +│ NotRun +│ +0 │", report);
        Assert.Contains("Graph NotRun: not asked: route Factual", report, StringComparison.Ordinal);
        Assert.Contains("not asked (NotRun): Episodic, Procedural, Graph", report, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', report);
    }

    [Fact]
    public void The_same_seed_gives_the_same_faults_and_another_seed_others()
    {
        Fault[] Draw(int seed)
        {
            var faults = new FlakyFaults(seed);
            return [.. Enumerable.Range(0, 40).Select(_ => faults.Next("Semantic"))];
        }

        Assert.Equal(Draw(FlakyFaults.DefaultSeed), Draw(FlakyFaults.DefaultSeed));
        Assert.NotEqual(Draw(FlakyFaults.DefaultSeed), Draw(FlakyFaults.DefaultSeed + 1));
        Assert.Contains(Fault.Fail, Draw(FlakyFaults.DefaultSeed));
        Assert.Contains(Fault.None, Draw(FlakyFaults.DefaultSeed));
    }

    [Fact]
    public async Task Flaky_stores_with_the_default_seed_are_retried_and_fall_back_keeping_the_error()
    {
        TimeProvider clock = s_oneRun.CreateClock();
        var graph = new Tier1Recall((s_oneRun with { Flaky = true }).CreateStore(SimulatedMemoryStore.ScenarioLatencies, clock));
        var executor = new Tier1Recall.Executor(graph, new ExecutorOptions { TimeProvider = clock });
        var runs = new List<Tier1Recall.Results>();
        for (int run = 0; run < 6; run++) // the sample's warm-up run and its five measured runs
        {
            runs.Add(await executor.RunAsync(Complex, RecallSettings.K).WaitAsync(TimeSpan.FromSeconds(60)));
        }

        LayerResult[] layers = [.. runs.SelectMany(run => run.Layers)];
        Assert.Contains(layers, layer => layer.Name == "Semantic" && layer.Attempts > 1);
        Assert.Contains(layers, layer => layer.Status == LayerStatus.FellBack);
        LayerResult fellBack = layers.First(layer => layer.Status == LayerStatus.FellBack);
        Assert.True(fellBack.HasValue);
        Assert.NotNull(fellBack.Error); // the layer's own error, kept beside the fallback's value
        Assert.All(layers.Where(layer => layer.Name is "Procedural" or "Graph"), layer => Assert.True(layer.Attempts <= 1));
        Assert.True(executor.Stats.Retries > 0);
        Assert.True(executor.Stats.Fallbacks > 0);
        Assert.All(runs, run => Assert.True(run.Stats.Elapsed <= Tier1Recall.Executor.Plan.WorstCaseLatency + TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task The_flaky_report_shows_attempts_fallbacks_and_the_worst_case_next_to_the_measured_time()
    {
        string report = await RenderAsync(s_oneRun with { Flaky = true, Runs = 5 });

        Assert.Contains("Retries and fallbacks over 5 runs", report, StringComparison.Ordinal);
        Assert.Matches(@"│ Semantic +│ retry 2 \+ fallback │ +([6-9]|1[0-5]) │", report); // attempts beyond one per run
        Assert.Matches(@"│ Prospective +│ fallback +│ +5 │ +0 │ +[1-5] │", report);
        Assert.Contains("last error kept, Prospective: TransientStoreException", report, StringComparison.Ordinal);
        Assert.Contains($"worst-case:       {Tier1Recall.Executor.Plan.WorstCaseLatency.TotalMilliseconds:0} ms", report, StringComparison.Ordinal);
        Assert.Contains("measured:", report, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', report);
    }

    [Fact]
    public async Task Only_runs_the_target_and_its_dependencies_and_nothing_else()
    {
        Tier1Recall.Results results = await RunAsync(Complex, new RunOptions { Targets = ["Graph"] });

        Assert.Equal(["Route", "Graph"], RecallReport.Closure(["Graph"]));
        foreach (LayerResult layer in results.Layers)
        {
            LayerStatus expected = layer.Name is "Route" or "Graph" ? LayerStatus.Succeeded : LayerStatus.NotRun;
            Assert.True(expected == layer.Status, $"{layer.Name}: {layer.Status}, expected {expected}");
        }

        string report = await RenderAsync(s_oneRun with { Only = ["Graph"] });
        Assert.Contains("RunOptions.Targets = [Graph]: runs Route, Graph", report, StringComparison.Ordinal);
        Assert.Contains("Merge NotRun: not selected: --only Graph", report, StringComparison.Ordinal);
        Assert.Contains("Answer: none, the merge was NotRun", report, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_only_name_is_an_error_listing_the_layers()
    {
        ParseResult parsed = RecallCommand.Create().Parse(["--only", "Graph", "--only", "Vector"]);

        string error = Assert.Single(parsed.Errors).Message;
        Assert.Equal("'Vector' is not a layer of Tier1Recall; use one of " + string.Join(", ", Tier1Recall.Executor.Plan.Layers) + ".", error);
        Assert.Contains("Merge", error, StringComparison.Ordinal);
        Assert.Empty(RecallCommand.Create().Parse(["--only", "graph", "--only", "Semantic"]).Errors); // any case
    }

    [Fact]
    public async Task The_engine_rejects_what_the_command_line_rejects()
    {
        var executor = new Tier1Recall.Executor(new Tier1Recall(s_oneRun.CreateStore(SimulatedMemoryStore.ScenarioLatencies, TimeProvider.System)));

        await Assert.ThrowsAnyAsync<ArgumentException>(() => executor.RunAsync(Complex, RecallSettings.K, new RunOptions { Targets = ["Vector"] }));
        Assert.Equal(["Vector"], RecallSettings.UnknownLayers(["Vector", "graph", "Merge"]));
    }

    private static async Task<Tier1Recall.Results> RunAsync(string query, RunOptions? options = null)
    {
        TimeProvider clock = s_oneRun.CreateClock();
        var executor = new Tier1Recall.Executor(
            new Tier1Recall(s_oneRun.CreateStore(SimulatedMemoryStore.ScenarioLatencies, clock)), new ExecutorOptions { TimeProvider = clock });
        return await executor.RunAsync(query, RecallSettings.K, options).WaitAsync(TimeSpan.FromSeconds(60));
    }

    private static async Task<string> RenderAsync(RecallSettings settings)
    {
        var writer = new StringWriter();
        IAnsiConsole previous = AnsiConsole.Console;
        AnsiConsole.Console = ReportConsole.Create(writer, plain: true);
        try
        {
            await RecallDemo.RunAsync(settings, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(120));
        }
        finally
        {
            AnsiConsole.Console = previous;
        }

        return writer.ToString();
    }
}
