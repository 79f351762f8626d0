using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Gen.Exec.Tests
{
    /// <summary>
    /// Ready synchronous layers wait in one queue: a layer thread runs a burst of quick ones in turn, and the layers
    /// its completion makes ready next. Most tests seed the executor's latency history so that every layer counts
    /// as quick (the queue's shared path); with <c>quick: false</c> the history is empty, as on a graph's first run,
    /// and each layer gets a thread at once. These tests pin the guarantees that must survive that: a layer blocked on a
    /// layer thread never holds back the layers queued behind it (another thread takes them over), whatever
    /// clock the run uses; no synchronous layer runs on the caller's thread or a thread-pool thread; and nothing
    /// that waits on a layer thread can wait for layers queued for that same thread.
    /// </summary>
    public sealed class LayerThreadQueueTests
    {
        private static readonly TimeSpan s_watchdog = TimeSpan.FromSeconds(60);

        /// <summary>Makes the history show every layer of <paramref name="stats"/>' graph returning within a microsecond.</summary>
        internal static void SeedQuick(ExecutorStats stats) => Seed(stats, TimeSpan.FromTicks(10));

        /// <summary>Makes the history show every layer of <paramref name="stats"/>' graph typically taking <paramref name="typical"/>.</summary>
        internal static void Seed(ExecutorStats stats, TimeSpan typical)
        {
            LatencyHistory history = stats.Latency;
            for (int layer = 0; layer < history.Layers.Count; layer++)
            {
                for (int sample = 0; sample < 4; sample++)
                {
                    history.Record(layer, LayerStatus.Succeeded, typical);
                }
            }
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_layer_blocked_in_a_chain_times_out_while_the_layers_queued_behind_it_run_on_other_layer_threads(bool quick)
        {
            var graph = new BlockedInChain();
            var executor = new BlockedInChain.Executor(graph);
            if (quick)
            {
                SeedQuick(executor.Stats);
            }

            int caller = Environment.CurrentManagedThreadId;
            try
            {
                // Root's completion queues Blocker, then S1 to S3, for Root's own thread.
                BlockedInChain.Results results = await executor.RunAsync().WaitAsync(s_watchdog);

                Assert.Equal(LayerStatus.TimedOut, results.Blocker.Status);
                foreach (LayerResult<bool> sibling in new[] { results.S1, results.S2, results.S3 })
                {
                    // Each waited for Blocker to be running: they ran beside it, not after it.
                    Assert.True(sibling.Succeeded && sibling.Value, sibling.ToString());
                    Assert.True(
                        sibling.StartOffset + sibling.Elapsed < results.Blocker.StartOffset + TimeSpan.FromMilliseconds(BlockedInChain.BlockerTimeoutMilliseconds),
                        $"{sibling} finished only after Blocker's time-out ({results.Blocker}).");
                }

                Assert.Equal(LayerStatus.Succeeded, results.After.Status);
                Assert.Equal(5, graph.Threads.Count);
                Assert.All(graph.Threads, entry => Assert.False(entry.Value.Pool, $"{entry.Key} ran on a thread-pool thread."));
                Assert.All(graph.Threads, entry => Assert.NotEqual(caller, entry.Value.Id));
            }
            finally
            {
                graph.Release.Set();
            }
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task An_asynchronous_layer_that_blocks_on_a_layer_thread_does_not_hold_back_the_synchronous_layer_queued_before_it(bool quick)
        {
            var executor = new AsyncBlocksAfterQueue.Executor(new AsyncBlocksAfterQueue());
            if (quick)
            {
                SeedQuick(executor.Stats);
            }

            AsyncBlocksAfterQueue.Results results = await executor.RunAsync().WaitAsync(s_watchdog);

            // Waiter is started on Root's layer thread after Sibling was queued there, and blocks until Sibling ran.
            Assert.True(results.Waiter.Succeeded && results.Waiter.Value, results.Waiter.ToString());
            Assert.Equal(LayerStatus.Succeeded, results.Sibling.Status);
        }

        [Fact]
        public async Task A_condition_that_blocks_on_a_layer_thread_does_not_hold_back_the_synchronous_layer_queued_before_it()
        {
            var executor = new ConditionBlocksAfterQueue.Executor(new ConditionBlocksAfterQueue());
            SeedQuick(executor.Stats);

            ConditionBlocksAfterQueue.Results results = await executor.RunAsync().WaitAsync(s_watchdog);

            // Gated's [When] runs on Root's layer thread after Sibling was queued there, and admits Gated only once Sibling ran.
            Assert.Equal(LayerStatus.Succeeded, results.Sibling.Status);
            Assert.Equal(LayerStatus.Succeeded, results.Gated.Status);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_synchronous_layer_that_waits_for_a_nested_run_of_synchronous_layers_does_not_deadlock(bool quick)
        {
            var graph = new RunsNested();
            var executor = new RunsNested.Executor(graph);
            if (quick)
            {
                SeedQuick(executor.Stats);
                SeedQuick(graph.Inner.Stats);
            }

            RunsNested.Results results = await executor.RunAsync().WaitAsync(s_watchdog);

            Assert.Equal(LayerStatus.Succeeded, results.Outer.Status);
            Assert.Equal(1 + 2 + 3, results.Outer.Value);
            Assert.Equal(7, results.Next.Value);
        }

        [Fact]
        public async Task Layers_queued_behind_a_blocked_one_are_taken_over_on_the_system_clock_even_when_the_run_uses_a_frozen_fake_clock()
        {
            // The take-over is the layer thread's own system timer: a run's TimeProvider (here never advanced) has no say.
            var graph = new WaitsForTheNext();
            var executor = new WaitsForTheNext.Executor(graph, new ExecutorOptions { TimeProvider = new FakeTimeProvider() });
            SeedQuick(executor.Stats);

            WaitsForTheNext.Results results = await executor.RunAsync().WaitAsync(s_watchdog);

            Assert.True(results.First.Succeeded && results.First.Value, results.First.ToString());
            Assert.Equal(LayerStatus.Succeeded, results.Second.Status);
        }

        [Fact]
        public async Task A_burst_of_layers_that_compute_without_blocking_is_shared_by_more_than_one_layer_thread()
        {
            // Root's completion queues forty layers of 300 us each for its own thread, none long enough for a
            // take-over: without sharing, that thread would run them all in turn.
            var graph = new Computes();
            var executor = new Computes.Executor(graph);
            SeedQuick(executor.Stats);

            Computes.Results results = await executor.RunAsync().WaitAsync(s_watchdog);

            Assert.All(results.Layers, layer => Assert.Equal(LayerStatus.Succeeded, layer.Status));
            Assert.True(graph.Threads.Count >= 2, $"All forty layers ran on {graph.Threads.Count} thread(s).");
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Many_runs_of_synchronous_layers_from_many_callers_all_complete_off_the_caller_and_the_pool(bool quick)
        {
            var graph = new WideSync();
            var executor = new WideSync.Executor(graph);
            if (quick)
            {
                SeedQuick(executor.Stats);
            }

            // Concurrent callers share the queue: every layer of every run still runs exactly once.
            WideSync.Results[] results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => executor.RunAsync(i)))).WaitAsync(s_watchdog);

            for (int i = 0; i < results.Length; i++)
            {
                Assert.Equal((5 * i) + 15 + 1, results[i].Merge.Value);
            }

            Assert.False(graph.RanOnPool, "A synchronous layer ran on a thread-pool thread.");
        }
    }

    /// <summary>A chain whose second step blocks (ignoring its token) beside three siblings queued behind it on the same thread.</summary>
    [Timeout(10_000)]
    public sealed partial class BlockedInChain
    {
        public const int BlockerTimeoutMilliseconds = 2_000;

        public readonly ManualResetEventSlim Entered = new(initialState: false);
        public readonly ManualResetEventSlim Release = new(initialState: false);
        public readonly ConcurrentDictionary<string, (int Id, bool Pool)> Threads = new();

        [Layer] public int Root() => Record(nameof(Root), 1);

        [Layer, DependsOn(nameof(Root)), Timeout(BlockerTimeoutMilliseconds)]
        public int Blocker(int root)
        {
            Entered.Set();

            // Bounded only so that a failing test cannot hang the process.
            Release.Wait(TimeSpan.FromSeconds(60));
            return root;
        }

        [Layer, DependsOn(nameof(Root))] public bool S1(int root) => Record(nameof(S1), Entered.Wait(TimeSpan.FromSeconds(10)));

        [Layer, DependsOn(nameof(Root))] public bool S2(int root) => Record(nameof(S2), Entered.Wait(TimeSpan.FromSeconds(10)));

        [Layer, DependsOn(nameof(Root))] public bool S3(int root) => Record(nameof(S3), Entered.Wait(TimeSpan.FromSeconds(10)));

        [Layer, DependsOn(nameof(S1), nameof(S2), nameof(S3))] public int After(bool s1, bool s2, bool s3) => Record(nameof(After), 2);

        private T Record<T>(string layer, T value)
        {
            Threads[layer] = (Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread);
            return value;
        }
    }

    /// <summary>Root's completion queues Sibling for its thread, then invokes Waiter there, which blocks before returning until Sibling ran.</summary>
    [Timeout(30_000)]
    public sealed partial class AsyncBlocksAfterQueue
    {
        private readonly ManualResetEventSlim _siblingRan = new(initialState: false);

        [Layer] public int Root() => 1;

        [Layer, DependsOn(nameof(Root))]
        public int Sibling(int root)
        {
            _siblingRan.Set();
            return root;
        }

        // Blocks before it returns its (completed) task, as sync-over-async code does.
        [Layer, DependsOn(nameof(Root))]
        public ValueTask<bool> Waiter(int root) => new(_siblingRan.Wait(TimeSpan.FromSeconds(10)));
    }

    /// <summary>Root's completion queues Sibling for its thread, then evaluates Gated's condition there, which blocks until Sibling ran.</summary>
    [Timeout(30_000)]
    public sealed partial class ConditionBlocksAfterQueue
    {
        private readonly ManualResetEventSlim _siblingRan = new(initialState: false);

        [Layer] public int Root() => 1;

        [Layer, DependsOn(nameof(Root))]
        public int Sibling(int root)
        {
            _siblingRan.Set();
            return root;
        }

        [Layer, DependsOn(nameof(Root)), When(nameof(SiblingRan))]
        public int Gated(int root) => root;

        private bool SiblingRan() => _siblingRan.Wait(TimeSpan.FromSeconds(10));
    }

    /// <summary>A synchronous layer that runs another graph of synchronous layers and blocks until it finishes.</summary>
    [Timeout(30_000)]
    public sealed partial class RunsNested
    {
        public NestedSums.Executor Inner { get; } = new(new NestedSums());

        [Layer] public int Outer() => Inner.RunAsync().GetAwaiter().GetResult().Sum.Value;

        [Layer, DependsOn(nameof(Outer))] public int Next(int outer) => outer + 1;
    }

    /// <summary>The graph <see cref="RunsNested"/> runs inside a layer.</summary>
    [Timeout(10_000)]
    public sealed partial class NestedSums
    {
        [Layer] public int A() => 1;

        [Layer] public int B() => 2;

        [Layer, DependsOn(nameof(A), nameof(B))] public int Sum(int a, int b) => a + b + 3;
    }

    /// <summary>Root's completion queues First and Second for its thread; First blocks until Second has run.</summary>
    [Timeout(30_000)]
    public sealed partial class WaitsForTheNext
    {
        private readonly ManualResetEventSlim _secondRan = new(initialState: false);

        [Layer] public int Root() => 1;

        [Layer, DependsOn(nameof(Root))] public bool First(int root) => _secondRan.Wait(TimeSpan.FromSeconds(10));

        [Layer, DependsOn(nameof(Root))]
        public int Second(int root)
        {
            _secondRan.Set();
            return 2;
        }
    }

    /// <summary>Forty synchronous layers after one root that each compute (spin) for 300 us, recording the threads they ran on.</summary>
    [Timeout(30_000)]
    public sealed partial class Computes
    {
        public readonly ConcurrentDictionary<int, bool> Threads = new();

        [Layer] public int Root() => 1;

        [Layer, DependsOn(nameof(Root))] public int C00(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C01(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C02(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C03(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C04(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C05(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C06(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C07(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C08(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C09(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C10(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C11(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C12(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C13(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C14(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C15(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C16(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C17(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C18(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C19(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C20(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C21(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C22(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C23(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C24(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C25(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C26(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C27(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C28(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C29(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C30(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C31(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C32(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C33(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C34(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C35(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C36(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C37(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C38(int root) => Compute();

        [Layer, DependsOn(nameof(Root))] public int C39(int root) => Compute();

        private int Compute()
        {
            Threads[Environment.CurrentManagedThreadId] = true;
            long end = System.Diagnostics.Stopwatch.GetTimestamp() + (System.Diagnostics.Stopwatch.Frequency * 300 / 1_000_000);
            int spins = 0;
            while (System.Diagnostics.Stopwatch.GetTimestamp() < end)
            {
                spins++;
            }

            return spins;
        }
    }

    /// <summary>Five synchronous roots and a merge, recording whether any ran on the pool.</summary>
    [Timeout(30_000)]
    public sealed partial class WideSync
    {
        public volatile bool RanOnPool;

        [Layer] public int A(int input) => Check(input + 1);

        [Layer] public int B(int input) => Check(input + 2);

        [Layer] public int C(int input) => Check(input + 3);

        [Layer] public int D(int input) => Check(input + 4);

        [Layer] public int E(int input) => Check(input + 5);

        [Layer, DependsOn(nameof(A), nameof(B), nameof(C), nameof(D), nameof(E))]
        public int Merge(int a, int b, int c, int d, int e) => Check(a + b + c + d + e + 1);

        private int Check(int value)
        {
            RanOnPool |= Thread.CurrentThread.IsThreadPoolThread;
            return value;
        }
    }
}
