using System.Globalization;
using System.Text;

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
}
