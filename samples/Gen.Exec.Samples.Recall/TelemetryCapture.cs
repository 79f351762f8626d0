using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Gen.Exec.Samples.Recall;

/// <summary>
/// The real OpenTelemetry SDK, as a service would configure it, collecting into memory instead of exporting:
/// a tracer provider for the <c>Gen.Exec</c> activity source and this sample's own, and a meter provider for the
/// <c>Gen.Exec</c> meter.
/// </summary>
public sealed class TelemetryCapture : IDisposable
{
    /// <summary>The sample's activity source: its "request" span is the parent of each run's span.</summary>
    public static readonly ActivitySource Source = new("Recall.Sample");

    private readonly List<Activity> _spans = new();
    private readonly List<MetricSnapshot> _metrics = new();
    private readonly TracerProvider _tracerProvider;
    private readonly MeterProvider _meterProvider;

    /// <summary>Starts collecting.</summary>
    public TelemetryCapture()
    {
        _tracerProvider = Sdk.CreateTracerProviderBuilder()
            .AddSource(Source.Name)
            .AddSource(ExecutorTelemetry.Name)
            .AddInMemoryExporter(_spans)
            .Build();
        _meterProvider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(ExecutorTelemetry.Name)
            .AddInMemoryExporter(_metrics)
            .Build();
    }

    /// <summary>Starts the span a caller (an ASP.NET Core request, say) would have around a run.</summary>
    public static Activity? StartRequest(string name) => Source.StartActivity(name, ActivityKind.Server);

    /// <summary>The spans of <paramref name="traceId"/> exported so far (every stopped span, with the default trace id).</summary>
    public IReadOnlyList<Activity> Spans(ActivityTraceId traceId = default)
    {
        _tracerProvider.ForceFlush();
        return traceId == default ? _spans.ToArray() : _spans.Where(span => span.TraceId == traceId).ToArray();
    }

    /// <summary>Collects the metrics now (cumulative since the capture started) and returns them.</summary>
    public IReadOnlyList<MetricSnapshot> Metrics()
    {
        _metrics.Clear();
        _meterProvider.ForceFlush();
        return _metrics.ToArray();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _tracerProvider.Dispose();
        _meterProvider.Dispose();
    }
}
