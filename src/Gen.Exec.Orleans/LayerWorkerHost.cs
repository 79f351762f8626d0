using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace Gen.Exec.Orleans;

/// <summary>What the layer workers of one silo share: its container's scope factory and the silo-side telemetry.</summary>
/// <remarks>Registered by <see cref="GenExecSiloBuilderExtensions.AddGenExec"/>; a silo without it cannot activate workers.</remarks>
internal sealed class LayerWorkerHost(IServiceScopeFactory scopes)
{
    // The same source name as the executor's spans: whoever listens to "Gen.Exec" sees both sides of the hop.
    private static readonly ActivitySource s_source = new(ExecutorTelemetry.Name);

    /// <summary>Runs one attempt, on the thread pool, in a new scope of the silo's container, inside the silo's span.</summary>
    public async Task<object?> RunAsync(DistributedGraph graph, LayerWork work, CancellationToken cancellationToken)
    {
        using Activity? activity = StartActivity(work);
        try
        {
            AsyncServiceScope scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                return await graph.InvokeAsync(work.Layer, scope.ServiceProvider, work.Arguments, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (activity is not null)
        {
            Failed(activity, exception);
            throw;
        }
    }

    /// <summary>The silo's span of an attempt, a child of the caller's layer span; <see langword="null"/> when nothing listens.</summary>
    private static Activity? StartActivity(LayerWork work)
    {
        if (!s_source.HasListeners())
        {
            return null;
        }

        ActivityContext.TryParse(work.TraceParent, work.TraceState, out ActivityContext parent);
        int dot = work.Graph.LastIndexOf('.');
        string name = (dot < 0 ? work.Graph : work.Graph.Substring(dot + 1)) + "." + work.Layer;
        Activity? activity = s_source.StartActivity(name, ActivityKind.Server, parent);
        activity?.SetTag("gen_exec.graph", work.Graph);
        activity?.SetTag("gen_exec.layer", work.Layer);
        return activity;
    }

    private static void Failed(Activity activity, Exception exception)
    {
        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection
        {
            { "exception.type", exception.GetType().FullName },
            { "exception.message", exception.Message },
        }));
    }
}
