using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec;
using Spectre.Console;

namespace Gen.Exec.Samples.Recall;

/// <summary>
/// What an executor learns from its runs: the latency history per layer (<c>--history</c>), and what adaptive
/// time-outs save when a backend slows down (<c>--adaptive</c>).
/// </summary>
public static class LatencyDemo
{
    /// <summary>Runs issued at once while filling a history: 100 runs take about 1.3 s instead of 13 s.</summary>
    public const int ConcurrentRuns = 10;

    /// <summary>
    /// Healthy runs before the backend slows down under <c>--adaptive</c>: more than
    /// <see cref="LatencyHistory.MinimumReliableSamples"/>, and a multiple of 64 because the executor refreshes the
    /// suggestion it runs with every 64 outcomes of a layer.
    /// </summary>
    public const int AdaptiveWarmUpRuns = 128;

    /// <summary>How far past its declared time-out the slowed backend answers: it stalls, the time-out ends the query.</summary>
    public static readonly TimeSpan Stall = TimeSpan.FromMilliseconds(150);

    /// <summary>Makes <see cref="RecallSettings.Runs"/> runs on one executor, then prints its latency history.</summary>
    public static async Task HistoryAsync(RecallSettings settings, CancellationToken cancellationToken)
    {
        Dictionary<string, TimeSpan> latencies = settings.Latencies();
        TimeProvider clock = settings.CreateClock();
        var graph = new Tier1Recall(settings.CreateStore(latencies, clock));

        // JIT compilation on a throw-away executor, so that it is not the history's slowest sample.
        _ = await new Tier1Recall.Executor(graph, settings.ToExecutorOptions(clock)).RunAsync(settings.Query, RecallSettings.K, cancellationToken);

        var executor = new Tier1Recall.Executor(graph, settings.ToExecutorOptions(clock));
        await RunManyAsync(executor, settings.Runs, settings.Query, cancellationToken);

        AnsiConsole.Write(new Rule("[bold]Gen.Exec · latency history[/]").LeftJustified());
        AnsiConsole.MarkupLineInterpolated($"Executor   {settings.Describe()}; {settings.Runs} runs, issued {ConcurrentRuns} at a time");
        AnsiConsole.MarkupLineInterpolated($"Simulated  {string.Join(", ", latencies.Select(pair => $"{pair.Key} {WholeMs(pair.Value)}"))} (Task.Delay; timings are this machine's)");
        AnsiConsole.WriteLine();
        WriteHistory(AnsiConsole.Console, Latency(executor), $"executor.Stats.Latency after {settings.Runs} runs");
    }

    /// <summary>
    /// Twice (adaptive time-outs off, then on): <see cref="AdaptiveWarmUpRuns"/> healthy runs, then the backend of
    /// <see cref="RecallSettings.SlowBackend"/> stalls past its time-out for <see cref="RecallSettings.Runs"/> runs.
    /// Prints what each policy waited.
    /// </summary>
    public static async Task AdaptiveAsync(RecallSettings settings, CancellationToken cancellationToken)
    {
        string layer = settings.SlowBackend;
        TimeSpan declared = Tier1Recall.Executor.Plan.TimeoutOf(layer);
        TimeSpan stalled = declared + Stall;
        var outcomes = new List<AdaptiveOutcome>(2);
        foreach (bool adaptive in new[] { false, true })
        {
            outcomes.Add(await MeasureAsync(settings, layer, stalled, adaptive, cancellationToken));
        }

        AnsiConsole.Write(new Rule("[bold]Gen.Exec · adaptive time-outs[/]").LeftJustified());
        AnsiConsole.MarkupLineInterpolated(
            $"Scenario   {AdaptiveWarmUpRuns} healthy runs ({ConcurrentRuns} at a time), then the {layer} store stalls ({WholeMs(stalled)}, past its {WholeMs(declared)} time-out) for {settings.Runs} runs.");
        AnsiConsole.MarkupLine("[grey]Simulated latencies (Task.Delay): the figures are what each time-out policy waits on this machine, not a benchmark of a real store.[/]");
        AnsiConsole.WriteLine();

        var table = new Table().Border(TableBorder.Rounded).Title("[bold]ExecutorOptions.AdaptiveTimeouts[/]");
        table.AddColumn(string.Empty);
        table.AddColumn(new TableColumn("false").RightAligned());
        table.AddColumn(new TableColumn("true").RightAligned());
        LayerLatency learned = outcomes[1].Learned;
        table.AddRow(
            $"{Markup.Escape(layer)} before the stall",
            Markup.Escape(Percentiles(outcomes[0].Learned)),
            Markup.Escape(Percentiles(learned)));
        table.AddRow(
            "suggested time-out",
            Markup.Escape(Suggested(outcomes[0].Learned)),
            Markup.Escape(Suggested(learned)));
        table.AddRow($"{Markup.Escape(layer)} runs with", WholeMs(outcomes[0].TimeoutInUse), WholeMs(outcomes[1].TimeoutInUse));
        table.AddRow($"{Markup.Escape(layer)} during the stall", Markup.Escape(outcomes[0].SlowLayer), Markup.Escape(outcomes[1].SlowLayer));
        table.AddRow("[bold]median run during the stall[/]", $"[bold]{Ms(outcomes[0].MedianRun)}[/]", $"[bold]{Ms(outcomes[1].MedianRun)}[/]");
        table.AddRow("answer", Markup.Escape(outcomes[0].Answer), Markup.Escape(outcomes[1].Answer));
        AnsiConsole.Write(table);

        TimeSpan saved = outcomes[0].MedianRun - outcomes[1].MedianRun;
        double share = outcomes[0].MedianRun > TimeSpan.Zero ? saved / outcomes[0].MedianRun : 0;
        AnsiConsole.MarkupLineInterpolated(
            $"Saved      {Ms(saved)} per run ({share.ToString("0%", CultureInfo.InvariantCulture)}): the stalled query is given up at its learned time-out instead of its declared one.");
        AnsiConsole.MarkupLine(
            "[grey]Never above the declared [[Timeout]]: the compile-time worst case and the latency budget still hold. "
            + "The cost: a store that is merely slower than usual (not stalled) is also cut off at the learned time-out. "
            + "Time-outs count as durations, so a lasting slowdown raises the suggestion again at the next refreshes.[/]");
        AnsiConsole.WriteLine();
    }

    /// <summary>A latency history as a table: one row per layer.</summary>
    public static void WriteHistory(IAnsiConsole console, LatencyHistory history, string title)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(title)}[/]");
        table.AddColumn(new TableColumn("layer").NoWrap());
        table.AddColumn(Narrow("p50"));
        table.AddColumn(Narrow("p95"));
        table.AddColumn(Narrow("p99"));
        table.AddColumn(Narrow("ok"));
        table.AddColumn(Narrow("t/o"));
        table.AddColumn(Narrow("n"));
        table.AddColumn(new TableColumn("time-out").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("reliable").NoWrap());
        foreach (string layer in history.Layers)
        {
            LayerLatency latency = history[layer];
            table.AddRow(
                Markup.Escape(layer),
                OneDecimal(latency.P50),
                OneDecimal(latency.P95),
                OneDecimal(latency.P99),
                latency.SuccessRate.ToString("0%", CultureInfo.InvariantCulture),
                latency.TimeoutRate.ToString("0%", CultureInfo.InvariantCulture),
                latency.DurationSampleCount.ToString(CultureInfo.InvariantCulture),
                $"{latency.SuggestedTimeout.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)}/{latency.DeclaredTimeout.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)}",
                latency.IsReliable ? "[green]yes[/]" : "[yellow]not yet[/]");
        }

        console.Write(table);
        console.MarkupLine(string.Create(
            CultureInfo.InvariantCulture,
            $"[grey]p50/p95/p99 in ms over the recent Succeeded and TimedOut outcomes (n of them; at most {history.Capacity} kept per layer); ok and t/o: "
            + $"shares of recent outcomes that succeeded and timed out. time-out: suggested/declared in ms, the suggestion being p99 x {LatencyHistory.SuggestedTimeoutMargin}, "
            + $"never above the declared one; reliable from {LatencyHistory.MinimumReliableSamples} samples.[/]"));
        console.WriteLine();
    }

    // The one read of the executor's latency history.
    private static LatencyHistory Latency(Tier1Recall.Executor executor) => executor.Stats.Latency;

    private static async Task<AdaptiveOutcome> MeasureAsync(RecallSettings settings, string layer, TimeSpan stalled, bool adaptive, CancellationToken cancellationToken)
    {
        var store = new SimulatedMemoryStore(SimulatedMemoryStore.ScenarioLatencies, new HashSet<string>());
        ExecutorOptions options = settings.ToExecutorOptions();
        options.AdaptiveTimeouts = adaptive;
        var executor = new Tier1Recall.Executor(new Tier1Recall(store), options);
        await RunManyAsync(executor, AdaptiveWarmUpRuns, settings.Query, cancellationToken);

        LatencyHistory history = Latency(executor);
        LayerLatency learned = history[layer];
        TimeSpan inUse = adaptive ? history.AdaptiveTimeout(history.IndexOf(layer)) : Tier1Recall.Executor.Plan.TimeoutOf(layer);

        store.SetLatency(layer, stalled);
        var runs = new List<Tier1Recall.Results>(settings.Runs);
        for (int run = 0; run < settings.Runs; run++)
        {
            runs.Add(await executor.RunAsync(settings.Query, RecallSettings.K, cancellationToken));
        }

        TimeSpan median = runs.Select(run => run.Stats.Elapsed).Order().ElementAt(runs.Count / 2);
        LayerResult[] slow = runs.Select(run => run.Layers.First(result => result.Name == layer)).ToArray();
        string slowLayer = string.Join(", ", slow.GroupBy(result => result.Status).Select(group => $"{group.Key} x{group.Count()}"))
            + $" at {WholeMs(slow.Select(result => result.Elapsed).Order().ElementAt(slow.Length / 2))}";
        RecallAnswer? answer = runs[^1].Merge.GetValueOrDefault(null!);
        string answerText = answer is null ? runs[^1].Merge.Status.ToString() : answer.Degraded ? $"{answer.Memories.Count} memories, degraded" : $"{answer.Memories.Count} memories";
        return new AdaptiveOutcome(learned, inUse, slowLayer, median, answerText);
    }

    private static async Task RunManyAsync(Tier1Recall.Executor executor, int runs, string query, CancellationToken cancellationToken)
    {
        for (int done = 0; done < runs; done += ConcurrentRuns)
        {
            int batch = Math.Min(ConcurrentRuns, runs - done);
            await Task.WhenAll(Enumerable.Range(0, batch).Select(_ => executor.RunAsync(query, RecallSettings.K, cancellationToken)));
        }
    }

    // Numbers need no padding on their right: the table then fits an 80-column log.
    private static TableColumn Narrow(string header) => new TableColumn(header).RightAligned().NoWrap().Padding(1, 0, 0, 0);

    private static string Percentiles(LayerLatency latency)
        => string.Create(CultureInfo.InvariantCulture, $"p50 {latency.P50.TotalMilliseconds:0.0}, p99 {latency.P99.TotalMilliseconds:0.0} ms (n {latency.DurationSampleCount})");

    private static string Suggested(LayerLatency latency)
        => $"{WholeMs(latency.SuggestedTimeout)} ({(latency.IsReliable ? "reliable" : "not yet reliable")})";

    private static string OneDecimal(TimeSpan time) => time.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    private static string WholeMs(TimeSpan time) => time.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    private sealed record AdaptiveOutcome(LayerLatency Learned, TimeSpan TimeoutInUse, string SlowLayer, TimeSpan MedianRun, string Answer);
}
