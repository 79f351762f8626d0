using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Gen.Exec.Benchmarks;

if (args.Length > 0 && args[0] == "build-times")
{
    // Generated source size, generator time and analyzer time on the scale graphs (not a BenchmarkDotNet run).
    return await BuildTimes.RunAsync().ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "paired")
{
    // Figure 1 and issue 15's floors measured round-robin, ratios taken within each round (robust to a shared
    // machine's drifting load). paired [overhead|floors] [--rounds N]
    return await PairedComparison.RunAsync(args[1..]).ConfigureAwait(false);
}

if (args.Length > 0 && args[0] == "makespan")
{
    // Issue 15 item 4: AdaptivePriority's makespan against the optimal list schedule, in virtual time.
    return Gen.Exec.Benchmarks.Makespan.AdaptiveMakespan.Run(args[1..]);
}

// A benchmark that throws or fails to build reports NA but would not fail the process: make it fail, so that
// the smoke run in CI catches benchmarks that rot.
IEnumerable<Summary> summaries = BenchmarkSwitcher.FromAssembly(typeof(OverheadBenchmarks).Assembly).Run(args);
bool failed = summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success));
return failed ? 1 : 0;
