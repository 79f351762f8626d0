using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Running;
using Gen.Exec.Benchmarks;
using Gen.Exec.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

if (args.Length > 0 && args[0] == "sizes")
{
    // Generated source size against graph size: runs the generator in-process on each scale graph.
    ImmutableArray<MetadataReference> references = CompilationInputs.References();
    Console.WriteLine("| layers | edges | layers + edges | generated chars | chars per (layer + edge) |");
    Console.WriteLine("|---:|---:|---:|---:|---:|");
    foreach (int layers in new[] { 10, 100, 1000 })
    {
        CSharpCompilation compilation = CompilationInputs.Compile(CompilationInputs.ParseGraph(layers), references);
        GeneratorDriverRunResult result = CSharpGeneratorDriver.Create(new ExecutorGenerator()).RunGenerators(compilation).GetRunResult();
        int chars = result.GeneratedTrees.Sum(tree => tree.GetText().Length);
        int edges = (2 * layers) - 10;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {layers} | {edges} | {layers + edges} | {chars} | {chars / (double)(layers + edges):0.0} |"));
    }

    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(OverheadBenchmarks).Assembly).Run(args);
return 0;
