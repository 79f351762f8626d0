using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Exec.Samples.DevTools;

/// <summary>What a finished process printed.</summary>
public sealed record ProcessOutput(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>What happened to one process the pipeline started.</summary>
public sealed record ProcessRecord(string CommandLine, int ProcessId, TimeSpan Elapsed, string Outcome);

/// <summary>
/// Runs processes for layers. Cancelling a layer's token (its time-out, fail-fast, the caller) kills the
/// process and everything it started, so an overrunning tool never outlives the layer that ran it.
/// </summary>
public sealed class ProcessRunner
{
    private readonly ConcurrentQueue<ProcessRecord> _records = new();
    private readonly ConcurrentDictionary<Task, bool> _inFlight = new();

    /// <summary>Every process started so far, in the order they ended.</summary>
    public IReadOnlyCollection<ProcessRecord> Records => _records;

    /// <summary>Runs <paramref name="fileName"/> and returns its output once it exits.</summary>
    /// <param name="keepStandardInputOpen">Leave standard input open, as a tool waiting for input would find it.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled; the process tree was killed.</exception>
    /// <exception cref="Win32Exception">The program was not found.</exception>
    public Task<ProcessOutput> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        string workingDirectory,
        CancellationToken cancellationToken,
        bool keepStandardInputOpen = false)
    {
        Task<ProcessOutput> run = RunCoreAsync(fileName, arguments, workingDirectory, keepStandardInputOpen, cancellationToken);
        _inFlight.TryAdd(run, true);
        _ = run.ContinueWith(
            static (finished, state) => ((ConcurrentDictionary<Task, bool>)state!).TryRemove(finished, out _),
            _inFlight,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return run;
    }

    /// <summary>
    /// Waits until every process started so far has exited and been recorded. A layer that timed out has
    /// already been given up by the executor; its process is being killed and is gone moments later.
    /// </summary>
    public async Task WhenAllExitedAsync()
    {
        foreach (Task run in _inFlight.Keys)
        {
            try
            {
                await run.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The layer that ran it reports the failure; here we only wait for the process to be gone.
            }
        }
    }

    private async Task<ProcessOutput> RunCoreAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        string workingDirectory,
        bool keepStandardInputOpen,
        CancellationToken cancellationToken)
    {
        // Starting a process blocks while the OS creates it, and the executor invokes Task-returning layers
        // inline: yield first so that this start never delays the layers started after it.
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // English messages (the pipeline recognises "not a git repository"), and no prompts or banners.
        start.Environment["LC_ALL"] = "C";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        string commandLine = $"{fileName} {string.Join(' ', arguments)}";
        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{commandLine}'.");
        if (!keepStandardInputOpen)
        {
            process.StandardInput.Close();
        }

        Task<string> standardOutput = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        Task<string> standardError = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);

            // Reap it: the record then says the process is gone, not merely signalled.
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            _records.Enqueue(new ProcessRecord(commandLine, process.Id, clock.Elapsed, $"killed when its layer was cancelled (exited: {process.HasExited})"));
            throw;
        }

        var output = new ProcessOutput(
            process.ExitCode,
            (await standardOutput.ConfigureAwait(false)).TrimEnd(),
            (await standardError.ConfigureAwait(false)).TrimEnd());
        _records.Enqueue(new ProcessRecord(commandLine, process.Id, clock.Elapsed, $"exit code {output.ExitCode}"));
        return output;
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the cancellation and the kill.
        }
    }
}
