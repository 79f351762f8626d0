using System.Threading.Tasks;
using BenchmarkDotNet.Running;
using Gen.Exec.Benchmarks;

if (args.Length > 0 && args[0] == "build-times")
{
    // Generated source size, generator time and analyzer time on the scale graphs (not a BenchmarkDotNet run).
    return await BuildTimes.RunAsync().ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "paired")
{
    // Figure 1 measured round-robin, ratios taken within each round (robust to a shared machine's drifting load).
    return await PairedComparison.RunAsync().ConfigureAwait(false);
}

BenchmarkSwitcher.FromAssembly(typeof(OverheadBenchmarks).Assembly).Run(args);
return 0;
