using System;
using System.Globalization;
using System.Threading.Tasks;
using Gen.Exec;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Gen.Exec.Samples.Recall;

/// <summary>
/// Shows a <see cref="ProgressObserver"/> while runs are in flight: on a terminal, a table redrawn in place
/// (Spectre.Console's live display); on plain output (redirected, NO_COLOR), one line per layer start and
/// completion, with no redraw and no escape sequence.
/// </summary>
public static class ProgressView
{
    /// <summary>How often the view looks at the observer (wall-clock time).</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(40);

    /// <summary>Runs <paramref name="work"/> while showing <paramref name="observer"/>'s progress on <paramref name="console"/>.</summary>
    /// <param name="console">Where to show it: live if it supports ANSI, plain lines otherwise.</param>
    /// <param name="observer">The observer set on the executor that <paramref name="work"/> runs.</param>
    /// <param name="totalRuns">How many runs <paramref name="work"/> makes, for the title.</param>
    /// <param name="work">The runs.</param>
    public static Task RunAsync(IAnsiConsole console, ProgressObserver observer, int totalRuns, Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(observer);
        ArgumentNullException.ThrowIfNull(work);
        return console.Profile.Capabilities.Ansi
            ? RunLiveAsync(console, observer, totalRuns, work)
            : RunPlainAsync(console, observer, work);
    }

    /// <summary>The progress table for one snapshot.</summary>
    public static IRenderable Render(ProgressSnapshot snapshot, int totalRuns)
    {
        string title = snapshot.RunsStarted == 0
            ? "[bold]Progress[/] [grey](waiting for the first run)[/]"
            : string.Create(
                CultureInfo.InvariantCulture,
                $"[bold]Progress[/] run {snapshot.RunsStarted} of {totalRuns} (#{snapshot.RunId}) {(snapshot.RunInProgress ? "[blue]in flight[/]" : "[green]completed[/]")} {ProgressObserver.Milliseconds(snapshot.RunElapsed)}");
        var table = new Table().Border(TableBorder.Rounded).Title(title);
        table.AddColumn(new TableColumn("layer").NoWrap());
        table.AddColumn(new TableColumn("state").NoWrap());
        table.AddColumn(new TableColumn("elapsed").RightAligned().NoWrap());
        table.AddColumn("detail");
        foreach (LayerProgress layer in snapshot.Layers)
        {
            string state = layer.Phase switch
            {
                LayerPhase.Waiting => "[grey]waiting[/]",
                LayerPhase.Running => "[blue]running[/]",
                _ => $"[{Colour(layer.Status)}]{layer.Status}[/]",
            };
            string elapsed = layer.Phase == LayerPhase.Waiting || layer.Status is LayerStatus.Skipped or LayerStatus.NotRun
                ? "-"
                : ProgressObserver.Milliseconds(layer.Elapsed);
            table.AddRow(Markup.Escape(layer.Layer), state, elapsed, Markup.Escape(layer.Error ?? string.Empty));
        }

        return table;
    }

    private static async Task RunLiveAsync(IAnsiConsole console, ProgressObserver observer, int totalRuns, Func<Task> work)
    {
        await console.Live(Render(observer.Snapshot(), totalRuns))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .StartAsync(async context =>
            {
                Task running = work();
                while (!running.IsCompleted)
                {
                    context.UpdateTarget(Render(observer.Snapshot(), totalRuns));
                    await Task.WhenAny(running, Task.Delay(RefreshInterval)).ConfigureAwait(false);
                }

                // The last state stays on screen: every layer done, the run completed.
                context.UpdateTarget(Render(observer.Snapshot(), totalRuns));
                await running.ConfigureAwait(false);
            }).ConfigureAwait(false);
        console.WriteLine();
    }

    private static async Task RunPlainAsync(IAnsiConsole console, ProgressObserver observer, Func<Task> work)
    {
        console.Profile.Out.Writer.WriteLine("Progress (plain output: one line per layer start and completion, times from the run's start)");
        Task running = work();
        while (!running.IsCompleted)
        {
            WriteLines(console, observer);
            await Task.WhenAny(running, Task.Delay(RefreshInterval)).ConfigureAwait(false);
        }

        WriteLines(console, observer);
        await running.ConfigureAwait(false);
        console.WriteLine();
    }

    private static void WriteLines(IAnsiConsole console, ProgressObserver observer)
    {
        foreach (string line in observer.DrainLines())
        {
            // Straight to the writer: one log line per event, never wrapped at the console's width, never parsed as markup.
            console.Profile.Out.Writer.WriteLine(line);
        }
    }

    private static string Colour(LayerStatus? status) => status switch
    {
        LayerStatus.Succeeded => "green",
        LayerStatus.Failed => "red",
        LayerStatus.TimedOut => "yellow",
        LayerStatus.Canceled => "darkorange",
        _ => "grey",
    };
}
