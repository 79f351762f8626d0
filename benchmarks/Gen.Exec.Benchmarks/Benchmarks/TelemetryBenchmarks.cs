using System;
using System.Diagnostics;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Gen.Exec.Benchmarks.Graphs;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Gen.Exec.Benchmarks;

/// <summary>What collects Gen.Exec's telemetry while the runs are measured.</summary>
public enum TelemetryCollection
{
    /// <summary>Nothing listens: the cost must be that of part 1.</summary>
    None,

    /// <summary>The OpenTelemetry SDK collects the Gen.Exec metrics (AddMeter("Gen.Exec")).</summary>
    Metrics,

    /// <summary>The OpenTelemetry SDK records the Gen.Exec spans, every one sampled (AddSource("Gen.Exec"), AlwaysOnSampler).</summary>
    Tracing,

    /// <summary>Both, as a service exporting everything would.</summary>
    MetricsAndTracing,
}

/// <summary>
/// The cost of telemetry on one run of the 5-layer fan-out plus merge (the overhead benchmark's graph), for
/// each collector. The ratio to be read is each row's Mean over the None row's with the same layer completion.
/// </summary>
[MemoryDiagnoser]
public class TelemetryBenchmarks
{
    private FanOutGraph.Executor _executor = null!;
    private MeterProvider? _meters;
    private TracerProvider? _tracer;

    [Params(TelemetryCollection.None, TelemetryCollection.Metrics, TelemetryCollection.Tracing, TelemetryCollection.MetricsAndTracing)]
    public TelemetryCollection Collector { get; set; }

    [ParamsAllValues]
    public LayerCompletion Layers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _executor = new FanOutGraph.Executor(new FanOutGraph { YieldOnce = Layers == LayerCompletion.YieldOnce });
        if (Collector is TelemetryCollection.Metrics or TelemetryCollection.MetricsAndTracing)
        {
            // A reader that is never asked to export: what is measured is recording into the SDK's aggregators.
            _meters = Sdk.CreateMeterProviderBuilder()
                .AddMeter(ExecutorTelemetry.Name)
                .AddReader(new BaseExportingMetricReader(new DiscardingMetricExporter()))
                .Build();
        }

        if (Collector is TelemetryCollection.Tracing or TelemetryCollection.MetricsAndTracing)
        {
            _tracer = Sdk.CreateTracerProviderBuilder()
                .AddSource(ExecutorTelemetry.Name)
                .SetSampler(new AlwaysOnSampler())
                .AddProcessor(new SimpleActivityExportProcessor(new DiscardingActivityExporter()))
                .Build();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _meters?.Dispose();
        _tracer?.Dispose();
    }

    [Benchmark(Description = "generated executor")]
    public async Task<int> Run() => (await _executor.RunAsync(1).ConfigureAwait(false)).Merge.Value;

    private sealed class DiscardingMetricExporter : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
    }

    private sealed class DiscardingActivityExporter : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch) => ExportResult.Success;
    }
}
