using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Gen.Exec;
using Gen.Exec.Samples;
using Gen.Exec.Samples.DevTools;
using Spectre.Console;

ReportConsole.UseStandardOutput();

var directoryArgument = new Argument<DirectoryInfo>("directory")
{
    Description = "The directory to look at (default: the current directory).",
    DefaultValueFactory = _ => new DirectoryInfo(Environment.CurrentDirectory),
};
directoryArgument.AcceptExistingOnly();

var root = new RootCommand(
    "A developer-tools pipeline with Gen.Exec: git and dotnet processes run as layers, in parallel where they can, "
    + "their output flowing as typed values to the layers that depend on them; a hanging tool is killed at its time-out.")
{
    directoryArgument,
};

root.SetAction(async (parse, cancellationToken) =>
{
    string directory = parse.GetValue(directoryArgument)!.FullName;
    var runner = new ProcessRunner();
    var executor = new WorkspacePipeline.Executor(new WorkspacePipeline(runner));

    WorkspacePipeline.Results results;
    try
    {
        results = await executor.RunAsync(directory, cancellationToken);
    }
    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
    {
        await runner.WhenAllExitedAsync();
        Console.Error.WriteLine("Cancelled; every process the pipeline started has been killed.");
        return 130;
    }

    // The executor stopped waiting for the hanging tool at its deadline; its kill completes moments later.
    await runner.WhenAllExitedAsync();
    Report(results, runner);
    return results.Report.Succeeded ? 0 : 1;
});

return await root.Parse(args).InvokeAsync();

static void Report(WorkspacePipeline.Results results, ProcessRunner runner)
{
    ExecutionPlan plan = WorkspacePipeline.Executor.Plan;
    AnsiConsole.Write(new Rule("[bold]Gen.Exec · developer tools[/]").LeftJustified());

    var layers = new Table().Border(TableBorder.Rounded).Title("[bold]Layers[/]");
    layers.AddColumn(new TableColumn("layer").NoWrap());
    layers.AddColumn(new TableColumn("status").NoWrap());
    layers.AddColumn(new TableColumn("start").RightAligned().NoWrap());
    layers.AddColumn(new TableColumn("elapsed").RightAligned().NoWrap());
    layers.AddColumn(new TableColumn("time-out").RightAligned().NoWrap());
    layers.AddColumn("depends on");
    foreach (LayerResult layer in results.Layers)
    {
        bool ran = layer.Status is not (LayerStatus.Skipped or LayerStatus.NotRun);
        layers.AddRow(
            Markup.Escape(layer.Name),
            $"[{Colour(layer.Status)}]{layer.Status}[/]",
            ran ? Ms(layer.StartOffset) : "-",
            ran ? Ms(layer.Elapsed) : "-",
            Ms(plan.TimeoutOf(layer.Name)),
            Markup.Escape(string.Join(", ", plan.DependenciesOf(layer.Name))));
    }

    AnsiConsole.Write(layers);

    var processes = new Table().Border(TableBorder.Rounded).Title("[bold]Processes[/]");
    processes.AddColumn("command");
    processes.AddColumn(new TableColumn("pid").RightAligned());
    processes.AddColumn(new TableColumn("ran for").RightAligned().NoWrap());
    processes.AddColumn("outcome");
    foreach (ProcessRecord process in runner.Records)
    {
        processes.AddRow(
            Markup.Escape(process.CommandLine),
            process.ProcessId.ToString(CultureInfo.InvariantCulture),
            Ms(process.Elapsed),
            Markup.Escape(process.Outcome));
    }

    AnsiConsole.Write(processes);
    AnsiConsole.WriteLine();

    if (results.Report.TryGetValue(out WorkspaceReport? report))
    {
        AnsiConsole.MarkupLine("[bold]Report[/] [grey](built from the other layers' typed results)[/]");
        foreach (string line in report.Lines)
        {
            AnsiConsole.MarkupLineInterpolated($"  {line}");
        }
    }
    else
    {
        AnsiConsole.MarkupLineInterpolated($"[red]No report: {results.Report.Status} {results.Report.Error?.Message}[/]");
    }

    AnsiConsole.WriteLine();
    RunStats stats = results.Stats;
    AnsiConsole.MarkupLineInterpolated(
        $"[bold]{Ms(stats.Elapsed)}[/] wall clock for {Ms(stats.SequentialElapsed)} of layer time: [bold]{stats.Speedup.ToString("0.00", CultureInfo.InvariantCulture)}x[/]; {stats.Succeeded} succeeded, {stats.Failed} failed, {stats.TimedOut} timed out, {stats.Skipped} skipped");
    AnsiConsole.MarkupLineInterpolated(
        $"Plan: {string.Join("  |  ", plan.Batches.Select(batch => string.Join(", ", batch)))}");
}

static string Colour(LayerStatus status) => status switch
{
    LayerStatus.Succeeded => "green",
    LayerStatus.Failed => "red",
    LayerStatus.TimedOut => "yellow",
    LayerStatus.Canceled => "darkorange",
    _ => "grey",
};

static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
