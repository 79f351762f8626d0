using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using Gen.Exec;
using Spectre.Console;

namespace Gen.Exec.Samples.Recall;

/// <summary>Writes the run as tables, a timeline and the plan.</summary>
public static class RecallReport
{
    private const int NameWidth = 12;

    public static void Write(
        RecallSettings settings,
        IReadOnlyDictionary<string, TimeSpan> latencies,
        Tier1Recall.Results results,
        int shownRun,
        ExecutorStats executorStats,
        IReadOnlyList<RunStats> history)
    {
        AnsiConsole.Write(new Rule("[bold]Gen.Exec · Tier-1 recall[/]").LeftJustified());
        AnsiConsole.MarkupLineInterpolated($"Query      [italic]{settings.Query}[/]");
        AnsiConsole.MarkupLineInterpolated($"Executor   {settings.Describe()}");
        AnsiConsole.MarkupLineInterpolated($"Simulated  {string.Join(", ", latencies.Select(pair => $"{pair.Key} {WholeMs(pair.Value)}"))}");
        if (settings.FailingLayers.Count > 0 || settings.SlowLayers.Count > 0)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"Injected   failing: {List(settings.FailingLayers)}; overrunning their time-out: {List(settings.SlowLayers)}");
        }

        string shown = history.Count == 1
            ? "this is the run after it."
            : $"shown is run {shownRun + 1} of the {history.Count} after it, the median by speedup; all are listed at the end.";
        AnsiConsole.MarkupLine($"[grey]A warm-up run came first (JIT compilation), so the timings are steady state: {shown}[/]");
        AnsiConsole.WriteLine();

        WriteLayers(results);
        WriteTimeline(results);
        WriteSpeedup(results.Stats);
        WriteAnswer(results);
        WritePlan();
        if (history.Count > 1)
        {
            WriteCumulative(executorStats, history);
        }
    }

    private static void WriteLayers(Tier1Recall.Results results)
    {
        ExecutionPlan plan = Tier1Recall.Executor.Plan;
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Layers[/]");
        table.AddColumn(new TableColumn("layer").NoWrap());
        table.AddColumn(new TableColumn("status").NoWrap());
        table.AddColumn(new TableColumn("start").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("elapsed").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("time-out").RightAligned().NoWrap());
        table.AddColumn("typed result");

        // Typed access: each property of Results is a LayerResult<T> of that layer's own value type.
        AddRow(results.Episodic, episodes => $"{episodes.Length} episodes");
        AddRow(results.Semantic, facts => $"{facts.Length} facts");
        AddRow(results.Procedural, procedures => $"{procedures.Length} procedure");
        AddRow(results.Prospective, intentions => $"{intentions.Length} intention");
        AddRow(results.Graph, relations => $"{relations.Length} relations");
        AddRow(results.Merge, answer => answer.Degraded ? $"{answer.Memories.Count} memories, degraded" : $"{answer.Memories.Count} memories");

        AnsiConsole.Write(table);
        AnsiConsole.WriteLine();

        void AddRow<T>(LayerResult<T> layer, Func<T, string> describe)
        {
            string outcome = layer.TryGetValue(out T? value)
                ? describe(value)
                : layer.Error is { } error ? $"{error.GetType().Name}: {error.Message}" : "-";
            bool ran = layer.Status != LayerStatus.Skipped && layer.Status != LayerStatus.NotRun;
            table.AddRow(
                Markup.Escape(layer.Name),
                $"[{Colour(layer.Status)}]{layer.Status}[/]",
                ran ? Ms(layer.StartOffset) : "-",
                ran ? Ms(layer.Elapsed) : "-",
                WholeMs(plan.TimeoutOf(layer.Name)),
                Markup.Escape(outcome));
        }
    }

    private static void WriteTimeline(Tier1Recall.Results results)
    {
        RunStats stats = results.Stats;

        // One scale for the layers, the run and the sequential total, so the gap between the last two shows.
        double scaleMs = Math.Max(stats.Elapsed.TotalMilliseconds, stats.SequentialElapsed.TotalMilliseconds);
        int barWidth = Math.Clamp(AnsiConsole.Profile.Width - NameWidth - 14, 20, 100);

        AnsiConsole.MarkupLine("[bold]Timeline[/] [grey](each layer from its start to its end; one column = "
            + $"{(scaleMs / barWidth).ToString("0.0", CultureInfo.InvariantCulture)} ms)[/]");
        foreach (LayerResult layer in results.Layers)
        {
            if (layer.Status is LayerStatus.Skipped or LayerStatus.NotRun)
            {
                AnsiConsole.MarkupLine($"{Markup.Escape(layer.Name.PadRight(NameWidth))} [grey]{layer.Status.ToString().ToLowerInvariant()}[/]");
                continue;
            }

            WriteBar(layer.Name, layer.StartOffset.TotalMilliseconds, layer.Elapsed.TotalMilliseconds, Colour(layer.Status));
        }

        AnsiConsole.MarkupLine($"[grey]{new string('─', NameWidth + barWidth + 10)}[/]");
        WriteBar("whole run", 0, stats.Elapsed.TotalMilliseconds, "blue");
        WriteBar("sequential", 0, stats.SequentialElapsed.TotalMilliseconds, "grey");
        AnsiConsole.WriteLine();

        void WriteBar(string name, double startMs, double elapsedMs, string colour)
        {
            int from = (int)Math.Round(startMs / scaleMs * barWidth);
            int length = Math.Max(1, (int)Math.Round(elapsedMs / scaleMs * barWidth));
            from = Math.Min(from, barWidth - length);
            string bar = new string(' ', Math.Max(0, from)) + $"[{colour}]{new string('█', length)}[/]";
            string padding = new(' ', Math.Max(0, barWidth - from - length));
            AnsiConsole.MarkupLine($"{Markup.Escape(name.PadRight(NameWidth))} {bar}{padding} {Ms(TimeSpan.FromMilliseconds(elapsedMs)),8}");
        }
    }

    private static void WriteSpeedup(RunStats stats)
    {
        TimeSpan boundSequential = SimulatedMemoryStore.ScenarioLatencies.Values.Aggregate(TimeSpan.Zero, (sum, latency) => sum + latency);
        TimeSpan boundParallel = SimulatedMemoryStore.ScenarioLatencies.Values.Max();

        var grid = new Grid().AddColumn().AddColumn(new GridColumn().RightAligned()).AddColumn();
        grid.AddRow("Sequential", Ms(stats.SequentialElapsed), "[grey]sum of the layers' elapsed times[/]");
        grid.AddRow("Parallel", Ms(stats.Elapsed), "[grey]the run's wall-clock time[/]");
        grid.AddRow("[bold]Speedup[/]", $"[bold]{stats.Speedup.ToString("0.00", CultureInfo.InvariantCulture)}x[/]", $"[grey]{Ms(stats.TimeSaved)} saved[/]");
        grid.AddRow(
            "Bound",
            $"{(boundSequential / boundParallel).ToString("0.00", CultureInfo.InvariantCulture)}x",
            $"[grey]scenario's ideal: {WholeMs(boundSequential)} -> {WholeMs(boundParallel)}[/]");
        grid.AddRow(
            "Layers",
            $"{stats.Succeeded + stats.Failed + stats.TimedOut + stats.Canceled + stats.Skipped}",
            StatusCounts(stats));
        AnsiConsole.Write(new Panel(grid).Header("[bold]Why it is faster[/]").Border(BoxBorder.Rounded));
        AnsiConsole.WriteLine();
    }

    private static void WriteAnswer(Tier1Recall.Results results)
    {
        LayerResult<RecallAnswer> merge = results.Merge;
        if (!merge.TryGetValue(out RecallAnswer? answer))
        {
            AnsiConsole.MarkupLineInterpolated($"[bold]Answer[/]: none, the merge was [{Colour(merge.Status)}]{merge.Status}[/].");
            AnsiConsole.WriteLine();
            return;
        }

        AnsiConsole.MarkupLineInterpolated($"[bold]Answer[/] ({answer.Memories.Count} memories)");
        foreach (string memory in answer.Memories)
        {
            AnsiConsole.MarkupLineInterpolated($"  {memory}");
        }

        if (answer.Degraded)
        {
            AnsiConsole.MarkupLineInterpolated($"  [yellow]degraded: answered without {string.Join(", ", answer.MissingLayers)}[/]");
        }

        AnsiConsole.WriteLine();
    }

    private static void WritePlan()
    {
        ExecutionPlan plan = Tier1Recall.Executor.Plan;
        int? budget = typeof(Tier1Recall).GetCustomAttribute<LatencyBudgetAttribute>()?.Milliseconds;

        AnsiConsole.MarkupLine("[bold]Plan[/] [grey](computed at compile time by the generator)[/]");
        for (int batch = 0; batch < plan.Batches.Count; batch++)
        {
            AnsiConsole.MarkupLineInterpolated($"  batch {batch}: {string.Join(", ", plan.Batches[batch])}");
        }

        AnsiConsole.MarkupLineInterpolated($"  max parallelism:  {plan.MaxParallelism}");
        AnsiConsole.MarkupLineInterpolated($"  critical path:    {string.Join(" -> ", plan.CriticalPath)} (largest sum of time-outs)");
        string budgetText = budget is { } ms ? $" (budget {ms} ms, checked at build time)" : string.Empty;
        AnsiConsole.MarkupLineInterpolated($"  worst-case:       {WholeMs(plan.WorstCaseLatency)}{budgetText}");
        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLine("[bold]Plan as Mermaid[/] [grey](paste into a Markdown file or mermaid.live)[/]");
        AnsiConsole.WriteLine(plan.ToMermaid().TrimEnd());
        AnsiConsole.WriteLine();
    }

    private static void WriteCumulative(ExecutorStats stats, IReadOnlyList<RunStats> history)
    {
        var runs = new Table().Border(TableBorder.Rounded).Title($"[bold]All {history.Count} runs[/]");
        runs.AddColumn(new TableColumn("run").RightAligned());
        runs.AddColumn(new TableColumn("elapsed").RightAligned());
        runs.AddColumn(new TableColumn("sequential").RightAligned());
        runs.AddColumn(new TableColumn("speedup").RightAligned());
        runs.AddColumn("layers");
        for (int run = 0; run < history.Count; run++)
        {
            RunStats r = history[run];
            runs.AddRow(
                (run + 1).ToString(CultureInfo.InvariantCulture),
                Ms(r.Elapsed),
                Ms(r.SequentialElapsed),
                r.Speedup.ToString("0.00x", CultureInfo.InvariantCulture),
                StatusCounts(r));
        }

        AnsiConsole.Write(runs);

        var cumulative = new Table().Border(TableBorder.Rounded).Title("[bold]Executor.Stats[/] [grey](cumulative)[/]");
        cumulative.AddColumn("statistic");
        cumulative.AddColumn(new TableColumn("value").RightAligned());
        cumulative.AddRow("Runs", stats.Runs.ToString(CultureInfo.InvariantCulture));
        cumulative.AddRow("LayersRun", stats.LayersRun.ToString(CultureInfo.InvariantCulture));
        cumulative.AddRow("Failures", stats.Failures.ToString(CultureInfo.InvariantCulture));
        cumulative.AddRow("Timeouts", stats.Timeouts.ToString(CultureInfo.InvariantCulture));
        cumulative.AddRow("AverageSpeedup", stats.AverageSpeedup.ToString("0.00x", CultureInfo.InvariantCulture));
        cumulative.AddRow("TotalTimeSaved", Ms(stats.TotalTimeSaved));
        AnsiConsole.Write(cumulative);
        AnsiConsole.WriteLine();
    }

    private static string StatusCounts(RunStats stats)
    {
        var parts = new List<string> { $"{stats.Succeeded} succeeded" };
        AddIfAny(stats.Failed, "failed");
        AddIfAny(stats.TimedOut, "timed out");
        AddIfAny(stats.Canceled, "canceled");
        AddIfAny(stats.Skipped, "skipped");
        return string.Join(", ", parts);

        void AddIfAny(int count, string status)
        {
            if (count > 0)
            {
                parts.Add($"{count} {status}");
            }
        }
    }

    private static string Colour(LayerStatus status) => status switch
    {
        LayerStatus.Succeeded => "green",
        LayerStatus.Failed => "red",
        LayerStatus.TimedOut => "yellow",
        LayerStatus.Canceled => "darkorange",
        _ => "grey",
    };

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    private static string WholeMs(TimeSpan time) => time.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    private static string List(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);
}
