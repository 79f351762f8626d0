using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec;
using Spectre.Console;

namespace Gen.Exec.Samples.Recall;

/// <summary>The command line's choices.</summary>
public sealed record RecallSettings(
    string Query,
    int? MaxConcurrency,
    bool Sequential,
    bool FailFast,
    IReadOnlyList<string> FailingLayers,
    IReadOnlyList<string> SlowLayers,
    int Runs)
{
    /// <summary>How many memories each store returns where a store takes a k.</summary>
    public const int K = 3;

    /// <summary>Measured runs by default: enough for a median that one unlucky run cannot move.</summary>
    public const int DefaultRuns = 5;

    /// <summary>How much slower than the wall clock the runs go under <see cref="Progress"/> by default.</summary>
    public const double DefaultProgressSlowMotion = 8;

    /// <summary>Show a live view of each measured run's layers while it is in flight.</summary>
    public bool Progress { get; init; }

    /// <summary>How many times slower than the wall clock the simulated stores and the executor's clock run (1: real time).</summary>
    public double SlowMotion { get; init; } = 1;

    /// <summary>Collect the measured runs' spans and metrics with the OpenTelemetry SDK and print them.</summary>
    public bool Telemetry { get; init; }

    /// <summary>Print the executor's latency history after the runs instead of the report.</summary>
    public bool History { get; init; }

    /// <summary>Compare runs with and without adaptive time-outs while <see cref="SlowBackend"/> stalls.</summary>
    public bool Adaptive { get; init; }

    /// <summary>The layer whose store stalls after warm-up under <see cref="Adaptive"/>.</summary>
    public string SlowBackend { get; init; } = nameof(Tier1Recall.Graph);

    /// <summary>Inject transient failures, stalls and slow answers into the stores (deterministic from <see cref="Seed"/>).</summary>
    public bool Flaky { get; init; }

    /// <summary>The seed of <see cref="Flaky"/>'s faults.</summary>
    public int Seed { get; init; } = FlakyFaults.DefaultSeed;

    /// <summary>Run only these layers and what they depend on (<see cref="RunOptions.Targets"/>); empty: the whole graph.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    /// <summary>The per-call options of every run: the targets of <see cref="Only"/>, if any.</summary>
    public RunOptions? ToRunOptions() => Only.Count > 0 ? new RunOptions { Targets = Only } : null;

    /// <summary>The simulated stores these settings ask for, on <paramref name="clock"/>.</summary>
    public SimulatedMemoryStore CreateStore(IReadOnlyDictionary<string, TimeSpan> latencies, TimeProvider clock)
        => new(latencies, new HashSet<string>(FailingLayers), clock, Flaky ? new FlakyFaults(Seed) : null);

    /// <summary>
    /// The layers of <paramref name="names"/> that are not layers of the graph: <see cref="RunOptions.Targets"/> would
    /// throw <see cref="ArgumentException"/> for them, so the command line rejects them first with the list of layers.
    /// </summary>
    public static IReadOnlyList<string> UnknownLayers(IEnumerable<string> names)
        => [.. names.Where(name => !Tier1Recall.Executor.Plan.Layers.Contains(name, StringComparer.OrdinalIgnoreCase))];

    /// <summary>The error for names that are not layers, listing the layers.</summary>
    public static string UnknownLayerError(IReadOnlyList<string> unknown)
        => $"{string.Join(", ", unknown.Select(name => $"'{name}'"))} {(unknown.Count == 1 ? "is not a layer" : "are not layers")} "
            + $"of Tier1Recall; use one of {string.Join(", ", Tier1Recall.Executor.Plan.Layers)}.";

    /// <summary>The clock for the stores and the executor: the system clock, or a slow-motion one.</summary>
    public TimeProvider CreateClock() => SlowMotion > 1 ? new SlowMotionClock(SlowMotion) : TimeProvider.System;

    public ExecutorOptions ToExecutorOptions(TimeProvider? time = null)
    {
        var options = new ExecutorOptions { Parallel = !Sequential, FailFast = FailFast, TimeProvider = time ?? TimeProvider.System };
        if (MaxConcurrency is { } limit)
        {
            options.MaxConcurrency = limit;
        }

        return options;
    }

    public string Describe()
    {
        string mode = Sequential
            ? "sequential (one layer at a time)"
            : MaxConcurrency is { } limit ? $"parallel, at most {limit} at once" : "parallel, no concurrency limit";
        return FailFast ? mode + ", fail-fast" : mode;
    }

    /// <summary>The scenario's latencies, with the layers made to overrun their time-out.</summary>
    public Dictionary<string, TimeSpan> Latencies()
    {
        var latencies = new Dictionary<string, TimeSpan>(SimulatedMemoryStore.ScenarioLatencies);
        foreach (string layer in SlowLayers)
        {
            // Well past the layer's deadline: the time-out, not the store, ends the query.
            latencies[layer] = Tier1Recall.Executor.Plan.TimeoutOf(layer) + TimeSpan.FromMilliseconds(150);
        }

        return latencies;
    }
}

/// <summary>Runs the Tier-1 recall graph and reports what happened.</summary>
public static class RecallDemo
{
    public static async Task RunAsync(RecallSettings settings, CancellationToken cancellationToken)
    {
        Dictionary<string, TimeSpan> latencies = settings.Latencies();
        TimeProvider clock = settings.CreateClock();
        var graph = new Tier1Recall(settings.CreateStore(latencies, clock));
        RunOptions? runOptions = settings.ToRunOptions();

        // The first run of a process pays for JIT compilation of the executor, the layers and the async
        // machinery. A throw-away executor takes that run, so the run shown, and the statistics, are steady state.
        var warmUp = new Tier1Recall.Executor(graph, settings.ToExecutorOptions(clock));
        _ = await warmUp.RunAsync(settings.Query, RecallSettings.K, runOptions, cancellationToken);

        // Created after the warm-up, so it collects the measured runs only.
        using TelemetryCapture? telemetry = settings.Telemetry ? new TelemetryCapture() : null;
        ProgressObserver? progress = settings.Progress ? new ProgressObserver(Tier1Recall.Executor.Plan.Layers, clock) : null;
        ExecutorOptions options = settings.ToExecutorOptions(clock);
        options.Observer = progress;
        var executor = new Tier1Recall.Executor(graph, options);
        var runs = new List<Tier1Recall.Results>(settings.Runs);
        var traces = new List<ActivityTraceId>(settings.Runs);

        if (progress is null)
        {
            await MeasureAsync();
        }
        else
        {
            await ProgressView.RunAsync(AnsiConsole.Console, progress, settings.Runs, MeasureAsync);
            if (progress.Snapshot().RunsStarted == 0)
            {
                AnsiConsole.MarkupLine("[yellow]The executor made no observer call: this build of Gen.Exec does not report progress.[/]");
                AnsiConsole.WriteLine();
            }
        }

        // On a busy machine one run can be unlucky (a thread woken late); the run with the median speedup
        // is the representative one. Every run is listed, and Executor.Stats averages them all.
        int shown = Enumerable.Range(0, runs.Count).OrderBy(run => runs[run].Stats.Speedup).ElementAt(runs.Count / 2);
        RecallReport.Write(settings, latencies, runs[shown], shown, executor.Stats, runs);
        if (telemetry is not null)
        {
            WriteTelemetry(settings, telemetry, traces[shown], shown);
        }

        async Task MeasureAsync()
        {
            for (int run = 0; run < settings.Runs; run++)
            {
                // The span a service's request would have: each run's span is its child.
                using Activity? request = TelemetryCapture.StartRequest("recall");
                runs.Add(await executor.RunAsync(settings.Query, RecallSettings.K, runOptions, cancellationToken));
                traces.Add(request?.TraceId ?? default);
            }
        }
    }

    private static void WriteTelemetry(RecallSettings settings, TelemetryCapture telemetry, ActivityTraceId trace, int shown)
    {
        IReadOnlyList<SpanRow> spans = TelemetryTable.SpanRows(telemetry.Spans(trace));
        IReadOnlyList<MetricRow> metrics = TelemetryTable.MetricRows(telemetry.Metrics());
        AnsiConsole.Write(new Rule("[bold]OpenTelemetry SDK: what it collected[/]").LeftJustified());
        AnsiConsole.MarkupLineInterpolated(
            $"[grey]TracerProvider .AddSource(\"{TelemetryCapture.Source.Name}\", \"{ExecutorTelemetry.Name}\"), MeterProvider .AddMeter(\"{ExecutorTelemetry.Name}\"), in-memory exporters.[/]");
        if (settings.SlowMotion > 1)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"[grey]Span durations are wall-clock time, so {settings.SlowMotion:0.#} times the simulated times; metric values come from the executor's clock.[/]");
        }

        TelemetryTable.Write(
            AnsiConsole.Console,
            spans,
            metrics,
            $"Spans of run {shown + 1} (the run shown above), under its request span",
            $"Metric points over all {settings.Runs} measured runs (cumulative; gen_exec.graph omitted, the same on every point)");
    }
}
