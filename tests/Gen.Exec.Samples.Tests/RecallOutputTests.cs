using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec.Samples.Recall;
using Spectre.Console;

namespace Gen.Exec.Samples.Tests;

/// <summary>
/// Defect 12: the recall report wrote ANSI escapes into redirected output and under NO_COLOR. Each test renders
/// the whole report (a real run of the sample's graph) through the console the sample would choose.
/// The classes that swap the process-wide AnsiConsole.Console share one collection, so they run one at a time.
/// </summary>
[Collection(nameof(AnsiConsole))]
public sealed class RecallOutputTests
{
    private const char Escape = '\u001b';

    private static readonly RecallSettings s_oneRun = new(
        "what happened while debugging the scheduler?", MaxConcurrency: null, Sequential: false, FailFast: false,
        FailingLayers: ["Procedural"], SlowLayers: ["Graph"], Runs: 1)
    {
        SlowMotion = TestClock.SlowMotion,
    };

    [Theory]
    [InlineData(true, null)] // piped or written to a file
    [InlineData(false, "1")] // a terminal, NO_COLOR=1
    [InlineData(true, "1")]
    public async Task Redirected_or_NO_COLOR_output_is_plain_text(bool redirected, string? noColor)
    {
        Assert.True(ReportConsole.WantsPlainText(redirected, noColor));

        string report = await RenderAsync(plain: ReportConsole.WantsPlainText(redirected, noColor));

        Assert.Contains("Tier-1 recall", report, StringComparison.Ordinal);
        Assert.Contains("TimedOut", report, StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, report);
    }

    [Fact]
    public void A_terminal_without_NO_COLOR_keeps_its_styles()
    {
        Assert.False(ReportConsole.WantsPlainText(outputRedirected: false, noColor: null));
        Assert.False(ReportConsole.WantsPlainText(outputRedirected: false, noColor: string.Empty)); // no-color.org: empty means unset
    }

    // Without this the test above could pass because the report has no styles at all.
    [Fact]
    public async Task The_same_report_on_an_ANSI_console_is_styled()
    {
        string report = await RenderAsync(AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.TrueColor,
            Out = new AnsiConsoleOutput(new StringWriter()),
        }));

        Assert.Contains(Escape + "[", report, StringComparison.Ordinal);
    }

    private static Task<string> RenderAsync(bool plain) => RenderAsync(ReportConsole.Create(new StringWriter(), plain));

    private static async Task<string> RenderAsync(IAnsiConsole console)
    {
        IAnsiConsole previous = AnsiConsole.Console;
        AnsiConsole.Console = console;
        try
        {
            await RecallDemo.RunAsync(s_oneRun, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            AnsiConsole.Console = previous;
        }

        return console.Profile.Out.Writer.ToString()!;
    }
}
