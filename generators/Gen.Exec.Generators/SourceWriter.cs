using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Gen.Exec.Graph;
using Microsoft.CodeAnalysis.CSharp;

namespace Gen.Exec.Generators;

/// <summary>An indentation-aware string builder for generated source. Always writes '\n' line endings.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4);
        }

        _text.Append(line).Append('\n');
        return this;
    }

    /// <summary>Starts an indented line to be written piece by piece with <see cref="Append(string)"/> and ended with <see cref="End"/>.</summary>
    public SourceWriter Begin()
    {
        _text.Append(' ', _indent * 4);
        return this;
    }

    public SourceWriter Append(string text)
    {
        _text.Append(text);
        return this;
    }

    public SourceWriter Append(int value)
    {
        _text.Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    public SourceWriter End()
    {
        _text.Append('\n');
        return this;
    }

    public SourceWriter Open(string line)
    {
        Line(line);
        Line("{");
        _indent++;
        return this;
    }

    public SourceWriter Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    public SourceWriter Indent()
    {
        _indent++;
        return this;
    }

    public SourceWriter Unindent()
    {
        _indent--;
        return this;
    }

    public override string ToString() => _text.ToString();

    /// <summary>One line of the plan's constructor call: <c>name: new int[] { ... },</c>.</summary>
    public SourceWriter IntArrayArgument(string name, EquatableArray<int> values)
    {
        Begin().Append(name).Append(": ");
        IntArray(values);
        return Append(",").End();
    }

    public SourceWriter IntArray(EquatableArray<int> values)
    {
        if (values.Count == 0)
        {
            return Append("global::System.Array.Empty<int>()");
        }

        Append("new int[] { ");
        for (int i = 0; i < values.Count; i++)
        {
            Append(i == 0 ? string.Empty : ", ").Append(values[i]);
        }

        return Append(" }");
    }
}

/// <summary>
/// The names generated code gives its members, and how identifiers and literals are spelled.
/// </summary>
internal static class GeneratedNames
{
    // Layer fields end in "Result", input fields in "Input", dependency counters in "Pending", per-layer start
    // methods in "Start" and control data in "Control": distinct suffixes, so they never collide with each other (layer names are unique
    // ignoring case), with "_graph" and "Stats", or with members of the base class (none ends in any of them).
    // Each suffix is spelled only here; the layer names are appended to the writer, not concatenated first.
    public static SourceWriter AppendResultField(this SourceWriter w, LayerModel layer) => w.Append(layer.Name).Append("Result");

    public static SourceWriter AppendPendingField(this SourceWriter w, LayerModel layer) => w.Append(layer.Name).Append("Pending");

    public static SourceWriter AppendStartMethod(this SourceWriter w, LayerModel layer) => w.Append(layer.Name).Append("Start");

    // A layer's [When]/[Retry]/[Fallback] data: a static field of the run type (no base-class member ends in "Control"
    // as a field: the base's nested LayerControl type is always written fully qualified).
    public static SourceWriter AppendControlField(this SourceWriter w, LayerModel layer) => w.Append(layer.Name).Append("Control");

    // A layer run through a Polly pipeline ([ResiliencePipeline]): the run state's wrapper around one attempt.
    public static SourceWriter AppendResilientMethod(this SourceWriter w, LayerModel layer) => w.Append(layer.Name).Append("Resilient");

    public static string InputField(InputModel input) => input.Name + "Input";

    public static string Identifier(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    public static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary><paramref name="name"/>, with underscores appended until it is not one of <paramref name="taken"/>.</summary>
    public static string Unique(string name, HashSet<string> taken)
    {
        while (taken.Contains(name))
        {
            name += "_";
        }

        return name;
    }

    /// <summary>A type name as a <c>cref</c> writes it.</summary>
    public static string Cref(string typeName) => typeName.Replace('<', '{').Replace('>', '}');
}
