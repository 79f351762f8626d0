using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Xunit.Abstractions;

namespace Gen.Exec.Samples.Service.Tests;

/// <summary>
/// The sample published with Native AOT: no trim or AOT warning, and the native binary serves a request. Minutes of
/// compiling, so only with <c>GENEXEC_LONG=1</c>. Needs the platform linker (clang; on Linux also zlib's headers).
/// </summary>
public sealed partial class NativeAotTests(ITestOutputHelper output)
{
    [LongFact]
    public async Task The_sample_publishes_with_native_AOT_without_warnings_and_the_binary_serves_a_request()
    {
        string root = RepositoryRoot();
        string work = Path.Combine(Path.GetTempPath(), "genexec-aot-" + Guid.NewGuid().ToString("N"));
        string published = Path.Combine(work, "out");
        try
        {
            // Its own artifacts path: the publish neither reuses nor disturbs the obj/ and bin/ of the test's own build.
            // PublishAot comes from the project file: as a global property (-p:) it would reach the netstandard2.0
            // generator and analyzers too, which cannot be compiled ahead of time (NETSDK1207).
            string arguments = $"publish \"{Path.Combine(root, "samples", "Gen.Exec.Samples.Service")}\" -c Release -r {RuntimeInformation.RuntimeIdentifier}"
                + $" -o \"{published}\" --artifacts-path \"{Path.Combine(work, "artifacts")}\"{LinkerArgument()}";
            (int exitCode, string log) = await RunAsync("dotnet", arguments, root, TimeSpan.FromMinutes(30));
            string[] warnings = [.. WarningCode().Matches(log).Select(match => match.Value).Distinct()];
            output.WriteLine($"publish exit code {exitCode}; warnings: {(warnings.Length == 0 ? "none" : string.Join(", ", warnings))}");
            Assert.True(exitCode == 0, log);
            Assert.Empty(warnings);

            string binary = Path.Combine(published, "Gen.Exec.Samples.Service" + (OperatingSystem.IsWindows() ? ".exe" : string.Empty));
            Assert.True(File.Exists(binary), $"no native binary at {binary}");
            // A native binary has no IL assembly of the app beside it.
            Assert.False(File.Exists(Path.Combine(published, "Gen.Exec.Samples.Service.dll")), "the publish output holds IL, not a native binary");
            output.WriteLine($"binary: {new FileInfo(binary).Length / (1024.0 * 1024.0):0.0} MiB");

            await ServeAsync(binary, published);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A temp directory left behind is not the test's failure.
            }
        }
    }

    private async Task ServeAsync(string binary, string directory)
    {
        int port = FreePort();
        var start = new ProcessStartInfo(binary, $"--urls http://127.0.0.1:{port}")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Backends__trending__FailureRate"] = "0";
        using Process server = Process.Start(start) ?? throw new InvalidOperationException("the binary did not start");
        var log = new StringBuilder();
        server.OutputDataReceived += (_, e) => Append(log, e.Data);
        server.ErrorDataReceived += (_, e) => Append(log, e.Data);
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
            await WaitUntilHealthyAsync(client, server, log);

            using HttpResponseMessage response = await client.GetAsync("retrieve?user=ada&q=native&fail=trending");
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}\n{Snapshot(log)}");
            RetrievalResponse? answer = System.Text.Json.JsonSerializer.Deserialize(body, SampleJsonContext.Default.RetrievalResponse);
            Assert.NotNull(answer);
            Assert.Equal("ada", answer.Answer.Profile?.User);
            Assert.Equal(3, answer.Answer.Documents.Length);
            Assert.Equal(["Intro to compilers", "Intro to scheduling"], answer.Answer.Recommendations.Select(r => r.Title));
            Assert.Equal(["Trending"], answer.Answer.FellBack);
            Assert.Empty(answer.Answer.Missing);

            string metrics = await client.GetStringAsync("metrics");
            Assert.Contains("gen_exec_layer_duration_seconds_count{", metrics, StringComparison.Ordinal);
            Assert.StartsWith("flowchart", await client.GetStringAsync("graph"), StringComparison.Ordinal);
            output.WriteLine(body);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static async Task WaitUntilHealthyAsync(HttpClient client, Process server, StringBuilder log)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(server.HasExited, $"the binary exited with {(server.HasExited ? server.ExitCode : 0)}:\n{Snapshot(log)}");
            try
            {
                using HttpResponseMessage health = await client.GetAsync("healthz");
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the binary did not answer /healthz within 60 s:\n{Snapshot(log)}");
            await Task.Delay(100);
        }
    }

    private static async Task<(int ExitCode, string Log)> RunAsync(string file, string arguments, string directory, TimeSpan limit)
    {
        var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not finish within {limit}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    // The Native AOT toolchain looks for `clang`; Debian installs it versioned (clang-14) unless clang itself is installed.
    private static string LinkerArgument()
    {
        if (!OperatingSystem.IsLinux() || OnPath("clang"))
        {
            return string.Empty;
        }

        string? versioned = Enumerable.Range(10, 20).Reverse().Select(v => $"clang-{v}").FirstOrDefault(OnPath);
        return versioned is null ? string.Empty : $" -p:CppCompilerAndLinker={versioned}";
    }

    private static bool OnPath(string program)
        => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, program)));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gen.Exec.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Gen.Exec.sln not found above " + AppContext.BaseDirectory);
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private static string Snapshot(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    // Trim analysis (IL2xxx), AOT analysis (IL3xxx) and single-file (IL3000-IL3005) warnings as MSBuild prints them.
    [GeneratedRegex(@"warning IL\d{4}")]
    private static partial Regex WarningCode();
}
