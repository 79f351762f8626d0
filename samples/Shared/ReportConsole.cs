using System;
using System.IO;
using Spectre.Console;

namespace Gen.Exec.Samples;

/// <summary>
/// Where the report is written: styled on a terminal; plain text, with no ANSI escape sequences at all, when
/// standard output is redirected (a file, a pipe, a CI log) or NO_COLOR is set (https://no-color.org).
/// Spectre.Console alone keeps emitting bold and italic escapes in both cases when TERM names a terminal.
/// </summary>
public static class ReportConsole
{
    /// <summary>Whether the report must be plain text.</summary>
    public static bool WantsPlainText(bool outputRedirected, string? noColor) => outputRedirected || !string.IsNullOrEmpty(noColor);

    /// <summary>A console writing to <paramref name="output"/>: plain, or styled as far as the terminal supports.</summary>
    public static IAnsiConsole Create(TextWriter output, bool plain) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
        ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        Out = new AnsiConsoleOutput(output),
    });

    /// <summary>Makes <see cref="AnsiConsole"/> write to standard output, plain when it must be.</summary>
    public static void UseStandardOutput()
        => AnsiConsole.Console = Create(Console.Out, WantsPlainText(Console.IsOutputRedirected, Environment.GetEnvironmentVariable("NO_COLOR")));
}
