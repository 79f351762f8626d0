using System;
using System.Collections.Generic;
using System.Linq;

namespace Gen.Exec.Samples.Recall;

/// <summary>
/// Routes a query the way an assistant's cheap first pass would: a short question that asks for a fact goes to the
/// cheap stores only; anything that asks why, how, or about what happened needs all of them. Deterministic rules,
/// so a route can be predicted and tested (a real system might use a small model here).
/// </summary>
public static class QueryClassifier
{
    /// <summary>The longest question, in words, that can still be factual.</summary>
    public const int MaxFactualWords = 8;

    private static readonly HashSet<string> s_factualOpeners = new(StringComparer.OrdinalIgnoreCase)
    {
        "what", "who", "when", "where", "which", "is", "are", "does", "do",
    };

    // Words that ask for reasoning, history or steps: the episode log, procedures and the graph.
    private static readonly HashSet<string> s_deepCues = new(StringComparer.OrdinalIgnoreCase)
    {
        "why", "how", "happened", "explain", "compare", "debugging", "debug", "steps", "plan", "because", "caused",
    };

    /// <summary>The route of <paramref name="query"/>.</summary>
    public static QueryRoute Classify(string query)
    {
        string[] words = query
            .Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Select(word => word.Trim('?', '!', '.', ',', ';', ':', '"', '\''))
            .Where(word => word.Length > 0)
            .ToArray();
        bool factual = query.TrimEnd().EndsWith('?')
            && words.Length is > 0 and <= MaxFactualWords
            && s_factualOpeners.Contains(words[0])
            && !words.Any(s_deepCues.Contains);
        return factual ? QueryRoute.Factual : QueryRoute.Complex;
    }
}
