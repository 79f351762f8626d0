using System;
using System.IO;
using System.Threading.Tasks;
using Gen.Exec.Samples.Recall;
using Microsoft.Extensions.Time.Testing;
using Spectre.Console;

namespace Gen.Exec.Samples.Tests;

/// <summary>The progress view: live redraw on a terminal, plain lines with no escape character otherwise.</summary>
public sealed class ProgressViewTests
{
    private const char Escape = '\u001b';

    [Theory]
    [InlineData(true, null)] // piped or written to a file
    [InlineData(false, "1")] // a terminal, NO_COLOR=1
    public async Task Plain_progress_is_one_line_per_start_and_completion_with_no_escape_character(bool redirected, string? noColor)
    {
        var output = new StringWriter();
        IAnsiConsole console = ReportConsole.Create(output, ReportConsole.WantsPlainText(redirected, noColor));

        await ProgressView.RunAsync(console, DriveOneRun(out ProgressObserver observer), totalRuns: 1, () => PlayAsync(observer));

        string text = output.ToString();
        Assert.DoesNotContain(Escape, text);
        Assert.Contains("Episodic     started", text, StringComparison.Ordinal);
        Assert.Contains("Episodic     Succeeded after 80.0 ms", text, StringComparison.Ordinal);
        Assert.Contains("Semantic     Failed after 12.0 ms (InvalidOperationException: store [down])", text, StringComparison.Ordinal);
        Assert.Contains("completed in 95.0 ms", text, StringComparison.Ordinal);
        Assert.DoesNotContain("╭", text, StringComparison.Ordinal); // lines, not a redrawn table
    }

    // Without this, the test above could pass because the view never styles anything.
    [Fact]
    public async Task On_an_ANSI_terminal_the_view_is_a_styled_live_table()
    {
        var output = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.TrueColor,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(output),
        });

        await ProgressView.RunAsync(console, DriveOneRun(out ProgressObserver observer), totalRuns: 1, () => PlayAsync(observer));

        string text = output.ToString();
        Assert.Contains(Escape + "[", text, StringComparison.Ordinal);
        Assert.Contains("╭", text, StringComparison.Ordinal);
        Assert.Contains("Succeeded", text, StringComparison.Ordinal);
    }

    private static ProgressObserver DriveOneRun(out ProgressObserver observer)
    {
        observer = new ProgressObserver(["Episodic", "Semantic"], new FakeTimeProvider());
        return observer;
    }

    // What an executor would report for one run, with pauses so that the view polls in between.
    private static async Task PlayAsync(ProgressObserver observer)
    {
        RunInfo run = Runs.Info(1);
        observer.OnRunStarted(run);
        observer.OnLayerStarted(run, "Episodic");
        observer.OnLayerStarted(run, "Semantic");
        await Task.Delay(ProgressView.RefreshInterval * 2);
        observer.OnLayerCompleted(run, new LayerResult("Semantic", LayerStatus.Failed, new InvalidOperationException("store [down]"), TimeSpan.FromMilliseconds(12)));
        await Task.Delay(ProgressView.RefreshInterval * 2);
        observer.OnLayerCompleted(run, new LayerResult("Episodic", LayerStatus.Succeeded, null, TimeSpan.FromMilliseconds(80)));
        observer.OnRunCompleted(run, Runs.Stats(TimeSpan.FromMilliseconds(95)));
    }
}
