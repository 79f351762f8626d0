using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Dataflow;
using Gen.Exec.Benchmarks.Graphs;

namespace Gen.Exec.Benchmarks.Baselines;

/// <summary>
/// The fan-out wired once as a long-lived TPL Dataflow network that many runs flow through: a broadcast
/// block feeds one transform block per layer, a gather block releases a run once its five layers are done,
/// and a merge block completes it. Each layer is guarded like the floor's (same time-out and isolation).
/// </summary>
public sealed class DataflowFanOut
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(1000);
    private static readonly DataflowRun[] s_none = Array.Empty<DataflowRun>();

    private readonly BroadcastBlock<DataflowRun> _input = new(cloningFunction: null);

    public DataflowFanOut()
    {
        var parallel = new ExecutionDataflowBlockOptions
        {
            MaxDegreeOfParallelism = DataflowBlockOptions.Unbounded,
            EnsureOrdered = false,
        };
        var link = new DataflowLinkOptions { PropagateCompletion = true };
        var gather = new TransformManyBlock<DataflowRun, DataflowRun>(
            run => Interlocked.Decrement(ref run.Pending) == 0 ? new[] { run } : s_none,
            parallel);
        for (int layer = 0; layer < 5; layer++)
        {
            int index = layer;
            var block = new TransformBlock<DataflowRun, DataflowRun>(
                async run =>
                {
                    run.Layers[index] = await Guard.RunAsync(
                        DataflowRun.Names[index],
                        static (r, ct) => r.Index switch
                        {
                            0 => r.Run.Graph.A(r.Run.Input, ct),
                            1 => r.Run.Graph.B(r.Run.Input, ct),
                            2 => r.Run.Graph.C(r.Run.Input, ct),
                            3 => r.Run.Graph.D(r.Run.Input, ct),
                            _ => r.Run.Graph.E(r.Run.Input, ct),
                        },
                        (Run: run, Index: index),
                        s_timeout,
                        run.Started,
                        run.CancellationToken).ConfigureAwait(false);
                    return run;
                },
                parallel);
            _input.LinkTo(block, link);
            block.LinkTo(gather, link);
        }

        var merge = new ActionBlock<DataflowRun>(
            async run =>
            {
                LayerResult<int>[] layers = run.Layers;
                bool ready = layers[0].Succeeded && layers[1].Succeeded && layers[2].Succeeded && layers[3].Succeeded && layers[4].Succeeded;
                LayerResult<int> merged = ready
                    ? await Guard.RunAsync(
                        "Merge",
                        static (r, ct) => r.Graph.Merge(r.Layers[0].Value, r.Layers[1].Value, r.Layers[2].Value, r.Layers[3].Value, r.Layers[4].Value, ct),
                        run,
                        s_timeout,
                        run.Started,
                        run.CancellationToken).ConfigureAwait(false)
                    : Guard.Skipped<int>("Merge", run.Started);
                if (run.CancellationToken.IsCancellationRequested)
                {
                    run.Completion.TrySetCanceled(run.CancellationToken);
                }
                else
                {
                    run.Completion.TrySetResult(merged);
                }
            },
            parallel);
        gather.LinkTo(merge, link);
    }

    public Task<LayerResult<int>> RunAsync(FanOutGraph graph, int input, CancellationToken cancellationToken = default)
    {
        var run = new DataflowRun(graph, input, cancellationToken);
        _input.Post(run);
        return run.Completion.Task;
    }
}

/// <summary>One run flowing through the Dataflow network.</summary>
public sealed class DataflowRun(FanOutGraph graph, int input, CancellationToken cancellationToken)
{
    public static readonly string[] Names = { "A", "B", "C", "D", "E" };

    public int Pending = 5;

    public FanOutGraph Graph { get; } = graph;
    public int Input { get; } = input;
    public CancellationToken CancellationToken { get; } = cancellationToken;
    public long Started { get; } = Stopwatch.GetTimestamp();
    public LayerResult<int>[] Layers { get; } = new LayerResult<int>[5];
    public TaskCompletionSource<LayerResult<int>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
