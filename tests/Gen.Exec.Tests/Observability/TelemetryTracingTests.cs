using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;

namespace Gen.Exec.Tests.Observability;

[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTracingTests
{
    [Fact]
    public void The_run_activity_is_an_internal_child_of_the_callers_activity_named_after_the_graph()
    {
        using var recorder = new ActivityRecorder();
        using (Activity caller = ActivityRecorder.Caller.StartActivity("request")!)
        {
            ScriptedRun.Run(new ExecutorOptions(), ScriptedRun.MixedResults(), RunOutcome.Degraded, TimeSpan.FromMilliseconds(250));

            // Reporting never changes the caller's current activity.
            Assert.Same(caller, Activity.Current);
        }

        Activity request = recorder.Single("request");
        Activity run = recorder.Single("Demo");
        Assert.Equal(ExecutorTelemetry.Name, run.Source.Name);
        Assert.Equal(ActivityKind.Internal, run.Kind);
        Assert.Equal(request.SpanId, run.ParentSpanId);
        Assert.Equal(request.TraceId, run.TraceId);
        Assert.Equal(ScriptedRun.Graph, run.GetTagItem("gen_exec.graph"));
        Assert.Equal("degraded", run.GetTagItem("gen_exec.run.outcome"));
        Assert.Equal(ActivityStatusCode.Unset, run.Status);
        Assert.Equal(TimeSpan.FromMilliseconds(250), run.Duration);
    }

    [Fact]
    public void Each_started_layer_gets_a_child_activity_with_its_tags_and_its_elapsed_as_duration()
    {
        using var recorder = new ActivityRecorder();

        ScriptedRun.Run(new ExecutorOptions(), ScriptedRun.MixedResults(), RunOutcome.Degraded, TimeSpan.FromMilliseconds(250));

        Activity run = recorder.Single("Demo");
        Assert.Null(run.ParentId);
        Activity[] layers = recorder.Stopped.Where(a => a.DisplayName.StartsWith("Demo.", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["Demo.Aborted", "Demo.Fetch", "Demo.Parse", "Demo.Recovered", "Demo.Slow"], layers.Select(a => a.DisplayName).Order());
        Assert.All(layers, layer =>
        {
            Assert.Equal(run.SpanId, layer.ParentSpanId);
            Assert.Equal(run.TraceId, layer.TraceId);
            Assert.Equal(ActivityKind.Internal, layer.Kind);
            Assert.Equal(ScriptedRun.Graph, layer.GetTagItem("gen_exec.graph"));
            Assert.Equal(layer.DisplayName["Demo.".Length..], layer.GetTagItem("gen_exec.layer"));
        });
        Assert.Equal("succeeded", recorder.Single("Demo.Fetch").GetTagItem("gen_exec.layer.status"));
        Assert.Equal("canceled", recorder.Single("Demo.Aborted").GetTagItem("gen_exec.layer.status"));
        Assert.Equal("fell_back", recorder.Single("Demo.Recovered").GetTagItem("gen_exec.layer.status"));
        Assert.Equal(TimeSpan.FromMilliseconds(120), recorder.Single("Demo.Fetch").Duration);
        Assert.Equal(TimeSpan.FromMilliseconds(200), recorder.Single("Demo.Slow").Duration);
    }

    [Fact]
    public void A_failed_layer_has_status_Error_error_type_and_an_exception_event_by_the_semantic_conventions()
    {
        using var recorder = new ActivityRecorder();
        LayerResult[] results = ScriptedRun.MixedResults();

        ScriptedRun.Run(new ExecutorOptions(), results, RunOutcome.Degraded, TimeSpan.FromMilliseconds(250));

        Activity parse = recorder.Single("Demo.Parse");
        Assert.Equal(ActivityStatusCode.Error, parse.Status);
        Assert.Equal("parse failed", parse.StatusDescription);
        Assert.Equal("failed", parse.GetTagItem("gen_exec.layer.status"));
        Assert.Equal("System.InvalidOperationException", parse.GetTagItem("error.type"));
        ActivityEvent exception = Assert.Single(parse.Events);
        Assert.Equal("exception", exception.Name);
        Assert.Equal("System.InvalidOperationException", exception.Tags.Single(t => t.Key == "exception.type").Value);
        Assert.Equal("parse failed", exception.Tags.Single(t => t.Key == "exception.message").Value);
        Assert.Equal(results[1].Error!.ToString(), exception.Tags.Single(t => t.Key == "exception.stacktrace").Value);
    }

    [Fact]
    public void A_timed_out_layer_has_status_Error_error_type_timeout_and_a_TimeoutException_event()
    {
        using var recorder = new ActivityRecorder();

        ScriptedRun.Run(new ExecutorOptions(), ScriptedRun.MixedResults(), RunOutcome.Degraded, TimeSpan.FromMilliseconds(250));

        Activity slow = recorder.Single("Demo.Slow");
        Assert.Equal(ActivityStatusCode.Error, slow.Status);
        Assert.Equal("timed_out", slow.GetTagItem("gen_exec.layer.status"));
        Assert.Equal("timeout", slow.GetTagItem("error.type"));
        ActivityEvent exception = Assert.Single(slow.Events);
        Assert.Equal("exception", exception.Name);
        Assert.Equal("System.TimeoutException", exception.Tags.Single(t => t.Key == "exception.type").Value);
    }

    [Fact]
    public void Canceled_layers_are_not_errors_and_a_layer_that_fell_back_keeps_its_exception_event_without_error_status()
    {
        using var recorder = new ActivityRecorder();

        ScriptedRun.Run(new ExecutorOptions(), ScriptedRun.MixedResults(), RunOutcome.Degraded, TimeSpan.FromMilliseconds(250));

        Activity aborted = recorder.Single("Demo.Aborted");
        Assert.Equal(ActivityStatusCode.Unset, aborted.Status);
        Assert.Empty(aborted.Events);
        Assert.Null(aborted.GetTagItem("error.type"));
        Activity recovered = recorder.Single("Demo.Recovered");
        Assert.Equal(ActivityStatusCode.Unset, recovered.Status);
        Assert.Null(recovered.GetTagItem("error.type"));
        Assert.Equal("primary failed", Assert.Single(recovered.Events).Tags.Single(t => t.Key == "exception.message").Value);
    }

    [Fact]
    public void An_aborted_run_has_status_Error()
    {
        using var recorder = new ActivityRecorder();

        ScriptedRun.Run(new ExecutorOptions(), ScriptedRun.MixedResults(), RunOutcome.Aborted, TimeSpan.FromMilliseconds(250));

        Activity run = recorder.Single("Demo");
        Assert.Equal(ActivityStatusCode.Error, run.Status);
        Assert.Equal("aborted", run.GetTagItem("gen_exec.run.outcome"));
    }

    [Fact]
    public async Task Inside_EnterLayer_the_layers_activity_is_current_also_after_an_await_and_the_engines_is_restored()
    {
        using var recorder = new ActivityRecorder();
        var telemetry = default(RunTelemetry);
        telemetry.RunStarted(ScriptedRun.Telemetry, new ExecutorOptions());
        telemetry.LayerStarted(0);
        Assert.Null(Activity.Current);

        Task<Activity?> method;
        Activity? during;
        using (telemetry.EnterLayer(0))
        {
            during = Activity.Current;
            method = CurrentAfterAwait();
        }

        Assert.Null(Activity.Current);
        Activity? after = await method;
        telemetry.LayerCompleted(0, new LayerResult("Fetch", LayerStatus.Succeeded, null, TimeSpan.FromMilliseconds(5)));
        telemetry.RunCompleted(RunOutcome.Degraded, default(RunStatsBuilder).Build(TimeSpan.FromMilliseconds(5)), returned: true);

        Assert.Equal("Demo.Fetch", during?.DisplayName);
        Assert.Same(during, after);
        Assert.Same(recorder.Single("Demo.Fetch"), during);

        static async Task<Activity?> CurrentAfterAwait()
        {
            await Task.Yield();
            return Activity.Current;
        }
    }

    [Fact]
    public void Every_activity_of_the_run_is_stopped_when_the_run_completes_even_a_layer_never_reported_complete()
    {
        using var recorder = new ActivityRecorder();
        var telemetry = default(RunTelemetry);
        telemetry.RunStarted(ScriptedRun.Telemetry, new ExecutorOptions());
        telemetry.LayerStarted(0);
        telemetry.LayerStarted(1);
        telemetry.LayerCompleted(0, new LayerResult("Fetch", LayerStatus.Succeeded, null, TimeSpan.FromMilliseconds(5)));

        telemetry.RunCompleted(RunOutcome.Canceled, default(RunStatsBuilder).Build(TimeSpan.FromMilliseconds(9)), returned: false);

        Assert.Equal(3, recorder.Started);
        Assert.Equal(["Demo", "Demo.Fetch", "Demo.Parse"], recorder.Stopped.Select(a => a.DisplayName).Order());
        Assert.Equal("canceled", recorder.Single("Demo").GetTagItem("gen_exec.run.outcome"));
        Assert.Null(Activity.Current);
    }

    [Fact]
    public void With_propagation_only_sampling_activities_exist_but_carry_no_tags_or_events()
    {
        using var recorder = new ActivityRecorder(ActivitySamplingResult.PropagationData);

        ScriptedRun.Run(new ExecutorOptions(), ScriptedRun.MixedResults(), RunOutcome.Degraded, TimeSpan.FromMilliseconds(250));

        Activity parse = recorder.Single("Demo.Parse");
        Assert.False(parse.IsAllDataRequested);
        Assert.Empty(parse.Events);
        Assert.Null(parse.GetTagItem("gen_exec.layer.status"));
    }

    [Fact]
    public void A_listener_that_samples_nothing_gets_no_activities_and_the_run_still_reports_cleanly()
    {
        using var recorder = new ActivityRecorder(ActivitySamplingResult.None);

        ScriptedRun.Run(new ExecutorOptions(), ScriptedRun.MixedResults(), RunOutcome.Degraded, TimeSpan.FromMilliseconds(250));

        Assert.Equal(0, recorder.Started);
        Assert.Null(Activity.Current);
    }
}
