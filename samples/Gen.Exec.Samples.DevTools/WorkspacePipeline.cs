using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec;

namespace Gen.Exec.Samples.DevTools;

/// <summary>
/// A look at a working copy, from real processes: git finds the repository, then status, diff and log
/// run side by side beside <c>dotnet --version</c>; a report reads their typed outputs. A tool that hangs
/// is killed at its time-out instead of holding the report hostage.
/// </summary>
[Timeout(10_000)]
public sealed partial class WorkspacePipeline(ProcessRunner runner)
{
    [Layer, Timeout(5_000)]
    public async Task<RepositoryInfo> Repository(string directory, CancellationToken ct)
    {
        ProcessOutput top = await runner.RunAsync("git", ["rev-parse", "--show-toplevel"], directory, ct);
        if (!top.Succeeded)
        {
            // Not inside a working copy: an answer, not an error. The git layers below do nothing.
            return NotARepository(top.StandardError)
                ? RepositoryInfo.None(directory)
                : throw new InvalidOperationException($"git rev-parse failed: {top.StandardError}");
        }

        return new RepositoryInfo(true, top.StandardOutput.Trim());
    }

    [Layer, Timeout(5_000), DependsOn(nameof(Repository))]
    public async Task<WorkingTreeStatus> Status(RepositoryInfo repository, CancellationToken ct)
    {
        if (!repository.IsRepository)
        {
            return WorkingTreeStatus.Empty;
        }

        ProcessOutput status = await runner.RunAsync("git", ["status", "--short", "--branch"], repository.Root, ct);
        EnsureSucceeded(status, "git status");
        string[] lines = SplitLines(status.StandardOutput);

        // "## main...origin/main [ahead 1]", or "## No commits yet on main" in a new repository.
        string header = lines.FirstOrDefault(line => line.StartsWith("## ", StringComparison.Ordinal)) ?? "## (unknown)";
        string branch = header[3..].Replace("No commits yet on ", string.Empty, StringComparison.Ordinal).Split("...")[0].Trim();
        FileChange[] changes = lines
            .Where(line => !line.StartsWith("## ", StringComparison.Ordinal) && line.Length > 3)
            .Select(line => new FileChange(line[..2].Trim(), line[3..]))
            .ToArray();
        return new WorkingTreeStatus(branch, changes);
    }

    [Layer, Timeout(5_000), DependsOn(nameof(Repository))]
    public async Task<DiffSummary> Diff(RepositoryInfo repository, CancellationToken ct)
    {
        if (!repository.IsRepository)
        {
            return DiffSummary.None;
        }

        ProcessOutput diff = await runner.RunAsync("git", ["diff", "--shortstat"], repository.Root, ct);
        EnsureSucceeded(diff, "git diff");

        // " 3 files changed, 120 insertions(+), 4 deletions(-)"; empty when nothing changed.
        return new DiffSummary(Count(diff.StandardOutput, "file"), Count(diff.StandardOutput, "insertion"), Count(diff.StandardOutput, "deletion"));

        static int Count(string text, string what)
            => Regex.Match(text, $@"(\d+) {what}") is { Success: true } match ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    [Layer, Timeout(5_000), DependsOn(nameof(Repository))]
    public async Task<Commit[]> Log(RepositoryInfo repository, CancellationToken ct)
    {
        if (!repository.IsRepository)
        {
            return [];
        }

        ProcessOutput log = await runner.RunAsync("git", ["log", "-5", "--oneline", "--no-decorate"], repository.Root, ct);
        if (!log.Succeeded && log.StandardError.Contains("does not have any commits", StringComparison.Ordinal))
        {
            return [];
        }

        EnsureSucceeded(log, "git log");
        return SplitLines(log.StandardOutput)
            .Select(line => line.Split(' ', 2))
            .Select(parts => new Commit(parts[0], parts.Length > 1 ? parts[1] : string.Empty))
            .ToArray();
    }

    [Layer, Timeout(20_000)]
    public async Task<string> DotNetSdk(string directory, CancellationToken ct)
    {
        ProcessOutput version = await runner.RunAsync("dotnet", ["--version"], directory, ct);
        EnsureSucceeded(version, "dotnet --version");
        return version.StandardOutput.Trim();
    }

    /// <summary>
    /// A tool that hangs, as a stuck hook or a credential prompt would: <c>git hash-object --stdin</c>
    /// waits for input that never comes. Its time-out cancels the token, which kills the process.
    /// </summary>
    [Layer, Timeout(300)]
    public async Task<string> HangingTool(string directory, CancellationToken ct)
    {
        ProcessOutput hash = await runner.RunAsync("git", ["hash-object", "--stdin"], directory, ct, keepStandardInputOpen: true);
        return hash.StandardOutput;
    }

    /// <summary>Reads every other layer's typed output; takes them as LayerResult so that it reports what failed, too.</summary>
    [Layer, Timeout(1_000), DependsOn(nameof(Repository), nameof(Status), nameof(Diff), nameof(Log), nameof(DotNetSdk), nameof(HangingTool))]
    public WorkspaceReport Report(
        LayerResult<RepositoryInfo> repository,
        LayerResult<WorkingTreeStatus> status,
        LayerResult<DiffSummary> diff,
        LayerResult<Commit[]> log,
        LayerResult<string> dotNetSdk,
        LayerResult<string> hangingTool,
        CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var lines = new List<string>();
        if (!repository.TryGetValue(out RepositoryInfo? repo))
        {
            lines.Add($"repository  unknown: {Reason(repository)}");
        }
        else if (!repo.IsRepository)
        {
            lines.Add($"repository  {repo.Root} is not a git repository");
        }
        else
        {
            lines.Add($"repository  {repo.Root}");
            lines.Add(status.TryGetValue(out WorkingTreeStatus? tree)
                ? $"branch      {tree.Branch}, {Plural(tree.Changes.Length, "changed file")}"
                : $"status      {Reason(status)}");
            lines.Add(diff.TryGetValue(out DiffSummary? summary)
                ? $"diff        {Plural(summary.Files, "file")} changed, +{summary.Insertions} -{summary.Deletions} (unstaged)"
                : $"diff        {Reason(diff)}");
            if (log.TryGetValue(out Commit[]? commits))
            {
                lines.Add($"last {Plural(commits.Length, "commit")}");
                lines.AddRange(commits.Select(commit => $"  {commit.Sha} {commit.Subject}"));
            }
            else
            {
                lines.Add($"log         {Reason(log)}");
            }
        }

        lines.Add(dotNetSdk.TryGetValue(out string? sdk) ? $".NET SDK    {sdk}" : $".NET SDK    {Reason(dotNetSdk)}");
        lines.Add(hangingTool.Status switch
        {
            LayerStatus.Succeeded => "hanging     finished after all",
            LayerStatus.TimedOut => $"hanging     TimedOut after {hangingTool.Elapsed.TotalMilliseconds:0} ms: killed, and the report did not wait for it",
            _ => $"hanging     {Reason(hangingTool)}",
        });
        return new WorkspaceReport(lines);
    }

    private static string Reason<T>(LayerResult<T> layer)
        => layer.Error is { } error ? $"{layer.Status}: {error.Message}" : layer.Status.ToString();

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static bool NotARepository(string standardError)
        => standardError.Contains("not a git repository", StringComparison.OrdinalIgnoreCase);

    private static void EnsureSucceeded(ProcessOutput output, string command)
    {
        if (!output.Succeeded)
        {
            throw new InvalidOperationException($"{command} exited with code {output.ExitCode}: {output.StandardError}");
        }
    }

    // Leading spaces are kept: in "git status --short" they are part of the status code.
    private static string[] SplitLines(string text)
        => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r')).ToArray();
}

/// <summary>Where the working copy is, if the directory is in one.</summary>
public sealed record RepositoryInfo(bool IsRepository, string Root)
{
    public static RepositoryInfo None(string directory) => new(false, directory);
}

/// <summary>One line of <c>git status --short</c>.</summary>
public sealed record FileChange(string Code, string Path);

/// <summary>The branch and the changed files.</summary>
public sealed record WorkingTreeStatus(string Branch, FileChange[] Changes)
{
    public static WorkingTreeStatus Empty { get; } = new(string.Empty, []);
}

/// <summary>The unstaged change, from <c>git diff --shortstat</c>.</summary>
public sealed record DiffSummary(int Files, int Insertions, int Deletions)
{
    public static DiffSummary None { get; } = new(0, 0, 0);
}

/// <summary>One line of <c>git log --oneline</c>.</summary>
public sealed record Commit(string Sha, string Subject);

/// <summary>What the pipeline found, line by line.</summary>
public sealed record WorkspaceReport(IReadOnlyList<string> Lines);
