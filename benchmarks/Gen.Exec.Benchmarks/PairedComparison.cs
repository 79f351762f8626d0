using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec.Benchmarks.Baselines;
using Gen.Exec.Benchmarks.Graphs;

namespace Gen.Exec.Benchmarks;

/// <summary>
/// The <c>paired</c> command: figure 1 and issue 15's floors again, measured round-robin. On a machine shared with other work the load
/// drifts between BenchmarkDotNet's consecutive benchmarks; here every round times each contender back to back
/// (a few milliseconds apart), the ratio to the floor is taken within the round, and the median over rounds is
/// reported, so drift cancels out. Allocation is measured over all threads (GC.GetTotalAllocatedBytes).
/// Usage: <c>paired [overhead] [floors] [ladder] [--rounds N]</c>; with no section every table is printed.
/// </summary>
public static class PairedComparison
{
    private const int DefaultRounds = 41;

    public static async Task<int> RunAsync(string[] args)
    {
        int rounds = DefaultRounds;
        int at = Array.IndexOf(args, "--rounds");
        if (at >= 0 && (at + 1 >= args.Length || !int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out rounds) || rounds < 1))
        {
            Console.Error.WriteLine("usage: paired [overhead] [floors] [ladder] [--rounds N]   (N >= 1, default 41)");
            return 2;
        }

        string[] sections = { "overhead", "floors", "ladder" };
        bool all = !args.Any(sections.Contains);
        if (all || args.Contains("overhead"))
        {
            await OverheadAsync(rounds).ConfigureAwait(false);
        }

        if (all || args.Contains("floors"))
        {
            await FloorsAsync(rounds).ConfigureAwait(false);
        }

        if (all || args.Contains("ladder"))
        {
            await LadderAsync(rounds).ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Figure 1: FanOutGraph, ratios to the guarded hand-written floor.</summary>
    private static async Task OverheadAsync(int rounds)
    {
        Console.WriteLine($"Figure 1, FanOutGraph, median of {rounds} rounds; ratios to the hand-written (guarded) floor of the same round.");
        Console.WriteLine();
        Console.WriteLine($"| layers | caller token | contender | median ns/run | median ratio to floor | bytes/run | bytes ratio |");
        Console.WriteLine("|---|---|---|---:|---:|---:|---:|");
        using var callerSource = new CancellationTokenSource();
        var inputs = new Dictionary<string, object?> { ["input"] = 1 };
        foreach (LayerCompletion layers in new[] { LayerCompletion.Synchronous, LayerCompletion.YieldOnce })
        {
            foreach (CallerToken kind in new[] { CallerToken.None, CallerToken.Cancellable })
            {
                var graph = new FanOutGraph { YieldOnce = layers == LayerCompletion.YieldOnce };
                CancellationToken token = kind == CallerToken.Cancellable ? callerSource.Token : CancellationToken.None;
                var generated = new FanOutGraph.Executor(graph);
                var handWritten = new HandWrittenFanOut(graph);
                var bare = new BareWhenAll(graph);
                ConventionalDagExecutor conventional = OverheadBenchmarks.ConventionalFanOut(graph);
                var dataflow = new DataflowFanOut();
                (string Name, Func<Task> Run)[] contenders =
                {
                    ("hand-written floor", () => handWritten.RunAsync(1, token)),
                    ("generated executor", () => generated.RunAsync(1, token)),
                    ("bare Task.WhenAll", () => bare.RunAsync(1, token)),
                    ("conventional DAG executor", () => conventional.RunAsync(inputs, token)),
                    ("TPL Dataflow", () => dataflow.RunAsync(graph, 1, token)),
                };
                int runs = layers == LayerCompletion.Synchronous ? 20_000 : 2_000;
                var nanoseconds = new double[contenders.Length][];
                var bytes = new double[contenders.Length][];
                for (int c = 0; c < contenders.Length; c++)
                {
                    nanoseconds[c] = new double[rounds];
                    bytes[c] = new double[rounds];
                    await MeasureAsync(contenders[c].Run, runs).ConfigureAwait(false); // warm-up and JIT
                }

                for (int round = 0; round < rounds; round++)
                {
                    for (int c = 0; c < contenders.Length; c++)
                    {
                        (nanoseconds[c][round], bytes[c][round]) = await MeasureAsync(contenders[c].Run, runs).ConfigureAwait(false);
                    }
                }

                for (int c = 0; c < contenders.Length; c++)
                {
                    double ratio = Median(Enumerable.Range(0, rounds).Select(r => nanoseconds[c][r] / nanoseconds[0][r]));
                    double allocated = Median(bytes[c]);
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"| {layers} | {kind} | {contenders[c].Name} | {Median(nanoseconds[c]):0} | {ratio:0.00} | {allocated:0} | {allocated / Median(bytes[0]):0.00} |"));
                }
            }
        }

        Console.WriteLine();
    }

    /// <summary>
    /// Issue 15 items 1 and 6: the generated executor against the idiomatic, guarded and raw floors, with
    /// yield-once Task layers (TaskFanOutGraph) and synchronous layers (SyncFanOutGraph). Time ratios are taken
    /// within each round, then the median; byte ratios are of the medians.
    /// </summary>
    private static async Task FloorsAsync(int rounds)
    {
        Console.WriteLine($"Issue 15 floors, median of {rounds} rounds; every ratio is this row over the named floor, time ratio taken within each round.");
        Console.WriteLine();
        Console.WriteLine("| layers | contender | median ns/run | bytes/run | time ÷ idiomatic | bytes ÷ idiomatic | time ÷ guarded | bytes ÷ guarded | time ÷ raw | bytes ÷ raw |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var taskGraph = new TaskFanOutGraph();
        var taskExecutor = new TaskFanOutGraph.Executor(taskGraph);
        var idiomatic = new IdiomaticFanOut(taskGraph);
        var guarded = new GuardedTaskFanOut(taskGraph);
        var raw = new RawTaskFanOut(taskGraph);
        var syncGraph = new SyncFanOutGraph();
        var syncExecutor = new SyncFanOutGraph.Executor(syncGraph);
        var idiomaticSync = new IdiomaticSyncFanOut(syncGraph);
        var guardedSync = new GuardedSyncFanOut(syncGraph);
        var rawSync = new RawSyncFanOut(syncGraph);
        foreach (FloorLayers layers in new[] { FloorLayers.YieldOnce, FloorLayers.Synchronous })
        {
            bool yieldOnce = layers == FloorLayers.YieldOnce;
            // Order fixed: 0 idiomatic, 1 guarded, 2 generated, 3 raw (the ratio columns index them).
            (string Name, Func<Task> Run)[] contenders = yieldOnce
                ? new (string, Func<Task>)[]
                {
                    ("idiomatic floor", () => idiomatic.RunAsync(1)),
                    ("guarded floor", () => guarded.RunAsync(1)),
                    ("generated executor", () => taskExecutor.RunAsync(1)),
                    ("raw floor", () => raw.RunAsync(1)),
                }
                : new (string, Func<Task>)[]
                {
                    ("idiomatic floor", () => idiomaticSync.RunAsync(1)),
                    ("guarded floor", () => guardedSync.RunAsync(1)),
                    ("generated executor", () => syncExecutor.RunAsync(1)),
                    ("raw floor", () => rawSync.RunAsync(1)),
                };
            (double[][] nanoseconds, double[][] bytes) = await RoundRobinAsync(contenders, rounds).ConfigureAwait(false);
            for (int c = 0; c < contenders.Length; c++)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {layers} | {contenders[c].Name} | {Median(nanoseconds[c]):0} | {Median(bytes[c]):0} | {Ratios(nanoseconds, bytes, c, 0)} | {Ratios(nanoseconds, bytes, c, 1)} | {Ratios(nanoseconds, bytes, c, 3)} |"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("idiomatic: linked CTS + CancelAfter + WaitAsync(timeout, ct) + try/catch per layer, Task.WhenAll, Task.Run for synchronous bodies.");
        Console.WriteLine("guarded: Baselines/Guard.cs (time-out armed only when a layer is pending, static lambdas, synchronous bodies offloaded). raw: Task.WhenAll, no guarantees.");
        Console.WriteLine();
    }

    /// <summary>
    /// Issue 15 item 6, what each guarantee costs: the idiomatic fan-out built up one guarantee at a time from the
    /// raw floor, and the generated executor; ratios to the raw floor and to the rung below.
    /// </summary>
    private static async Task LadderAsync(int rounds)
    {
        Console.WriteLine($"Issue 15 guarantee ladder, median of {rounds} rounds; each rung adds one guarantee to the rung above it in the table.");
        Console.WriteLine();
        Console.WriteLine("| layers | contender | median ns/run | bytes/run | time ÷ raw | bytes ÷ raw | time ÷ previous row | bytes ÷ previous row |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        var taskGraph = new TaskFanOutGraph();
        var syncGraph = new SyncFanOutGraph();
        var taskExecutor = new TaskFanOutGraph.Executor(taskGraph);
        var syncExecutor = new SyncFanOutGraph.Executor(syncGraph);
        var raw = new RawTaskFanOut(taskGraph);
        var rawSync = new RawSyncFanOut(syncGraph);
        Guarantees[] rungs = { Guarantees.Isolation, Guarantees.Timings, Guarantees.Cancellation, Guarantees.All };
        string[] names = { "+ isolation", "+ timings", "+ cancellation", "+ time-out = idiomatic floor" };
        foreach (FloorLayers layers in new[] { FloorLayers.YieldOnce, FloorLayers.Synchronous })
        {
            var contenders = new List<(string Name, Func<Task> Run)>
            {
                ("raw floor", layers == FloorLayers.YieldOnce ? () => raw.RunAsync(1) : () => rawSync.RunAsync(1)),
            };
            for (int rung = 0; rung < rungs.Length; rung++)
            {
                if (layers == FloorLayers.YieldOnce)
                {
                    var fanOut = new IdiomaticFanOut(taskGraph, rungs[rung]);
                    contenders.Add((names[rung], () => fanOut.RunAsync(1)));
                }
                else
                {
                    var fanOut = new IdiomaticSyncFanOut(syncGraph, rungs[rung]);
                    contenders.Add((names[rung], () => fanOut.RunAsync(1)));
                }
            }

            contenders.Add(("generated executor (all guarantees)", layers == FloorLayers.YieldOnce ? () => taskExecutor.RunAsync(1) : () => syncExecutor.RunAsync(1)));
            (double[][] nanoseconds, double[][] bytes) = await RoundRobinAsync(contenders.ToArray(), rounds).ConfigureAwait(false);
            for (int c = 0; c < contenders.Count; c++)
            {
                // The generated executor is compared with the idiomatic floor (the row above it), which has the same guarantees.
                string previous = c == 0 ? "– | –" : Ratios(nanoseconds, bytes, c, c - 1);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {layers} | {contenders[c].Name} | {Median(nanoseconds[c]):0} | {Median(bytes[c]):0} | {Ratios(nanoseconds, bytes, c, 0)} | {previous} |"));
            }
        }

        Console.WriteLine();
    }

    /// <summary>Times every contender back to back in each round, after one warm-up pass each.</summary>
    private static async Task<(double[][] Nanoseconds, double[][] Bytes)> RoundRobinAsync((string Name, Func<Task> Run)[] contenders, int rounds)
    {
        const int runs = 2_000;
        var nanoseconds = new double[contenders.Length][];
        var bytes = new double[contenders.Length][];
        for (int c = 0; c < contenders.Length; c++)
        {
            nanoseconds[c] = new double[rounds];
            bytes[c] = new double[rounds];
            await MeasureAsync(contenders[c].Run, runs).ConfigureAwait(false); // warm-up and JIT
        }

        for (int round = 0; round < rounds; round++)
        {
            for (int c = 0; c < contenders.Length; c++)
            {
                (nanoseconds[c][round], bytes[c][round]) = await MeasureAsync(contenders[c].Run, runs).ConfigureAwait(false);
            }
        }

        return (nanoseconds, bytes);
    }

    /// <summary>"time ratio | bytes ratio" of contender c over contender reference: time within each round then the median, bytes of the medians.</summary>
    private static string Ratios(double[][] nanoseconds, double[][] bytes, int c, int reference)
        => string.Create(
            CultureInfo.InvariantCulture,
            $"{Median(Enumerable.Range(0, nanoseconds[c].Length).Select(r => nanoseconds[c][r] / nanoseconds[reference][r])):0.00} | {Median(bytes[c]) / Median(bytes[reference]):0.00}");

    private static async Task<(double Nanoseconds, double Bytes)> MeasureAsync(Func<Task> run, int runs)
    {
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        long started = Stopwatch.GetTimestamp();
        for (int i = 0; i < runs; i++)
        {
            await run().ConfigureAwait(false);
        }

        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        long allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        return (elapsed.TotalNanoseconds / runs, allocated / (double)runs);
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.OrderBy(value => value).ToArray();
        return sorted[sorted.Length / 2];
    }
}
