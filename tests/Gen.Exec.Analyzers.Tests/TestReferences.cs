using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Gen.Exec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Gen.Exec.Analyzers.Tests;

/// <summary>
/// The references test compilations are built against: the reference assemblies of the running .NET
/// (from the SDK's targeting pack, or the runtime's own assemblies when no pack is installed) plus the
/// Gen.Exec runtime. Nothing is downloaded, so the tests run offline.
/// </summary>
internal static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_all = new(Load);

    /// <summary>A reference set with no package to download; the assemblies come from <see cref="All"/>.</summary>
    public static ReferenceAssemblies None { get; } = new("net10.0");

    public static ImmutableArray<MetadataReference> All => s_all.Value;

    private static ImmutableArray<MetadataReference> Load()
    {
        string frameworkDirectory = FrameworkReferenceDirectory();
        return Directory.EnumerateFiles(frameworkDirectory, "*.dll")
            .Where(IsManagedAssembly)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .Append(MetadataReference.CreateFromFile(typeof(LayerAttribute).Assembly.Location))
            .ToImmutableArray();
    }

    private static string FrameworkReferenceDirectory()
    {
        // The runtime lives in <dotnet>/shared/Microsoft.NETCore.App/<version>; its reference pack, when
        // the SDK is installed, in <dotnet>/packs/Microsoft.NETCore.App.Ref/<version>/ref/net<major>.<minor>.
        string runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string version = Path.GetFileName(runtimeDirectory);
        string dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        string moniker = "net" + Environment.Version.Major + "." + Environment.Version.Minor;
        string referencePack = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref", version, "ref", moniker);
        return Directory.Exists(referencePack) ? referencePack : runtimeDirectory;
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
