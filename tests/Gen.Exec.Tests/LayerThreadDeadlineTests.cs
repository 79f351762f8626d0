using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Tests
{
    /// <summary>
    /// On the system clock a synchronous layer's deadline is watched by its layer thread's own timer, re-armed for
    /// each layer. These tests pin what that must keep: a layer blocked past its time-out still times out while the
    /// layers after it on the same thread are not cut short by a firing left over from an earlier layer.
    /// </summary>
    public sealed class LayerThreadDeadlineTests
    {
        private static readonly TimeSpan s_watchdog = TimeSpan.FromSeconds(60);

        [Fact]
        public async Task A_chain_of_synchronous_layers_each_just_inside_its_time_out_never_times_out()
        {
            var executor = new SyncChain.Executor(new SyncChain());

            // Thirty runs of six layers: each layer re-arms the thread's timer that the previous one disarmed.
            for (int run = 0; run < 30; run++)
            {
                SyncChain.Results results = await executor.RunAsync(run).WaitAsync(s_watchdog);
                Assert.All(results.Layers, layer => Assert.True(layer.Status == LayerStatus.Succeeded, layer.ToString()));
                Assert.Equal(run + 6, results.F.Value);
            }
        }

        [Fact]
        public async Task A_synchronous_layer_blocked_past_its_time_out_times_out_and_the_next_layer_on_its_thread_runs_in_full()
        {
            var graph = new BlocksThenRuns();
            var executor = new BlocksThenRuns.Executor(graph);
            var clock = Stopwatch.StartNew();

            BlocksThenRuns.Results results = await executor.RunAsync().WaitAsync(s_watchdog);

            Assert.Equal(LayerStatus.TimedOut, results.Blocks.Status);
            Assert.IsType<TimeoutException>(results.Blocks.Error);
            // The run stopped waiting at the deadline, not when the blocked method returned.
            Assert.True(results.Stats.Elapsed < TimeSpan.FromMilliseconds(BlocksThenRuns.BlockMilliseconds), results.Stats.Elapsed.ToString());
            Assert.Equal(LayerStatus.Succeeded, results.After.Status);

            // The blocked method returns later on its thread; layers run there afterwards get their full time-out.
            await graph.Returned.Task.WaitAsync(s_watchdog);
            var again = new SyncChain.Executor(new SyncChain());
            SyncChain.Results chain = await again.RunAsync(1).WaitAsync(s_watchdog);
            Assert.All(chain.Layers, layer => Assert.True(layer.Status == LayerStatus.Succeeded, layer.ToString()));
            Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(BlocksThenRuns.BlockMilliseconds));
        }
    }

    /// <summary>Six synchronous layers in a chain; each sleeps a little, well inside its time-out.</summary>
    [Timeout(2_000)]
    public sealed partial class SyncChain
    {
        [Layer] public int A(int start) => Step(start);

        [Layer, DependsOn(nameof(A))] public int B(int a) => Step(a);

        [Layer, DependsOn(nameof(B))] public int C(int b) => Step(b);

        [Layer, DependsOn(nameof(C))] public int D(int c) => Step(c);

        [Layer, DependsOn(nameof(D))] public int E(int d) => Step(d);

        [Layer, DependsOn(nameof(E))] public int F(int e) => Step(e);

        private static int Step(int value)
        {
            Thread.Sleep(2);
            return value + 1;
        }
    }

    /// <summary>A synchronous layer that ignores its token and blocks past its time-out, beside a quick one.</summary>
    [Timeout(100)]
    public sealed partial class BlocksThenRuns
    {
        public const int BlockMilliseconds = 1_500;

        public readonly TaskCompletionSource Returned = new(TaskCreationOptions.RunContinuationsAsynchronously);

        [Layer]
        public int Blocks()
        {
            Thread.Sleep(BlockMilliseconds);
            Returned.TrySetResult();
            return 1;
        }

        [Layer, Timeout(2_000)]
        public int After() => 2;
    }
}
