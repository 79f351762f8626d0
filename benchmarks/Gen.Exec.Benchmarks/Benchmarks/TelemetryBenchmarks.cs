using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
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
/// <remarks>
/// The second benchmark is the floor of metrics: the 20 measurements the contract's instruments take for one
/// such run (<c>gen_exec.layer.active</c> +1 and -1 and <c>gen_exec.layer.duration</c> per layer, the run's
/// duration and speedup), with the same tag keys and values, recorded straight into instruments of the same
/// shape on a meter the same SDK collects. Whatever the executor adds with metrics on, beyond that floor,
/// is Gen.Exec's own cost; the floor is the collector's.
/// </remarks>
[MemoryDiagnoser]
public class TelemetryBenchmarks
{
    private const string FloorMeterName = "Gen.Exec.Benchmarks.MetricsFloor";

    private FanOutGraph.Executor _executor = null!;
    private MeterProvider? _meters;
    private TracerProvider? _tracer;
    private MetricsFloor _floor = null!;

    [Params(TelemetryCollection.None, TelemetryCollection.Metrics, TelemetryCollection.Tracing, TelemetryCollection.MetricsAndTracing)]
    public TelemetryCollection Collector { get; set; }

    [ParamsAllValues]
    public LayerCompletion Layers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _executor = new FanOutGraph.Executor(new FanOutGraph { YieldOnce = Layers == LayerCompletion.YieldOnce });
        _floor = new MetricsFloor();
        if (Collector is TelemetryCollection.Metrics or TelemetryCollection.MetricsAndTracing)
        {
            // A reader that is never asked to export: what is measured is recording into the SDK's aggregators.
            _meters = Sdk.CreateMeterProviderBuilder()
                .AddMeter(ExecutorTelemetry.Name, FloorMeterName)
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
        _floor?.Dispose();
    }

    [Benchmark(Description = "generated executor")]
    public async Task<int> Run() => (await _executor.RunAsync(1).ConfigureAwait(false)).Merge.Value;

    [Benchmark(Description = "the run's 20 measurements alone")]
    public int MeasurementsAlone() => _floor.RecordOneRun();

    /// <summary>Instruments shaped as Gen.Exec's (kinds, units, bucket advice) on a meter of their own.</summary>
    private sealed class MetricsFloor : IDisposable
    {
        private static readonly double[] s_durationBuckets =
            [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 15, 30, 60];

        private static readonly double[] s_speedupBuckets = [0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12, 16];

        private readonly Meter _meter = new(FloorMeterName);
        private readonly Histogram<double> _runDuration;
        private readonly Histogram<double> _layerDuration;
        private readonly Histogram<double> _runSpeedup;
        private readonly UpDownCounter<long> _layerActive;
        private readonly KeyValuePair<string, object?> _graph = new("gen_exec.graph", typeof(FanOutGraph).FullName);
        private readonly KeyValuePair<string, object?> _succeeded = new("gen_exec.layer.status", "succeeded");
        private readonly KeyValuePair<string, object?> _outcome = new("gen_exec.run.outcome", "succeeded");
        private readonly KeyValuePair<string, object?>[] _layers =
            [new("gen_exec.layer", "A"), new("gen_exec.layer", "B"), new("gen_exec.layer", "C"), new("gen_exec.layer", "D"), new("gen_exec.layer", "E"), new("gen_exec.layer", "Merge")];

        public MetricsFloor()
        {
            _runDuration = _meter.CreateHistogram("gen_exec.run.duration", "s", null, null, new InstrumentAdvice<double> { HistogramBucketBoundaries = s_durationBuckets });
            _layerDuration = _meter.CreateHistogram("gen_exec.layer.duration", "s", null, null, new InstrumentAdvice<double> { HistogramBucketBoundaries = s_durationBuckets });
            _runSpeedup = _meter.CreateHistogram("gen_exec.run.speedup", "1", null, null, new InstrumentAdvice<double> { HistogramBucketBoundaries = s_speedupBuckets });
            _layerActive = _meter.CreateUpDownCounter<long>("gen_exec.layer.active", "{layer}");
        }

        public int RecordOneRun()
        {
            for (int i = 0; i < _layers.Length; i++)
            {
                _layerActive.Add(1, _graph);
            }

            for (int i = 0; i < _layers.Length; i++)
            {
                _layerActive.Add(-1, _graph);
                _layerDuration.Record(0.000_2, _graph, _layers[i], _succeeded);
            }

            _runDuration.Record(0.001, _graph, _outcome);
            _runSpeedup.Record(1.2, _graph);
            return _layers.Length;
        }

        public void Dispose() => _meter.Dispose();
    }

    private sealed class DiscardingMetricExporter : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
    }

    private sealed class DiscardingActivityExporter : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch) => ExportResult.Success;
    }
}
