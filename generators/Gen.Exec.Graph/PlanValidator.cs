using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using static Gen.Exec.Graph.SymbolFacts;

namespace Gen.Exec.Graph;

/// <summary>
/// Step 6: the graph as a whole: cycles (GEX001), then, for an acyclic graph with valid time-outs, the plan and
/// the latency budget (GEX004), both counting each layer's retries and fallback (<see cref="PlanCosts"/>).
/// </summary>
internal static class PlanValidator
{
    /// <summary>
    /// The plan when the graph is acyclic, its time-outs valid and <paramref name="includeModel"/> is set;
    /// otherwise <see langword="null"/> (the analyzers need only the problems).
    /// </summary>
    public static PlanModel? Validate(GraphDraft draft, int[][] dependencies, bool includeModel)
    {
        List<int[]> cycles = GraphAlgorithms.FindCycles(dependencies);
        foreach (int[] cycle in cycles)
        {
            ReportCycle(draft, cycle);
        }

        int[] timeouts = draft.Layers.Select(l => l.Timeout).ToArray();
        if (cycles.Count > 0 || !timeouts.All(t => t > 0))
        {
            return null;
        }

        int[] priorities = draft.Layers.Select(l => l.Priority).ToArray();
        long[] costs = draft.Layers.Select(l => PlanCosts.WorstCase(l.Timeout, l.Retry, l.FallbackAttribute is not null)).ToArray();
        PlanModel? plan = includeModel ? GraphAlgorithms.ComputePlan(draft.Names, timeouts, costs, priorities, dependencies) : null;
        if (draft.LatencyBudget is int budget && budget > 0)
        {
            (int[] criticalPath, long worstCase) = plan is null
                ? GraphAlgorithms.CriticalPath(costs, dependencies)
                : (plan.CriticalPath.ToArray(), plan.WorstCaseLatencyMilliseconds);
            if (worstCase > budget)
            {
                draft.Report(
                    GraphProblemKind.LatencyBudgetExceeded,
                    AttributeLocation(draft.BudgetAttribute!, draft.Type, draft.CancellationToken),
                    draft.Type.Name,
                    worstCase.ToString(CultureInfo.InvariantCulture),
                    budget.ToString(CultureInfo.InvariantCulture),
                    string.Join(" -> ", criticalPath.Select(i => PlanCosts.Describe(draft.Names[i], timeouts[i], draft.Layers[i].Retry, draft.Layers[i].FallbackAttribute is not null))));
            }
        }

        return plan;
    }

    /// <summary>GEX001, reported once per cycle at the [DependsOn] argument that closes it, with the other edges as additional locations.</summary>
    private static void ReportCycle(GraphDraft draft, int[] cycle)
    {
        var edgeLocations = new List<Location>(cycle.Length);
        for (int i = 0; i < cycle.Length; i++)
        {
            LayerDraft from = draft.Layers[cycle[i]];
            int to = cycle[(i + 1) % cycle.Length];
            edgeLocations.Add(from.DependencyLocations[from.Dependencies.IndexOf(to)]);
        }

        string text = string.Join(" -> ", cycle.Select(i => draft.Names[i])) + " -> " + draft.Names[cycle[0]];
        draft.Problems.Add(new GraphProblem(GraphProblemKind.Cycle, edgeLocations[edgeLocations.Count - 1], text)
        {
            AdditionalLocations = edgeLocations.Take(edgeLocations.Count - 1).ToArray(),
        });
    }
}
