using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Gen.Exec.Generators.Tests;

/// <summary>
/// The part of Mermaid's flowchart grammar that Gen.Exec's output uses, as a checker: a header, node statements
/// <c>id["label"]</c>, edges <c>id --&gt; id</c>, <c>classDef</c> and <c>class</c> statements. It implements the rules
/// that break charts in practice: node ids are plain tokens and never one of Mermaid's keywords (<c>end</c> in
/// any case ends a subgraph, <c>class</c>, <c>graph</c>, <c>style</c>, <c>click</c>... start other statements),
/// ids starting with o or x right after an edge arrow turn it into a circle or cross edge, quoted labels hold no
/// quote and use entity codes (<c>#34;</c>) for special characters, and every id an edge or class names is declared.
/// </summary>
internal static class MermaidGrammar
{
    private static readonly HashSet<string> s_keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "end", "graph", "flowchart", "flowchart-elk", "subgraph", "style", "linkStyle", "classDef", "class", "click",
        "call", "href", "callback", "direction", "default", "interpolate", "accTitle", "accDescr", "TB", "TD", "BT", "RL", "LR",
    };

    private static readonly Regex s_id = new("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);
    private static readonly Regex s_node = new("^(?<id>[^\\[\\s]+)\\[\"(?<label>[^\"]*)\"\\]$", RegexOptions.CultureInvariant);
    private static readonly Regex s_edge = new("^(?<from>\\S+) --> (?<to>\\S+)$", RegexOptions.CultureInvariant);
    private static readonly Regex s_classDef = new("^classDef (?<name>[A-Za-z_][A-Za-z0-9_]*) [a-z-]+:[^\\s;]+(,[a-z-]+:[^\\s;]+)*$", RegexOptions.CultureInvariant);
    private static readonly Regex s_class = new("^class (?<ids>[^\\s]+) (?<name>[A-Za-z_][A-Za-z0-9_]*)$", RegexOptions.CultureInvariant);
    private static readonly Regex s_entity = new("#([0-9]+|[a-z]+);", RegexOptions.CultureInvariant);

    /// <summary>The rule violations in <paramref name="chart"/>; empty when it is valid.</summary>
    public static IReadOnlyList<string> Violations(string chart)
    {
        var errors = new List<string>();
        string[] lines = chart.TrimEnd('\n').Split('\n');
        if (lines.Length == 0 || !Regex.IsMatch(lines[0], "^flowchart (LR|RL|TB|TD|BT)$"))
        {
            errors.Add($"line 1: expected a 'flowchart <direction>' header, found '{lines.FirstOrDefault()}'");
        }

        var nodes = new HashSet<string>(StringComparer.Ordinal);
        var classes = new HashSet<string>(StringComparer.Ordinal);
        var references = new List<(int Line, string Id)>();
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            int number = i + 1;
            Match match;
            if ((match = s_classDef.Match(line)).Success)
            {
                classes.Add(match.Groups["name"].Value);
            }
            else if ((match = s_class.Match(line)).Success)
            {
                references.AddRange(match.Groups["ids"].Value.Split(',').Select(id => (number, id)));
                if (!classes.Contains(match.Groups["name"].Value))
                {
                    errors.Add($"line {number}: class '{match.Groups["name"].Value}' is used before classDef");
                }
            }
            else if ((match = s_edge.Match(line)).Success)
            {
                references.Add((number, match.Groups["from"].Value));
                references.Add((number, match.Groups["to"].Value));
                if (match.Groups["to"].Value.Length > 0 && match.Groups["to"].Value[0] is 'o' or 'x')
                {
                    errors.Add($"line {number}: '{match.Groups["to"].Value}' after an arrow starts with o or x and changes the edge");
                }
            }
            else if ((match = s_node.Match(line)).Success)
            {
                string id = match.Groups["id"].Value;
                CheckId(id, number, errors);
                CheckLabel(match.Groups["label"].Value, number, errors);
                if (!nodes.Add(id))
                {
                    errors.Add($"line {number}: node '{id}' is declared twice");
                }
            }
            else
            {
                errors.Add($"line {number}: not a node, edge, classDef or class statement: '{line}'");
            }
        }

        foreach ((int line, string id) in references)
        {
            CheckId(id, line, errors);
            if (!nodes.Contains(id))
            {
                errors.Add($"line {line}: '{id}' is not a declared node");
            }
        }

        return errors;
    }

    private static void CheckId(string id, int line, List<string> errors)
    {
        if (!s_id.IsMatch(id))
        {
            errors.Add($"line {line}: '{id}' is not a plain node id");
        }
        else if (s_keywords.Contains(id))
        {
            errors.Add($"line {line}: node id '{id}' is a Mermaid keyword");
        }
    }

    private static void CheckLabel(string label, int line, List<string> errors)
    {
        // Outside entity codes and the <br/> line break, no character Mermaid or HTML would read as syntax.
        string plain = s_entity.Replace(label.Replace("<br/>", string.Empty, StringComparison.Ordinal), string.Empty);
        foreach (char c in plain)
        {
            if (c is '"' or '#' or '<' or '>' or '&' or '[' or ']' or '(' or ')' or '{' or '}' or '|' or ';' or '`' || char.IsControl(c))
            {
                errors.Add($"line {line}: label '{label}' holds '{c}' unescaped");
            }
        }
    }
}
