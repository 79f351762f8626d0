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
/// The <c>paired</c> command: figure 1 again, measured round-robin. On a machine shared with other work the load
/// drifts between BenchmarkDotNet's consecutive benchmarks; here every round times each contender back to back
/// (a few milliseconds apart), the ratio to the floor is taken within the round, and the median over rounds is
/// reported, so drift cancels out. Allocation is measured over all threads (GC.GetTotalAllocatedBytes).
/// </summary>
public static class PairedComparison
{
    private const int Rounds = 41;

    public static async Task<int> RunAsync()
    {
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
                    nanoseconds[c] = new double[Rounds];
                    bytes[c] = new double[Rounds];
                    await MeasureAsync(contenders[c].Run, runs).ConfigureAwait(false); // warm-up and JIT
                }

                for (int round = 0; round < Rounds; round++)
                {
                    for (int c = 0; c < contenders.Length; c++)
                    {
                        (nanoseconds[c][round], bytes[c][round]) = await MeasureAsync(contenders[c].Run, runs).ConfigureAwait(false);
                    }
                }

                for (int c = 0; c < contenders.Length; c++)
                {
                    double ratio = Median(Enumerable.Range(0, Rounds).Select(r => nanoseconds[c][r] / nanoseconds[0][r]));
                    double allocated = Median(bytes[c]);
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"| {layers} | {kind} | {contenders[c].Name} | {Median(nanoseconds[c]):0} | {ratio:0.00} | {allocated:0} | {allocated / Median(bytes[0]):0.00} |"));
                }
            }
        }

        return 0;
    }

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
