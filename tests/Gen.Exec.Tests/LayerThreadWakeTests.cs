using System;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Gen.Exec.Tests
{
    /// <summary>Counts take-overs, which are process-wide: no other test may run meanwhile.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class LayerThreadWakeCollection
    {
        public const string Name = "Layer thread wake-ups";
    }

    /// <summary>
    /// Which synchronous layers wait for a busy layer thread and which get one at once: only layers the latency
    /// history shows to be quick share a thread; a layer that may block (no history yet, or typically slow) is
    /// never left waiting for a take-over.
    /// </summary>
    [Collection(LayerThreadWakeCollection.Name)]
    public sealed class LayerThreadWakeTests
    {
        private static readonly TimeSpan s_watchdog = TimeSpan.FromSeconds(60);

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Layers_that_may_block_start_side_by_side_without_waiting_for_a_take_over(bool slowHistory)
        {
            // The caller makes the four ready: each is queued with a thread woken for it, so none waits.
            var graph = new FourRootsMeet();
            var executor = new FourRootsMeet.Executor(graph);
            if (slowHistory)
            {
                LayerThreadQueueTests.Seed(executor.Stats, TimeSpan.FromMilliseconds(5));
            }

            long before = LayerThreads.TakeOvers;
            FourRootsMeet.Results results = await executor.RunAsync().WaitAsync(s_watchdog);

            Assert.All(new[] { results.A, results.B, results.C, results.D }, layer => Assert.True(layer.Succeeded && layer.Value, layer.ToString()));
            Assert.Equal(before, LayerThreads.TakeOvers);
        }

        [Fact]
        public async Task Quick_layers_that_block_this_time_meet_only_through_a_take_over()
        {
            // A rendezvous of four made ready by Root's completion, with a history saying each returns within a
            // microsecond: Root's thread keeps the four for itself, and the others can only join through a take-over.
            var graph = new FourAfterRootMeet();
            var executor = new FourAfterRootMeet.Executor(graph);
            LayerThreadQueueTests.SeedQuick(executor.Stats);

            long before = LayerThreads.TakeOvers;
            FourAfterRootMeet.Results results = await executor.RunAsync().WaitAsync(s_watchdog);

            Assert.All(new[] { results.A, results.B, results.C, results.D }, layer => Assert.True(layer.Succeeded && layer.Value, layer.ToString()));
            Assert.True(LayerThreads.TakeOvers > before, "The four met without a take-over.");
        }
    }

    /// <summary>Four synchronous roots, each waiting until all four are running.</summary>
    [Timeout(30_000)]
    public sealed partial class FourRootsMeet
    {
        private readonly Barrier _meet = new(4);

        [Layer] public bool A() => Meet();

        [Layer] public bool B() => Meet();

        [Layer] public bool C() => Meet();

        [Layer] public bool D() => Meet();

        // Bounded only so that a failing test cannot hang the process.
        private bool Meet() => _meet.SignalAndWait(TimeSpan.FromSeconds(20));
    }

    /// <summary>
    /// A synchronous root whose completion makes four synchronous layers ready on its own layer thread (which then
    /// takes the first itself), each waiting until all four are running.
    /// </summary>
    [Timeout(30_000)]
    public sealed partial class FourAfterRootMeet
    {
        private readonly Barrier _meet = new(4);

        [Layer] public int Root() => 1;

        [Layer, DependsOn(nameof(Root))] public bool A(int root) => Meet();

        [Layer, DependsOn(nameof(Root))] public bool B(int root) => Meet();

        [Layer, DependsOn(nameof(Root))] public bool C(int root) => Meet();

        [Layer, DependsOn(nameof(Root))] public bool D(int root) => Meet();

        // Bounded only so that a failing test cannot hang the process.
        private bool Meet() => _meet.SignalAndWait(TimeSpan.FromSeconds(20));
    }
}
