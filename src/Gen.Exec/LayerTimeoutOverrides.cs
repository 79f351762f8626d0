using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;

namespace Gen.Exec;

/// <summary>
/// <see cref="ExecutorOptions.LayerTimeouts"/> resolved against one plan: each layer's time-out, the configured one where
/// set. Checked once per change of the overrides, not per run: a run compares the few configured entries with the
/// snapshot it was resolved from and reuses the array, allocating nothing.
/// </summary>
internal sealed class LayerTimeoutOverrides
{
    private readonly ExecutionPlan _plan;
    private readonly KeyValuePair<string, TimeSpan>[] _entries;

    private LayerTimeoutOverrides(ExecutionPlan plan, KeyValuePair<string, TimeSpan>[] entries, TimeSpan[] timeouts)
    {
        _plan = plan;
        _entries = entries;
        Timeouts = timeouts;
    }

    /// <summary>Per layer, in declaration order, the time-out its attempts get.</summary>
    public TimeSpan[] Timeouts { get; }

    /// <summary>The time-outs of <paramref name="plan"/>'s layers under <paramref name="overrides"/>, from <paramref name="cache"/> when they have not changed.</summary>
    /// <exception cref="ArgumentException">An override names no layer of the plan, is not positive, or is longer than the layer's declared time-out.</exception>
    public static TimeSpan[] Resolve(ref LayerTimeoutOverrides? cache, Dictionary<string, TimeSpan> overrides, ExecutionPlan plan)
    {
        LayerTimeoutOverrides? cached = Volatile.Read(ref cache);
        if (cached is not null && cached.Matches(overrides, plan))
        {
            return cached.Timeouts;
        }

        TimeSpan[] timeouts = (TimeSpan[])plan.Timeouts.Clone();
        var entries = new KeyValuePair<string, TimeSpan>[overrides.Count];
        int next = 0;
        foreach (KeyValuePair<string, TimeSpan> entry in overrides)
        {
            int layer = plan.IndexOfLayer(entry.Key);
            if (layer < 0)
            {
                throw new ArgumentException($"ExecutorOptions.LayerTimeouts names '{entry.Key}', which is not a layer of graph '{plan.GraphName}'.", "options");
            }

            if (Problem(entry.Key, entry.Value, plan.Timeouts[layer], plan.GraphName) is { } problem)
            {
                throw new ArgumentException(problem, "options");
            }

            timeouts[layer] = entry.Value;
            entries[next++] = entry;
        }

        Volatile.Write(ref cache, new LayerTimeoutOverrides(plan, entries, timeouts));
        return timeouts;
    }

    /// <summary>Why <paramref name="configured"/> cannot be layer <paramref name="layer"/>'s time-out; <see langword="null"/> when it can.</summary>
    private static string? Problem(string layer, TimeSpan configured, TimeSpan declared, string graph)
    {
        if (configured <= TimeSpan.Zero)
        {
            return string.Format(CultureInfo.InvariantCulture, "ExecutorOptions.LayerTimeouts sets layer '{0}' of graph '{1}' to {2:0.###} ms; a time-out must be positive.", layer, graph, configured.TotalMilliseconds);
        }

        if (configured > declared)
        {
            return string.Format(
                CultureInfo.InvariantCulture,
                "ExecutorOptions.LayerTimeouts sets layer '{0}' of graph '{1}' to {2:0.###} ms, longer than its declared [Timeout] of {3:0.###} ms. A configured time-out may only tighten the declared one, so that the plan's worst-case latency stays true.",
                layer,
                graph,
                configured.TotalMilliseconds,
                declared.TotalMilliseconds);
        }

        return null;
    }

    private bool Matches(Dictionary<string, TimeSpan> overrides, ExecutionPlan plan)
    {
        if (!ReferenceEquals(plan, _plan) || overrides.Count != _entries.Length)
        {
            return false;
        }

        foreach (KeyValuePair<string, TimeSpan> entry in _entries)
        {
            if (!overrides.TryGetValue(entry.Key, out TimeSpan value) || value != entry.Value)
            {
                return false;
            }
        }

        return true;
    }
}
