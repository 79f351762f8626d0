using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Linq;

namespace Gen.Exec.Package.Tests;

[Collection(PackageCollection.Name)]
public sealed class PackageConsumptionTests(PackageFixture package)
{
    private static readonly string[] s_roslynComponents =
    [
        "analyzers/dotnet/cs/Gen.Exec.Generators.dll",
        "analyzers/dotnet/cs/Gen.Exec.Analyzers.dll",
        "analyzers/dotnet/cs/Gen.Exec.CodeFixes.dll",
    ];

    [Fact]
    public void Package_holds_the_runtime_per_framework_and_the_roslyn_components_as_analyzers()
    {
        using ZipArchive nupkg = ZipFile.OpenRead(package.PackagePath);
        string[] entries = nupkg.Entries.Select(entry => entry.FullName).ToArray();

        Assert.Contains("lib/net8.0/Gen.Exec.dll", entries);
        Assert.Contains("lib/net10.0/Gen.Exec.dll", entries);
        Assert.Contains("lib/net10.0/Gen.Exec.xml", entries);
        Assert.Contains("README.md", entries);
        foreach (string component in s_roslynComponents)
        {
            Assert.Contains(component, entries);
        }

        // The Roslyn components are analyzers only: never referenced at run time.
        Assert.DoesNotContain(entries, entry => entry.StartsWith("lib/", StringComparison.Ordinal) && !entry.Contains("/Gen.Exec.", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, entry => entry.StartsWith("lib/", StringComparison.Ordinal) && entry.Contains("Generators", StringComparison.Ordinal));
    }

    [Fact]
    public void Package_metadata_names_license_readme_repository_and_no_dependencies()
    {
        using ZipArchive nupkg = ZipFile.OpenRead(package.PackagePath);
        ZipArchiveEntry nuspecEntry = Assert.Single(nupkg.Entries, entry => entry.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using Stream nuspecStream = nuspecEntry.Open();
        XElement metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(element => element.Name.LocalName == "metadata");
        string Element(string name) => metadata.Elements().Single(element => element.Name.LocalName == name).Value;
        XElement Node(string name) => metadata.Elements().Single(element => element.Name.LocalName == name);

        Assert.Equal(PackageFixture.PackageId, Element("id"));
        Assert.Equal(PackageFixture.PackageVersion, Element("version"));
        Assert.Equal("MIT", Element("license"));
        Assert.Equal("expression", Node("license").Attribute("type")?.Value);
        Assert.Equal("README.md", Element("readme"));
        Assert.False(string.IsNullOrWhiteSpace(Element("description")));
        Assert.Contains("source-generator", Element("tags"), StringComparison.Ordinal);
        Assert.Equal("https://github.com/gen-exec/Gen.Exec", Node("repository").Attribute("url")?.Value);

        // The generator and analyzer projects must not leak as package dependencies.
        XElement dependencies = Node("dependencies");
        Assert.DoesNotContain(dependencies.Descendants(), element => element.Name.LocalName == "dependency");

        Assert.True(File.Exists(package.SymbolPackagePath), "the symbols package (.snupkg) is produced beside the package");
        using ZipArchive snupkg = ZipFile.OpenRead(package.SymbolPackagePath);
        Assert.Contains(snupkg.Entries, entry => entry.FullName == "lib/net10.0/Gen.Exec.pdb");
    }

    [Fact]
    public async Task Consumer_referencing_only_the_package_builds_runs_and_gets_typed_results()
    {
        string consumer = package.CreateConsumer("TypedPipeline");

        CommandResult build = await package.BuildAsync(consumer);
        Assert.True(build.ExitCode == 0, build.ToString());

        CommandResult run = await package.RunAsync(consumer);
        Assert.True(run.ExitCode == 0, run.ToString());
        string[] lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Contains("Count: Succeeded 11", lines);
        Assert.Contains("Upper: Succeeded HELLO WORLD", lines);
        Assert.Contains("Broken: Failed InvalidOperationException: store offline", lines);
        Assert.Contains("Slow: TimedOut", lines);
        Assert.Contains("NeedsBroken: Skipped", lines);
        Assert.Contains("Summary: Succeeded HELLO WORLD/11/Failed/TimedOut", lines);
        Assert.Contains("Stats: 3 succeeded, 1 failed, 1 timed out, 1 skipped", lines);
        Assert.Contains("Batches: Count, Upper, Broken, Slow | Summary, NeedsBroken", lines);
        Assert.Contains("Runs: 1", lines);

        // Nothing but the runtime reaches the consumer's output; the generator ran at compile time only.
        string output = Path.Combine(consumer, "bin", "Release", "net10.0");
        Assert.True(File.Exists(Path.Combine(output, "Gen.Exec.dll")), "the runtime is copied to the output");
        foreach (string component in s_roslynComponents)
        {
            Assert.False(File.Exists(Path.Combine(output, Path.GetFileName(component))), $"{Path.GetFileName(component)} must not be a runtime dependency");
        }

        string deps = File.ReadAllText(Path.Combine(output, "TypedPipeline.deps.json"));
        Assert.DoesNotContain("Gen.Exec.Generators", deps, StringComparison.Ordinal);
        Assert.DoesNotContain("Gen.Exec.Analyzers", deps, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.CodeAnalysis", deps, StringComparison.Ordinal);

        // EmitCompilerGeneratedFiles shows users the generated executor.
        string generated = Path.Combine(consumer, "obj", "Release", "net10.0", "generated", "Gen.Exec.Generators");
        Assert.True(Directory.Exists(generated), $"generated sources are written under {generated}");
        Assert.Contains(
            Directory.EnumerateFiles(generated, "*.cs", SearchOption.AllDirectories),
            file => File.ReadAllText(file).Contains("class Executor", StringComparison.Ordinal));

        // Without DI, logging or Polly referenced, no integration code is generated and nothing names them.
        Assert.All(Directory.EnumerateFiles(generated, "*.cs", SearchOption.AllDirectories), file =>
        {
            Assert.NotEqual("GenExecServiceCollectionExtensions.g.cs", Path.GetFileName(file));
            Assert.DoesNotContain("Microsoft.Extensions", File.ReadAllText(file), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Consumer_with_DI_logging_and_Polly_gets_AddGenExec_logs_and_an_open_circuit()
    {
        string consumer = package.CreateConsumer(
            "ServiceIntegration",
            ("Microsoft.Extensions.DependencyInjection", "11.0.0"),
            ("Microsoft.Extensions.Logging", "11.0.0"),
            ("Polly.Core", "8.9.1"));

        CommandResult build = await package.BuildAsync(consumer);
        Assert.True(build.ExitCode == 0, build.ToString());

        CommandResult run = await package.RunAsync(consumer);
        Assert.True(run.ExitCode == 0, run.ToString());
        string[] lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("Run 0: FellBack 10 InvalidOperationException", lines);
        Assert.Contains("Run 1: FellBack 10 InvalidOperationException", lines);
        Assert.Contains("Run 2: FellBack 10 BrokenCircuitException", lines);
        Assert.Contains("Runs: 3", lines);
        Assert.Contains(lines, line => line.StartsWith("Log Information 5 Pricing: Layer Price of Pricing fell back after System.InvalidOperationException and 1 attempt(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Consumer_with_a_dependency_cycle_fails_to_build_with_GEX001()
    {
        string consumer = package.CreateConsumer("DependencyCycle");

        CommandResult build = await package.BuildAsync(consumer);

        Assert.True(build.ExitCode != 0, "a graph with a cycle must not build\n" + build);
        Match cycle = Regex.Match(build.Output, @"error GEX001:[^\r\n]*?\b([ABC]) -> ([ABC]) -> ([ABC]) -> \1\b");
        Assert.True(cycle.Success, "the build reports GEX001 naming the whole cycle\n" + build);
        Assert.Equal(3, new[] { cycle.Groups[1].Value, cycle.Groups[2].Value, cycle.Groups[3].Value }.Distinct().Count());
    }

    [Theory]
    [InlineData("RunAnalyzers=false")]
    [InlineData("RunAnalyzersDuringBuild=false")]
    public async Task Consumer_built_without_analyzers_still_sees_the_GEX_id_and_message(string property)
    {
        string consumer = package.CreateConsumer("DependencyCycle");

        CommandResult build = await package.BuildAsync(consumer, property);

        Assert.True(build.ExitCode != 0, $"a graph with a cycle must not build with {property}\n" + build);
        Assert.Matches(@"#error: 'GEX001 in [^\r\n]*?: The layers' dependencies form a cycle: ([ABC]) -> ([ABC]) -> ([ABC]) -> \1", build.Output);
        Assert.DoesNotMatch(@"error GEX001:", build.Output);
    }
}
