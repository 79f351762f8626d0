using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec;

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

    public ExecutorOptions ToExecutorOptions()
    {
        var options = new ExecutorOptions { Parallel = !Sequential, FailFast = FailFast };
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
}

/// <summary>Runs the Tier-1 recall graph and reports what happened.</summary>
public static class RecallDemo
{
    public static async Task RunAsync(RecallSettings settings, CancellationToken cancellationToken)
    {
        var latencies = new Dictionary<string, TimeSpan>(SimulatedMemoryStore.ScenarioLatencies);
        foreach (string layer in settings.SlowLayers)
        {
            // Well past the layer's deadline: the time-out, not the store, ends the query.
            latencies[layer] = Tier1Recall.Executor.Plan.TimeoutOf(layer) + TimeSpan.FromMilliseconds(150);
        }

        var store = new SimulatedMemoryStore(latencies, new HashSet<string>(settings.FailingLayers));
        var graph = new Tier1Recall(store);

        // The first run of a process pays for JIT compilation of the executor, the layers and the async
        // machinery. A throw-away executor takes that run, so the run shown, and the statistics, are steady state.
        var warmUp = new Tier1Recall.Executor(graph, settings.ToExecutorOptions());
        _ = await warmUp.RunAsync(settings.Query, RecallSettings.K, cancellationToken);

        var executor = new Tier1Recall.Executor(graph, settings.ToExecutorOptions());
        var runs = new List<Tier1Recall.Results>(settings.Runs);
        for (int run = 0; run < settings.Runs; run++)
        {
            runs.Add(await executor.RunAsync(settings.Query, RecallSettings.K, cancellationToken));
        }

        // On a busy machine one run can be unlucky (a thread woken late); the run with the median speedup
        // is the representative one. Every run is listed, and Executor.Stats averages them all.
        int shown = Enumerable.Range(0, runs.Count).OrderBy(run => runs[run].Stats.Speedup).ElementAt(runs.Count / 2);
        RecallReport.Write(settings, latencies, runs[shown], shown, executor.Stats, runs.Select(run => run.Stats).ToList());
    }
}
