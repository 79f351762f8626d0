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
        IReadOnlyList<Tier1Recall.Results> runs)
    {
        IReadOnlyList<RunStats> history = [.. runs.Select(run => run.Stats)];
        AnsiConsole.Write(new Rule("[bold]Gen.Exec · Tier-1 recall[/]").LeftJustified());
        AnsiConsole.MarkupLineInterpolated($"Query      [italic]{settings.Query}[/]");
        AnsiConsole.MarkupLineInterpolated($"Executor   {settings.Describe()}");
        AnsiConsole.MarkupLineInterpolated($"Simulated  {string.Join(", ", latencies.Select(pair => $"{pair.Key} {WholeMs(pair.Value)}"))}");
        if (settings.FailingLayers.Count > 0 || settings.SlowLayers.Count > 0)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"Injected   failing: {List(settings.FailingLayers)}; overrunning their time-out: {List(settings.SlowLayers)}");
        }

        if (settings.Flaky)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"Flaky      transient failures, stalls past the time-out and slow answers, drawn from seed {settings.Seed} (same seed, same faults)");
        }

        AnsiConsole.MarkupLineInterpolated($"Route      {RouteLine(settings, results)}");
        if (settings.Only.Count > 0)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"Targets    RunOptions.Targets = [[{string.Join(", ", settings.Only)}]]: runs {string.Join(", ", Closure(settings.Only))}; every other layer ends NotRun");
        }

        string shown = history.Count == 1
            ? "this is the run after it."
            : $"shown is run {shownRun + 1} of the {history.Count} after it, the median by speedup; all are listed at the end.";
        AnsiConsole.MarkupLine($"[grey]A warm-up run came first (JIT compilation), so the timings are steady state: {shown}[/]");
        AnsiConsole.WriteLine();

        WriteLayers(settings, results);
        WriteTimeline(results);
        WriteSpeedup(results);
        WriteAnswer(settings, results);
        if (settings.Flaky)
        {
            WriteResilience(runs);
        }

        WritePlan(results, history);
        if (history.Count > 1)
        {
            WriteCumulative(executorStats, history);
        }
    }

    private static void WriteLayers(RecallSettings settings, Tier1Recall.Results results)
    {
        ExecutionPlan plan = Tier1Recall.Executor.Plan;
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Layers[/]");
        table.AddColumn(new TableColumn("layer").NoWrap());
        table.AddColumn(new TableColumn("status").NoWrap());
        table.AddColumn(new TableColumn("attempts").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("elapsed").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("time-out").RightAligned().NoWrap());
        table.AddColumn("typed result");
        var notes = new List<string>();

        // Typed access: each property of Results is a LayerResult<T> of that layer's own value type.
        AddRow(results.Route, route => route.ToString());
        AddRow(results.Episodic, episodes => $"{episodes.Length} episodes");
        AddRow(results.Semantic, facts => $"{facts.Length} facts");
        AddRow(results.Procedural, procedures => $"{procedures.Length} procedure");
        AddRow(results.Prospective, intentions => $"{intentions.Length} intention");
        AddRow(results.Graph, relations => $"{relations.Length} relations");
        AddRow(results.Merge, answer => answer.Degraded ? $"{answer.Memories.Count} memories, degraded" : $"{answer.Memories.Count} memories");

        AnsiConsole.Write(table);

        // Below the table, where they have room: why a layer did not run, and the error a fallback stood in for.
        foreach (string note in notes)
        {
            AnsiConsole.MarkupLineInterpolated($"  {note}");
        }

        AnsiConsole.WriteLine();

        void AddRow<T>(LayerResult<T> layer, Func<T, string> describe)
        {
            string outcome = layer.Status switch
            {
                LayerStatus.NotRun => "-",
                LayerStatus.FellBack when layer.TryGetValue(out T? standIn) => $"{describe(standIn)} (fallback)",
                _ when layer.TryGetValue(out T? value) => describe(value),
                _ => Describe(layer.Error),
            };
            if (layer.Status == LayerStatus.NotRun)
            {
                notes.Add($"{layer.Name} NotRun: {WhyNotRun(settings, results, layer.Name)}");
            }
            else if (layer.Status == LayerStatus.FellBack)
            {
                // The fallback's value stands in; the layer's own error is kept beside it.
                notes.Add($"{layer.Name} FellBack after {layer.Attempts} attempt(s); error kept: {Describe(layer.Error)}");
            }

            bool ran = layer.Status != LayerStatus.Skipped && layer.Status != LayerStatus.NotRun;
            table.AddRow(
                Markup.Escape(layer.Name),
                $"[{Colour(layer.Status)}]{layer.Status}[/]",
                layer.Attempts > 1 ? $"[yellow]{layer.Attempts}[/]" : layer.Attempts.ToString(CultureInfo.InvariantCulture),
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

    private static void WriteSpeedup(Tier1Recall.Results results)
    {
        RunStats stats = results.Stats;

        // The ideal for the stores this run asked: the sum of their latencies against the slowest of them.
        TimeSpan[] asked = [.. results.Layers
            .Where(layer => layer.Status != LayerStatus.NotRun && SimulatedMemoryStore.ScenarioLatencies.ContainsKey(layer.Name))
            .Select(layer => SimulatedMemoryStore.ScenarioLatencies[layer.Name])];
        TimeSpan boundSequential = asked.Aggregate(TimeSpan.Zero, (sum, latency) => sum + latency);
        TimeSpan boundParallel = asked.Length > 0 ? asked.Max() : TimeSpan.Zero;

        var grid = new Grid().AddColumn().AddColumn(new GridColumn().RightAligned()).AddColumn();
        grid.AddRow("Sequential", Ms(stats.SequentialElapsed), "[grey]sum of the layers' elapsed times[/]");
        grid.AddRow("Parallel", Ms(stats.Elapsed), "[grey]the run's wall-clock time[/]");
        grid.AddRow("[bold]Speedup[/]", $"[bold]{stats.Speedup.ToString("0.00", CultureInfo.InvariantCulture)}x[/]", $"[grey]{Ms(stats.TimeSaved)} saved[/]");
        if (boundParallel > TimeSpan.Zero)
        {
            grid.AddRow(
                "Bound",
                $"{(boundSequential / boundParallel).ToString("0.00", CultureInfo.InvariantCulture)}x",
                $"[grey]ideal for the {asked.Length} stores asked: {WholeMs(boundSequential)} -> {WholeMs(boundParallel)}[/]");
        }

        grid.AddRow(
            "Layers",
            $"{stats.Succeeded + stats.Failed + stats.TimedOut + stats.Canceled + stats.Skipped + stats.FellBack + stats.NotRun}",
            StatusCounts(stats));
        AnsiConsole.Write(new Panel(grid).Header("[bold]Why it is faster[/]").Border(BoxBorder.Rounded));
        AnsiConsole.WriteLine();
    }

    private static void WriteAnswer(RecallSettings settings, Tier1Recall.Results results)
    {
        LayerResult<RecallAnswer> merge = results.Merge;
        if (!merge.TryGetValue(out RecallAnswer? answer))
        {
            string why = merge.Status == LayerStatus.NotRun ? $" ({WhyNotRun(settings, results, merge.Name)})" : string.Empty;
            AnsiConsole.MarkupLineInterpolated($"[bold]Answer[/]: none, the merge was [{Colour(merge.Status)}]{merge.Status}[/]{why}.");
            AnsiConsole.WriteLine();
            return;
        }

        AnsiConsole.MarkupLineInterpolated($"[bold]Answer[/] ({answer.Memories.Count} memories)");
        foreach (string memory in answer.Memories)
        {
            AnsiConsole.MarkupLineInterpolated($"  {memory}");
        }

        if (answer.NotAsked.Count > 0)
        {
            AnsiConsole.MarkupLineInterpolated($"  [grey]not asked (NotRun): {string.Join(", ", answer.NotAsked)}[/]");
        }

        if (answer.FellBack.Count > 0)
        {
            AnsiConsole.MarkupLineInterpolated($"  [aqua]from a fallback: {string.Join(", ", answer.FellBack)}[/]");
        }

        if (answer.Degraded)
        {
            AnsiConsole.MarkupLineInterpolated($"  [yellow]degraded: answered without {string.Join(", ", answer.MissingLayers)}[/]");
        }

        AnsiConsole.WriteLine();
    }

    /// <summary>Per layer over every measured run: what the retries and fallbacks did under <c>--flaky</c>.</summary>
    private static void WriteResilience(IReadOnlyList<Tier1Recall.Results> runs)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]Retries and fallbacks over {runs.Count} runs[/] [grey](--flaky)[/]");
        table.AddColumn(new TableColumn("layer").NoWrap());
        table.AddColumn(new TableColumn("policy").NoWrap());
        table.AddColumn(new TableColumn("attempts").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("retried").RightAligned());
        table.AddColumn(new TableColumn("fell back").RightAligned());
        table.AddColumn(new TableColumn("failed").RightAligned());
        var errors = new List<string>();

        foreach (string name in SimulatedMemoryStore.ScenarioLatencies.Keys)
        {
            LayerResult[] layer = [.. runs.Select(run => run.Layers.First(result => result.Name == name))
                .Where(result => result.Status != LayerStatus.NotRun)];
            table.AddRow(
                name,
                Markup.Escape(ShortPolicy(name)),
                Count(layer.Sum(result => result.Attempts)),
                Count(layer.Count(result => result.Attempts > 1)),
                Count(layer.Count(result => result.Status == LayerStatus.FellBack)),
                Count(layer.Count(result => result.Status is LayerStatus.Failed or LayerStatus.TimedOut)));
            if (layer.LastOrDefault(result => result.Error is not null).Error is { } lastError)
            {
                errors.Add($"{name}: {Describe(lastError)}");
            }
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("  [grey]over the runs that asked the store; retried: runs that took more than one attempt; failed: Failed or TimedOut after every attempt, no fallback[/]");
        foreach (string error in errors)
        {
            AnsiConsole.MarkupLineInterpolated($"  last error kept, {error}");
        }

        AnsiConsole.WriteLine();

        static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
    }

    private static void WritePlan(Tier1Recall.Results results, IReadOnlyList<RunStats> history)
    {
        ExecutionPlan plan = Tier1Recall.Executor.Plan;
        int? budget = typeof(Tier1Recall).GetCustomAttribute<LatencyBudgetAttribute>()?.Milliseconds;

        AnsiConsole.MarkupLine("[bold]Plan[/] [grey](computed at compile time by the generator)[/]");
        for (int batch = 0; batch < plan.Batches.Count; batch++)
        {
            AnsiConsole.MarkupLineInterpolated($"  batch {batch}: {string.Join(", ", plan.Batches[batch])}");
        }

        AnsiConsole.MarkupLineInterpolated($"  max parallelism:  {plan.MaxParallelism}");
        AnsiConsole.MarkupLineInterpolated($"  critical path:    {string.Join(" -> ", plan.CriticalPath)} (largest sum of worst cases)");
        string budgetText = budget is { } ms ? $" (budget {ms} ms, checked at build time)" : string.Empty;
        AnsiConsole.MarkupLineInterpolated($"  worst-case:       {WholeMs(plan.WorstCaseLatency)}{budgetText}, every retry, delay and fallback counted");
        TimeSpan slowest = history.Max(run => run.Elapsed);
        AnsiConsole.MarkupLineInterpolated(
            $"  measured:         {Ms(results.Stats.Elapsed)} this run, {Ms(slowest)} the slowest of {history.Count} ({(slowest <= plan.WorstCaseLatency ? "within" : "OVER")} the worst case)");
        foreach (string layer in plan.Layers.Where(layer => Policy(layer) != "-"))
        {
            AnsiConsole.MarkupLineInterpolated($"  {layer + ":",-17} {Policy(layer)}, time-out {WholeMs(plan.TimeoutOf(layer))} per attempt");
        }

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
        cumulative.AddRow("Retries", stats.Retries.ToString(CultureInfo.InvariantCulture));
        cumulative.AddRow("Fallbacks", stats.Fallbacks.ToString(CultureInfo.InvariantCulture));
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
        AddIfAny(stats.FellBack, "fell back");
        AddIfAny(stats.NotRun, "not run");
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
        LayerStatus.FellBack => "aqua",
        _ => "grey",
    };

    /// <summary>The route the classifier chose, and the stores it leaves out.</summary>
    private static string RouteLine(RecallSettings settings, Tier1Recall.Results results)
    {
        if (!results.Route.TryGetValue(out QueryRoute route))
        {
            return $"not classified (Route {results.Route.Status}{(results.Route.Status == LayerStatus.NotRun ? ", not a target" : string.Empty)})";
        }

        string[] skipped = [.. results.Layers.Where(layer => layer.Status == LayerStatus.NotRun && SimulatedMemoryStore.ScenarioLatencies.ContainsKey(layer.Name)).Select(layer => layer.Name)];
        string[] ran = [.. results.Layers.Where(layer => layer.Status != LayerStatus.NotRun && SimulatedMemoryStore.ScenarioLatencies.ContainsKey(layer.Name)).Select(layer => layer.Name)];
        string verdict = route == QueryRoute.Factual
            ? $"short factual question (at most {QueryClassifier.MaxFactualWords} words, no why/how/what-happened): [When] skips the expensive stores"
            : "complex query: [When] lets every store run";
        return $"{route}, {verdict}; ran {List(ran)}; NotRun {List(skipped)}";
    }

    /// <summary>Why a layer ended NotRun: not among the targets' closure, or its condition (the route) left it out.</summary>
    private static string WhyNotRun(RecallSettings settings, Tier1Recall.Results results, string layer)
    {
        if (settings.Only.Count > 0 && !Closure(settings.Only).Contains(layer))
        {
            return "not selected: --only " + string.Join(" --only ", settings.Only);
        }

        return results.Route.TryGetValue(out QueryRoute route)
            ? $"not asked: route {route}, [When({nameof(Tier1Recall.Route)} is Complex)] is false"
            : "a dependency it needs did not run";
    }

    /// <summary>The targets and everything they depend on, transitively, in plan order.</summary>
    public static IReadOnlyList<string> Closure(IReadOnlyCollection<string> targets)
    {
        ExecutionPlan plan = Tier1Recall.Executor.Plan;
        var selected = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(targets);
        while (pending.TryPop(out string? layer))
        {
            if (selected.Add(layer))
            {
                foreach (string dependency in plan.DependenciesOf(layer))
                {
                    pending.Push(dependency);
                }
            }
        }

        return [.. plan.Layers.Where(selected.Contains)];
    }

    /// <summary>A layer's retry and fallback attributes, as written on its method.</summary>
    public static string Policy(string layer)
    {
        MethodInfo? method = typeof(Tier1Recall).GetMethod(layer, BindingFlags.Public | BindingFlags.Instance);
        var parts = new List<string>();
        if (method?.GetCustomAttribute<RetryAttribute>() is { } retry && retry.MaxRetries > 0)
        {
            string handle = retry.Handle is { Length: > 0 } types ? $" on {string.Join("/", types.Select(type => type.Name))} or time-out" : string.Empty;
            parts.Add($"Retry({retry.MaxRetries}, {retry.DelayMilliseconds} ms {retry.Backoff.ToString().ToLowerInvariant()}{handle})");
        }

        if (method?.GetCustomAttribute<FallbackAttribute>() is { } fallback)
        {
            parts.Add($"Fallback({fallback.Method})");
        }

        return parts.Count == 0 ? "-" : string.Join(" + ", parts);
    }

    private static string ShortPolicy(string layer)
    {
        MethodInfo? method = typeof(Tier1Recall).GetMethod(layer, BindingFlags.Public | BindingFlags.Instance);
        int retries = method?.GetCustomAttribute<RetryAttribute>()?.MaxRetries ?? 0;
        bool fallback = method?.GetCustomAttribute<FallbackAttribute>() is not null;
        string retry = retries > 0 ? $"retry {retries}" : string.Empty;
        return (retry, fallback) switch
        {
            ("", false) => "-",
            ("", true) => "fallback",
            (_, false) => retry,
            _ => retry + " + fallback",
        };
    }

    private static string Describe(Exception? error) => error is null ? "-" : $"{error.GetType().Name}: {error.Message}";

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    private static string WholeMs(TimeSpan time) => time.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    private static string List(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);
}
