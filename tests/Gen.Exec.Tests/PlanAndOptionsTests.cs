using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Gen.Exec.Tests;

public sealed class PlanAndOptionsTests
{
    [Fact]
    public void The_plan_is_computed_at_compile_time()
    {
        ExecutionPlan plan = Faulty.Executor.Plan;

        Assert.Equal(
            new[] { "Ok", "ThrowsAsync", "ThrowsSynchronously", "IgnoresToken", "NeedsThrower", "NeedsTimedOut", "Tolerant" },
            plan.Layers);
        Assert.Equal(2, plan.Batches.Count);
        Assert.Equal(new[] { "Ok", "ThrowsAsync", "ThrowsSynchronously", "IgnoresToken" }, plan.Batches[0]);
        Assert.Equal(new[] { "NeedsThrower", "NeedsTimedOut", "Tolerant" }, plan.Batches[1]);
        Assert.Equal(4, plan.MaxParallelism);
        Assert.Equal(new[] { "Ok", "ThrowsSynchronously" }, plan.DependenciesOf("Tolerant"));
        Assert.Empty(plan.DependenciesOf("Ok"));
        Assert.Equal(TimeSpan.FromMilliseconds(100), plan.TimeoutOf("IgnoresToken"));
        Assert.Equal(TimeSpan.FromMilliseconds(1_000), plan.TimeoutOf("Ok"));

        // Three paths of 2 x 1,000 ms tie; ties go to the earliest-declared layers.
        Assert.Equal(new[] { "ThrowsAsync", "NeedsThrower" }, plan.CriticalPath);
        Assert.Equal(TimeSpan.FromMilliseconds(2_000), plan.WorstCaseLatency);
    }

    [Fact]
    public void The_critical_path_follows_the_largest_sum_of_time_outs()
    {
        ExecutionPlan plan = Prioritized.Executor.Plan;

        Assert.Equal(new[] { "Head", "Tail" }, plan.CriticalPath);
        Assert.Equal(TimeSpan.FromMilliseconds(600), plan.WorstCaseLatency);
        Assert.Equal(new[] { "Plain", "Head", "Urgent", "Tail" }, plan.Layers);
    }

    [Fact]
    public void The_plan_renders_as_a_Mermaid_flowchart_with_the_critical_path_highlighted()
    {
        string mermaid = Uneven.Executor.Plan.ToMermaid();

        Assert.StartsWith("flowchart LR\n", mermaid);
        // Nodes are n0, n1, ... in declaration order (Fast, Slow, AfterFast, Join), labelled with the layer's name.
        Assert.Contains("    n0 --> n2\n", mermaid);
        Assert.Contains("    n1 --> n3\n", mermaid);
        Assert.Contains("    n2 --> n3\n", mermaid);
        Assert.Contains("n3[\"Join<br/>10000 ms\"]", mermaid);
        Assert.Contains("class n0,n2,n3 critical", mermaid);
    }

    [Fact]
    public void Asking_the_plan_about_an_unknown_layer_throws()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => Uneven.Executor.Plan.DependenciesOf("Nope"));
        Assert.Contains("Nope", error.Message);
        Assert.Throws<ArgumentNullException>(() => Uneven.Executor.Plan.DependenciesOf(null!));
    }

    [Fact]
    public void Options_have_the_documented_defaults_and_reject_invalid_values()
    {
        var options = new ExecutorOptions();
        Assert.Equal(ExecutorOptions.Unbounded, options.MaxConcurrency);
        Assert.True(options.Parallel);
        Assert.False(options.FailFast);
        Assert.Same(TimeProvider.System, options.TimeProvider);

        Assert.Equal("MaxConcurrency", Assert.Throws<ArgumentOutOfRangeException>(() => options.MaxConcurrency = 0).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExecutorOptions { MaxConcurrency = -3 });
        Assert.Throws<ArgumentNullException>(() => options.TimeProvider = null!);
        options.MaxConcurrency = 1;
        Assert.Equal(1, options.MaxConcurrency);
    }

    [Fact]
    public void Executors_reject_a_null_graph_and_default_their_options()
    {
        Assert.Equal("graph", Assert.Throws<ArgumentNullException>(() => new Uneven.Executor(null!)).ParamName);
        Assert.NotNull(new Uneven.Executor(new Uneven(new Script())).Options);
        var options = new ExecutorOptions();
        Assert.Same(options, new Uneven.Executor(new Uneven(new Script()), options).Options);
    }

    [Fact]
    public void Layer_results_can_be_built_to_test_layer_methods_in_isolation()
    {
        LayerResult<int> success = LayerResult<int>.Success("A", 42, TimeSpan.FromMilliseconds(3));
        LayerResult<int> failure = LayerResult<int>.Failure("B", new InvalidOperationException("no"));

        Assert.True(success.Succeeded);
        Assert.Equal(42, success.Value);
        Assert.Equal(42, failure.GetValueOrDefault(42));
        Assert.False(failure.TryGetValue(out _));
        Assert.Equal(LayerStatus.Failed, ((LayerResult)failure).Status);
        Assert.Contains("no", Assert.Throws<InvalidOperationException>(() => failure.Value).Message);
        Assert.Equal(LayerStatus.NotRun, default(LayerResult<int>).Status);
        Assert.Equal(string.Empty, default(LayerResult).Name);
    }

    [Fact]
    public async Task A_run_started_on_a_single_threaded_context_that_the_caller_blocks_does_not_deadlock()
    {
        // The classic sync-over-async deadlock: a context whose only thread is blocked waiting for the run.
        var script = new Script();
        script.On("Slow", async _ => await Task.Delay(10));
        Uneven.Results? results = null;
        var thread = new Thread(() =>
        {
            SynchronizationContext.SetSynchronizationContext(new BlockedContext());
            results = new Uneven.Executor(new Uneven(script)).RunAsync().GetAwaiter().GetResult();
        });
        thread.Start();

        Assert.True(await Task.Run(() => thread.Join(TimeSpan.FromSeconds(30))), "the run deadlocked");
        Assert.Equal("Succeeded:2:11", results!.Join.Value);
    }

    /// <summary>A context that never runs what is posted to it, like a UI thread blocked on .Result.</summary>
    private sealed class BlockedContext : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state)
        {
        }
    }
}

public sealed class GeneratedShapeTests
{
    [Fact]
    public async Task Layers_may_exchange_types_private_to_the_graph()
    {
        Assert.Equal(42, await PrivateTypes.RunOnceAsync());
        Assert.True(typeof(PrivateTypes).GetNestedType("Executor", System.Reflection.BindingFlags.NonPublic)!.IsNestedPrivate);
    }

    [Fact]
    public async Task A_blocking_synchronous_layer_does_not_keep_the_layers_beside_it_from_starting()
    {
        var script = new Script();
        using var release = new ManualResetEventSlim();
        Task<SyncBeside.Results> run = new SyncBeside.Executor(new SyncBeside(script, release)).RunAsync();

        // Blocker starts first (priority) and blocks its thread until released; Other must start anyway.
        await script.Started("Other").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(run.IsCompleted);
        release.Set();
        SyncBeside.Results results = await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((1, 2), (results.Blocker.Value, results.Other.Value));
    }
}

public sealed class DeadlineTests
{
    [Fact]
    public async Task A_layer_that_returns_after_its_deadline_is_timed_out_even_if_no_timer_could_interrupt_it()
    {
        // The layer spends 60 ms of virtual time before it returns a completed task; its time-out is 50 ms.
        var time = new FakeTimeProvider();
        BlocksBeforeReturning.Results results = await new BlocksBeforeReturning.Executor(
                new BlocksBeforeReturning(time), new ExecutorOptions { TimeProvider = time })
            .RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(LayerStatus.TimedOut, results.Late.Status);
        Assert.IsType<TimeoutException>(results.Late.Error);
        Assert.Equal(TimeSpan.FromMilliseconds(60), results.Late.Elapsed);
        Assert.Equal(-1, results.After.Value);
    }
}
