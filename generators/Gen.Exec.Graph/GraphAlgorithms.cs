using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Gen.Exec.Graph;

/// <summary>
/// Graph algorithms over layer indexes (declaration order). <c>dependencies[i]</c> lists the layers that
/// layer <c>i</c> depends on. Shared by the generator (the plan) and the analyzers (cycles, latency budget).
/// </summary>
internal static class GraphAlgorithms
{
    /// <summary>
    /// Finds the dependency cycles, each reported once as the list of layers in "depends on" order,
    /// rotated to start at its lowest index. Every back edge of one depth-first search closes one cycle,
    /// so a cycle is found once however many layers lead into it. Self-dependencies are not reported here.
    /// </summary>
    public static List<int[]> FindCycles(int[][] dependencies)
    {
        int count = dependencies.Length;
        var cycles = new List<int[]>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var state = new byte[count]; // 0 = unvisited, 1 = on the stack, 2 = done
        var path = new List<int>();
        var nextEdge = new int[count];
        var stack = new Stack<int>();
        for (int root = 0; root < count; root++)
        {
            if (state[root] != 0)
            {
                continue;
            }

            stack.Push(root);
            state[root] = 1;
            path.Add(root);
            while (stack.Count > 0)
            {
                int node = stack.Peek();
                int[] edges = dependencies[node];
                if (nextEdge[node] < edges.Length)
                {
                    int target = edges[nextEdge[node]++];
                    if (target == node)
                    {
                        continue;
                    }

                    if (state[target] == 0)
                    {
                        state[target] = 1;
                        path.Add(target);
                        stack.Push(target);
                    }
                    else if (state[target] == 1)
                    {
                        int start = path.LastIndexOf(target);
                        int[] cycle = Canonical(path.GetRange(start, path.Count - start));
                        if (seen.Add(string.Join(",", cycle)))
                        {
                            cycles.Add(cycle);
                        }
                    }
                }
                else
                {
                    state[node] = 2;
                    stack.Pop();
                    path.RemoveAt(path.Count - 1);
                }
            }
        }

        return cycles;
    }

    /// <summary>Length of each layer's longest dependency chain (in links). Requires an acyclic graph.</summary>
    public static int[] Depths(int[][] dependencies)
    {
        int[] order = TopologicalOrderByDeclaration(dependencies);
        var depth = new int[dependencies.Length];
        foreach (int layer in order)
        {
            foreach (int dependency in dependencies[layer])
            {
                depth[layer] = Math.Max(depth[layer], depth[dependency] + 1);
            }
        }

        return depth;
    }

    /// <summary>Computes the plan of an acyclic graph; <paramref name="costs"/> are the layers' planned worst cases (see <see cref="PlanCosts"/>).</summary>
    public static PlanModel ComputePlan(string[] names, int[] timeouts, long[] costs, int[] priorities, int[][] dependencies)
    {
        int count = names.Length;
        int[] depth = Depths(dependencies);
        int maxDepth = -1;
        foreach (int d in depth)
        {
            maxDepth = Math.Max(maxDepth, d);
        }

        var batches = new List<int>[maxDepth + 1];
        for (int i = 0; i < batches.Length; i++)
        {
            batches[i] = new List<int>();
        }

        for (int layer = 0; layer < count; layer++)
        {
            batches[depth[layer]].Add(layer);
        }

        var topological = new List<int>(count);
        var batchArrays = new EquatableArray<int>[batches.Length];
        for (int i = 0; i < batches.Length; i++)
        {
            topological.AddRange(batches[i]);
            batchArrays[i] = batches[i].ToEquatableArray();
        }

        (int[] criticalPath, long worstCase) = CriticalPath(costs, dependencies, topological);
        int[] ranks = SchedulingRanks(costs, priorities, dependencies, topological);
        string mermaid = Mermaid(names, timeouts, costs, dependencies, criticalPath);
        int words = (count + 63) / 64;
        return new PlanModel(
            topological.ToEquatableArray(),
            new EquatableArray<EquatableArray<int>>(batchArrays),
            new EquatableArray<int>(criticalPath),
            worstCase,
            new EquatableArray<int>(ranks),
            mermaid)
        {
            LayerWorstCaseMilliseconds = new EquatableArray<long>(costs),
            SelectionWords = words,
            SelectionMasks = new EquatableArray<ulong>(ClosureMasks(dependencies, topological, words)),
        };
    }

    /// <summary>
    /// Each layer's transitive dependency closure, itself included, as <paramref name="words"/> 64-bit words per
    /// layer (bit j of word j / 64 is layer j), laid out layer after layer. Filled in topological order, so each layer
    /// ORs in its dependencies' finished masks.
    /// </summary>
    public static ulong[] ClosureMasks(int[][] dependencies, IReadOnlyList<int> topologicalOrder, int words)
    {
        var masks = new ulong[dependencies.Length * words];
        foreach (int layer in topologicalOrder)
        {
            int row = layer * words;
            masks[row + (layer >> 6)] |= 1UL << (layer & 63);
            foreach (int dependency in dependencies[layer])
            {
                int from = dependency * words;
                for (int w = 0; w < words; w++)
                {
                    masks[row + w] |= masks[from + w];
                }
            }
        }

        return masks;
    }

    /// <summary>The critical path of an acyclic graph and its sum of worst cases, without the rest of the plan.</summary>
    public static (int[] Path, long Milliseconds) CriticalPath(long[] costs, int[][] dependencies)
        => CriticalPath(costs, dependencies, TopologicalOrderByDeclaration(dependencies));

    /// <summary>
    /// The path with the largest sum of the layers' worst cases (time-outs, retries, fallbacks), first layer first,
    /// and that sum. Ties go to the earlier-declared layer.
    /// </summary>
    public static (int[] Path, long Milliseconds) CriticalPath(long[] costs, int[][] dependencies, IReadOnlyList<int> topologicalOrder)
    {
        int count = costs.Length;
        var finish = new long[count];
        var previous = new int[count];
        foreach (int layer in topologicalOrder)
        {
            previous[layer] = -1;
            long longest = 0;
            foreach (int dependency in dependencies[layer])
            {
                if (finish[dependency] > longest || (finish[dependency] == longest && previous[layer] >= 0 && dependency < previous[layer]))
                {
                    longest = finish[dependency];
                    previous[layer] = dependency;
                }
            }

            finish[layer] = PlanCosts.Add(longest, costs[layer]);
        }

        int end = -1;
        for (int layer = 0; layer < count; layer++)
        {
            if (end < 0 || finish[layer] > finish[end])
            {
                end = layer;
            }
        }

        if (end < 0)
        {
            return (Array.Empty<int>(), 0);
        }

        var path = new List<int>();
        for (int layer = end; layer >= 0; layer = previous[layer])
        {
            path.Add(layer);
        }

        path.Reverse();
        return (path.ToArray(), finish[end]);
    }

    /// <summary>
    /// Start ranks under a concurrency limit: higher <c>Priority</c> first, then longer remaining critical
    /// path (the largest sum of worst cases from the layer to the end of the graph), then declaration order.
    /// </summary>
    public static int[] SchedulingRanks(long[] costs, int[] priorities, int[][] dependencies, IReadOnlyList<int> topologicalOrder)
    {
        int count = costs.Length;
        var remaining = new long[count];
        for (int i = topologicalOrder.Count - 1; i >= 0; i--)
        {
            int layer = topologicalOrder[i];
            remaining[layer] = PlanCosts.Add(remaining[layer], costs[layer]);
            foreach (int dependency in dependencies[layer])
            {
                remaining[dependency] = Math.Max(remaining[dependency], remaining[layer]);
            }
        }

        return SchedulingOrder.Ranks(priorities, remaining);
    }

    /// <summary>
    /// The graph as a Mermaid flowchart: edges from dependency to dependent, critical path highlighted. Node ids are
    /// n0, n1, ... (a layer's index), never the layer's name: names such as <c>end</c>, <c>class</c> or
    /// <c>graph</c> are Mermaid keywords. The name is the node's quoted, escaped label, with its time-out and, when
    /// retries or a fallback make it larger, its worst case.
    /// </summary>
    public static string Mermaid(string[] names, int[] timeouts, long[] costs, int[][] dependencies, int[] criticalPath)
    {
        var text = new StringBuilder();
        text.Append("flowchart LR\n");
        for (int layer = 0; layer < names.Length; layer++)
        {
            text.Append("    ").Append(MermaidId(layer)).Append("[\"");
            AppendMermaidLabel(text, names[layer]);
            text.Append("<br/>").Append(timeouts[layer].ToString(CultureInfo.InvariantCulture)).Append(" ms");
            if (costs[layer] != timeouts[layer])
            {
                text.Append(", worst ").Append(costs[layer].ToString(CultureInfo.InvariantCulture)).Append(" ms");
            }

            text.Append("\"]\n");
        }

        for (int layer = 0; layer < names.Length; layer++)
        {
            foreach (int dependency in dependencies[layer])
            {
                text.Append("    ").Append(MermaidId(dependency)).Append(" --> ").Append(MermaidId(layer)).Append('\n');
            }
        }

        if (criticalPath.Length > 0)
        {
            text.Append("    classDef critical stroke:#d9480f,stroke-width:3px\n");
            text.Append("    class ");
            for (int i = 0; i < criticalPath.Length; i++)
            {
                text.Append(i == 0 ? string.Empty : ",").Append(MermaidId(criticalPath[i]));
            }

            text.Append(" critical\n");
        }

        return text.ToString();
    }

    private static string MermaidId(int layer) => "n" + layer.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Writes a name into a quoted label: characters Mermaid or its HTML rendering would read as syntax become
    /// entity codes (#34; and so on). C# identifiers never contain them today; the label stays safe if that changes.
    /// </summary>
    private static void AppendMermaidLabel(StringBuilder text, string name)
    {
        foreach (char c in name)
        {
            if (c is '"' or '#' or '<' or '>' or '&' or '[' or ']' or '(' or ')' or '{' or '}' or '|' or ';' or '`' || char.IsControl(c))
            {
                text.Append('#').Append(((int)c).ToString(CultureInfo.InvariantCulture)).Append(';');
            }
            else
            {
                text.Append(c);
            }
        }
    }

    /// <summary>Levenshtein distance, ignoring case: for "did you mean" suggestions.</summary>
    public static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>The name closest to <paramref name="unknown"/>, if one is close enough to be a plausible typo.</summary>
    public static string? NearestName(string unknown, IEnumerable<string> names)
    {
        if (unknown.Trim().Length == 0)
        {
            return null;
        }

        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string name in names)
        {
            int distance = EditDistance(unknown, name);
            if (distance < bestDistance)
            {
                best = name;
                bestDistance = distance;
            }
        }

        int allowed = Math.Max(2, (unknown.Length + 1) / 3);
        return best is not null && bestDistance <= allowed ? best : null;
    }

    // Kahn's algorithm taking the lowest ready index first: a deterministic order for acyclic graphs.
    private static int[] TopologicalOrderByDeclaration(int[][] dependencies)
    {
        int count = dependencies.Length;
        var pending = new int[count];
        var dependents = new List<int>[count];
        for (int layer = 0; layer < count; layer++)
        {
            dependents[layer] = new List<int>();
        }

        for (int layer = 0; layer < count; layer++)
        {
            foreach (int dependency in dependencies[layer])
            {
                pending[layer]++;
                dependents[dependency].Add(layer);
            }
        }

        var ready = new SortedSet<int>();
        for (int layer = 0; layer < count; layer++)
        {
            if (pending[layer] == 0)
            {
                ready.Add(layer);
            }
        }

        var order = new List<int>(count);
        while (ready.Count > 0)
        {
            int layer = ready.Min;
            ready.Remove(layer);
            order.Add(layer);
            foreach (int dependent in dependents[layer])
            {
                if (--pending[dependent] == 0)
                {
                    ready.Add(dependent);
                }
            }
        }

        if (order.Count != count)
        {
            throw new InvalidOperationException("The graph has a cycle.");
        }

        return order.ToArray();
    }

    private static int[] Canonical(List<int> cycle)
    {
        int lowest = 0;
        for (int i = 1; i < cycle.Count; i++)
        {
            if (cycle[i] < cycle[lowest])
            {
                lowest = i;
            }
        }

        var rotated = new int[cycle.Count];
        for (int i = 0; i < cycle.Count; i++)
        {
            rotated[i] = cycle[(lowest + i) % cycle.Count];
        }

        return rotated;
    }
}
