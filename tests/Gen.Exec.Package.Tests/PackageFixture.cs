using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace Gen.Exec.Package.Tests;

/// <summary>
/// Packs Gen.Exec once per test run into a temporary local feed, and builds consumer projects against it
/// with their own global packages folder, so that a cached Gen.Exec 1.0.0 from an earlier run never
/// stands in for the package just made.
/// </summary>
public sealed class PackageFixture : IAsyncLifetime
{
    public const string PackageId = "Gen.Exec";
    public const string PackageVersion = "1.0.0";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "gen-exec-package-tests-" + Guid.NewGuid().ToString("N"));

    public string RepositoryRoot { get; } = FindRepositoryRoot();

    public string Feed => Path.Combine(_root, "feed");

    public string PackagePath => Path.Combine(Feed, $"{PackageId}.{PackageVersion}.nupkg");

    public string SymbolPackagePath => Path.Combine(Feed, $"{PackageId}.{PackageVersion}.snupkg");

    private string GlobalPackagesFolder => Path.Combine(_root, "packages");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);

        // Stop MSBuild's upward search here: the consumers must not pick up the repository's (or any
        // enclosing directory's) build settings or central package versions.
        File.WriteAllText(Path.Combine(_root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(_root, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(_root, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(_root, "nuget.config"), NuGetConfig());

        CommandResult pack = await DotNetCli.RunAsync(
            RepositoryRoot,
            environment: null,
            "pack",
            Path.Combine(RepositoryRoot, "src", "Gen.Exec", "Gen.Exec.csproj"),
            "-c", "Release",
            "-o", Feed,
            "--disable-build-servers").ConfigureAwait(false);
        if (pack.ExitCode != 0 || !File.Exists(PackagePath))
        {
            throw new InvalidOperationException($"Packing Gen.Exec failed.\n{pack}");
        }
    }

    /// <summary>
    /// Creates a consumer project from Consumers/<paramref name="name"/> that references the package, and only the
    /// <paramref name="packages"/> given besides it.
    /// </summary>
    public string CreateConsumer(string name, params (string Id, string Version)[] packages)
    {
        string directory = Path.Combine(_root, name);
        Directory.CreateDirectory(directory);
        foreach (string source in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Consumers", name)))
        {
            File.Copy(source, Path.Combine(directory, Path.GetFileName(source)), overwrite: true);
        }

        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{PackageId}" Version="{PackageVersion}" />
            {string.Concat(packages.Select(p => $"    <PackageReference Include=\"{p.Id}\" Version=\"{p.Version}\" />\n"))}  </ItemGroup>
            </Project>
            """);
        return directory;
    }

    /// <summary>Restores and builds a consumer in Release.</summary>
    public Task<CommandResult> BuildAsync(string consumerDirectory, params string[] properties)
        => DotNetCli.RunAsync(
            consumerDirectory,
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = GlobalPackagesFolder },
            new[] { "build", "-c", "Release", "--disable-build-servers" }.Concat(properties.Select(p => "-p:" + p)).ToArray());

    /// <summary>Runs a built consumer.</summary>
    public Task<CommandResult> RunAsync(string consumerDirectory)
        => DotNetCli.RunAsync(
            consumerDirectory,
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = GlobalPackagesFolder },
            "run",
            "-c", "Release",
            "--no-build");

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A build server or virus scanner may still hold a file; the OS cleans the temp folder.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return Task.CompletedTask;
    }

    // The local feed serves Gen.Exec and nothing else (source mapping), so a package of the same id and
    // version on another source can never be picked; everything else restores from the default source.
    private string NuGetConfig() => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="local-gen-exec" value="{Feed}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
          </packageSources>
          <packageSourceMapping>
            <packageSource key="local-gen-exec">
              <package pattern="{PackageId}" />
            </packageSource>
            <packageSource key="nuget.org">
              <package pattern="*" />
            </packageSource>
          </packageSourceMapping>
        </configuration>
        """;

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gen.Exec.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Gen.Exec.sln above {AppContext.BaseDirectory}.");
    }
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "Gen.Exec package";
}
