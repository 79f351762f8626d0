using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Gen.Exec.Generators;

namespace Gen.Exec.Analyzers.Tests;

/// <summary>
/// A real consumer project built with <c>dotnet build</c>, referencing the runtime and loading the generator and
/// analyzers as analyzer assemblies, the way the package's analyzers/dotnet/cs folder delivers them.
/// </summary>
public sealed class ConsumerBuildTests
{
    [Fact]
    public async Task Dotnet_build_reports_graph_mistakes_as_errors()
    {
        string directory = Path.Combine(Path.GetTempPath(), "gen-exec-consumer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string output = AppContext.BaseDirectory;
            // Stop MSBuild from picking up Directory.Build.props / Directory.Packages.props of enclosing folders.
            File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />");
            File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />");
            File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />");
            File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net{Environment.Version.Major}.{Environment.Version.Minor}</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                  </PropertyGroup>
                  <ItemGroup>
                    <Reference Include="{Path.Combine(output, "Gen.Exec.dll")}" />
                    <Analyzer Include="{typeof(ExecutorGenerator).Assembly.Location}" />
                    <Analyzer Include="{typeof(GraphAnalyzer).Assembly.Location}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(directory, "Graph.cs"), """
                using Gen.Exec;

                namespace Consumer;

                [Timeout(1000)]
                public partial class Cyclic
                {
                    [Layer, DependsOn(nameof(C))] public int A() => 1;
                    [Layer, DependsOn(nameof(A))] public int B() => 1;
                    [Layer, DependsOn(nameof(B))] public int C() => 1;
                }

                public partial class Untimed
                {
                    [Layer] public int Fetch() => 1;
                }
                """);

            (int exitCode, string log) = await RunAsync("dotnet", "build --disable-build-servers -nologo -clp:NoSummary", directory);

            Assert.NotEqual(0, exitCode);
            Assert.Contains("error GEX001: The layers' dependencies form a cycle: A -> C -> B -> A", log);
            Assert.Contains("error GEX002: Layer 'Fetch' has no time-out", log);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // Do not inherit the test host's MSBuild state (set when tests run under `dotnet test`).
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");

        using Process process = Process.Start(start)!;
        var log = new StringBuilder();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        // Generous: a cold restore and build on a loaded two-core machine.
        Task exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromMinutes(10))) != exited)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet build did not finish within 10 minutes.");
        }

        log.Append(await stdout).Append(await stderr);
        return (process.ExitCode, log.ToString());
    }
}
