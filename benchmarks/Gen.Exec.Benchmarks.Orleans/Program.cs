using System.Linq;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Gen.Exec.Benchmarks.Orleans;

// As in Gen.Exec.Benchmarks: a benchmark that fails makes the process fail, so that smoke runs catch it.
Summary[] summaries = BenchmarkSwitcher.FromAssembly(typeof(DispatchBenchmarks).Assembly).Run(args).ToArray();
return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
