using System;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec.Samples.Recall;
using Spectre.Console;

namespace Gen.Exec.Samples.Tests;

/// <summary>
/// The sample's --progress, --telemetry and --history end to end: a real run of the sample's graph, whose executor
/// calls the observer, reports spans and metrics and keeps its latency history.
/// </summary>
[Collection(nameof(AnsiConsole))]
public sealed class WiredRecallTests
{
    private static readonly RecallSettings s_oneRun = new(
        "what happened while debugging the scheduler?", MaxConcurrency: null, Sequential: false, FailFast: false,
        FailingLayers: ["Procedural"], SlowLayers: ["Graph"], Runs: 1)
    {
        SlowMotion = TestClock.SlowMotion,
    };

    [Fact]
    public async Task The_telemetry_table_shows_the_run_span_under_the_request_with_a_child_per_layer()
    {
        string output = await RenderAsync(token => RecallDemo.RunAsync(s_oneRun with { Telemetry = true }, token));

        Assert.Contains("│ recall ", output, StringComparison.Ordinal);
        Assert.Contains("│ └─ Tier1Recall ", output, StringComparison.Ordinal);
        foreach (string layer in new[] { "Episodic", "Semantic", "Procedural", "Prospective", "Graph", "Merge" })
        {
            Assert.Contains($"│    └─ Tier1Recall.{layer} ", output, StringComparison.Ordinal);
        }

        Assert.Contains("error.type=timeout", output, StringComparison.Ordinal);
        Assert.Contains("gen_exec.run.duration (s)", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', output);
    }

    [Fact]
    public async Task Plain_progress_of_a_real_run_has_a_line_per_layer_and_no_escape_character()
    {
        string output = await RenderAsync(token => RecallDemo.RunAsync(s_oneRun with { Progress = true }, token));

        Assert.Contains("Episodic     Succeeded after", output, StringComparison.Ordinal);
        Assert.Contains("Procedural   Failed after", output, StringComparison.Ordinal);
        Assert.Contains("Graph        TimedOut after", output, StringComparison.Ordinal);
        Assert.Contains("Merge        started", output, StringComparison.Ordinal);
        Assert.DoesNotContain("no observer call", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', output);
    }

    [Fact]
    public async Task The_history_lists_every_layer_with_its_samples()
    {
        string output = await RenderAsync(token => LatencyDemo.HistoryAsync(s_oneRun with { Runs = 3, History = true }, token));

        // Episodic's rates depend on the machine (a stalled pool can time it out); its three samples do not.
        AssertLine(output, @"│ Episodic +│ +\d+\.\d│ +\d+\.\d│ +\d+\.\d│ +\d+%│ +\d+%│ 3│ +\d+/200 │ not yet");
        AssertLine(output, @"│ Graph +│ +\d+\.\d│ +\d+\.\d│ +\d+\.\d│ +0%│ +100%│ 3│ +150/150 │ not yet");
    }

    // Assert.Matches truncates the value: a failure here shows the whole table.
    private static void AssertLine(string output, string pattern)
        => Assert.True(Regex.IsMatch(output, pattern), $"no line matches {pattern} in:\n{output}");

    private static async Task<string> RenderAsync(Func<CancellationToken, Task> demo)
    {
        var writer = new StringWriter();
        IAnsiConsole previous = AnsiConsole.Console;
        AnsiConsole.Console = ReportConsole.Create(writer, plain: true);
        try
        {
            await demo(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(120));
        }
        finally
        {
            AnsiConsole.Console = previous;
        }

        return writer.ToString();
    }
}
