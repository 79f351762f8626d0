using System;
using Microsoft.CodeAnalysis;
using static Gen.Exec.Graph.SymbolFacts;

namespace Gen.Exec.Graph;

/// <summary>Step 3: layer names are unique ignoring case (dependency parameters bind ignoring case) and none is reserved.</summary>
internal static class LayerNameRules
{
    /// <summary>Names a layer cannot have: they would clash with generated members.</summary>
    private static readonly string[] s_reservedNames =
    {
        // Nested types and members of the graph's generated Executor and Results.
        "Executor", "Results", "Stats", "Layers", "StartRun", "RunState", "_state", "_all",

        // Members every class inherits from object.
        "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize",
    };

    public static void Check(GraphDraft draft)
    {
        int count = draft.Layers.Count;
        draft.Names = new string[count];
        for (int layer = 0; layer < count; layer++)
        {
            IMethodSymbol method = draft.Layers[layer].Method;
            draft.Names[layer] = method.Name;
            if (draft.IndexByName.ContainsKey(method.Name))
            {
                draft.Report(GraphProblemKind.DuplicateLayerName, NameLocation(method), method.Name);
            }
            else
            {
                draft.IndexByName.Add(method.Name, layer);
            }

            foreach (string reserved in s_reservedNames)
            {
                if (string.Equals(reserved, method.Name, StringComparison.OrdinalIgnoreCase))
                {
                    draft.Report(GraphProblemKind.ReservedName, NameLocation(method), method.Name, "it would clash with a member that Gen.Exec generates");
                }
            }

            if (HidesRunMember(draft, method.Name, GeneratedNames.LayerMemberSuffixes) is { } hidden)
            {
                draft.Report(GraphProblemKind.ReservedName, NameLocation(method), method.Name, $"the generated '{hidden}' would hide the Gen.Exec runtime member of that name");
            }
        }
    }

    /// <summary>The generated run-state member (name plus one of the suffixes) that would hide an inherited runtime member, if any.</summary>
    public static string? HidesRunMember(GraphDraft draft, string name, params string[] suffixes)
    {
        foreach (string suffix in suffixes)
        {
            if (draft.Symbols.RunBaseMembers.Contains(name + suffix))
            {
                return name + suffix;
            }
        }

        return null;
    }
}
