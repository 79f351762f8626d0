using System;
using System.IO;
using System.Linq;
using Gen.Exec.Graph;
using Microsoft.CodeAnalysis;

namespace Gen.Exec.Analyzers.Tests;

/// <summary>Every descriptor is complete, documented and release-tracked, and every graph problem has one.</summary>
public sealed class DescriptorTests
{
    private static readonly string s_repositoryRoot = FindRepositoryRoot();

    public static TheoryData<string> Ids => new(GraphDiagnostics.All.Select(d => d.Id));

    [Fact]
    public void Ids_are_unique_and_numbered_from_GEX001_without_gaps()
    {
        string[] ids = GraphDiagnostics.All.Select(d => d.Id).ToArray();
        Assert.Equal(Enumerable.Range(1, ids.Length).Select(i => $"GEX{i:000}"), ids);
    }

    [Fact]
    public void Every_graph_problem_kind_maps_to_a_descriptor()
    {
        foreach (GraphProblemKind kind in Enum.GetValues<GraphProblemKind>())
        {
            Assert.Contains(GraphDiagnostics.For(kind), GraphDiagnostics.All);
        }

        Assert.Equal(Enum.GetValues<GraphProblemKind>().Length, GraphDiagnostics.GraphProblems.Length);
    }

    [Fact]
    public void Contract_ids_have_the_contract_meaning_and_severity()
    {
        Assert.Equal(("GEX001", DiagnosticSeverity.Error), (GraphDiagnostics.Cycle.Id, GraphDiagnostics.Cycle.DefaultSeverity));
        Assert.Equal(("GEX002", DiagnosticSeverity.Error), (GraphDiagnostics.MissingTimeout.Id, GraphDiagnostics.MissingTimeout.DefaultSeverity));
        Assert.Equal(("GEX003", DiagnosticSeverity.Error), (GraphDiagnostics.UnknownDependency.Id, GraphDiagnostics.UnknownDependency.DefaultSeverity));
        Assert.Equal(("GEX004", DiagnosticSeverity.Error), (GraphDiagnostics.LatencyBudgetExceeded.Id, GraphDiagnostics.LatencyBudgetExceeded.DefaultSeverity));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_is_complete_and_links_to_its_page(string id)
    {
        DiagnosticDescriptor descriptor = GraphDiagnostics.All.Single(d => d.Id == id);
        Assert.Equal("Gen.Exec", descriptor.Category);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString()));
        Assert.False(string.IsNullOrWhiteSpace(descriptor.MessageFormat.ToString()));
        Assert.EndsWith(".", descriptor.Description.ToString(), StringComparison.Ordinal);
        Assert.Equal($"https://github.com/gen-exec/Gen.Exec/blob/main/docs/diagnostics/{id}.md", descriptor.HelpLinkUri);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Page_index_and_release_tracking_agree_with_the_descriptor(string id)
    {
        DiagnosticDescriptor descriptor = GraphDiagnostics.All.Single(d => d.Id == id);
        string page = File.ReadAllText(Path.Combine(s_repositoryRoot, "docs", "diagnostics", id + ".md"));
        Assert.StartsWith($"# {id}: {descriptor.Title}", page, StringComparison.Ordinal);
        Assert.Contains($"| Severity | {descriptor.DefaultSeverity} |", page, StringComparison.Ordinal);

        string index = File.ReadAllText(Path.Combine(s_repositoryRoot, "docs", "diagnostics", "README.md"));
        Assert.Contains($"| [{id}]({id}.md) | {descriptor.DefaultSeverity} | {descriptor.Title} |", index, StringComparison.Ordinal);

        // GEX001-GEX018 shipped in 1.0.0; later ids are unshipped until the next release. Each is listed once.
        string shipped = File.ReadAllText(Path.Combine(s_repositoryRoot, "analyzers", "Gen.Exec.Analyzers", "AnalyzerReleases.Shipped.md"));
        string unshipped = File.ReadAllText(Path.Combine(s_repositoryRoot, "analyzers", "Gen.Exec.Analyzers", "AnalyzerReleases.Unshipped.md"));
        string row = $"{id} | Gen.Exec | {descriptor.DefaultSeverity} | {descriptor.Title}";
        bool released = int.Parse(id.Substring(3), System.Globalization.CultureInfo.InvariantCulture) <= 18;
        Assert.Contains(row, released ? shipped : unshipped, StringComparison.Ordinal);
        Assert.DoesNotContain(id + " ", released ? unshipped : shipped, StringComparison.Ordinal);
    }

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Directory.Packages.props")) && Directory.Exists(Path.Combine(directory.FullName, "docs", "diagnostics")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with docs/diagnostics) was not found above " + AppContext.BaseDirectory);
    }
}
