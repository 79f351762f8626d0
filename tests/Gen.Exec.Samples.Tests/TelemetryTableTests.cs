using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.IO;
using System.Linq;
using Gen.Exec.Samples.Recall;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Gen.Exec.Samples.Tests;

/// <summary>
/// The telemetry tables from what the real OpenTelemetry SDK collects. The spans and points here come from this
/// test's own source and meter, shaped as an executor reports a run (a request span, the run span under it, one
/// span per layer under that), so the tables are checked whatever the engine reports.
/// </summary>
public sealed class TelemetryTableTests
{
    [Fact]
    public void The_span_table_shows_the_run_span_under_the_request_and_each_layer_under_the_run()
    {
        using var source = new ActivitySource("Samples.Tests.Spans." + Guid.NewGuid().ToString("N"));
        var exported = new List<Activity>();
        using (TracerProvider provider = Sdk.CreateTracerProviderBuilder().AddSource(source.Name).AddInMemoryExporter(exported).Build())
        {
            using Activity request = source.StartActivity("recall", ActivityKind.Server)!;
            using (Activity run = source.StartActivity("Tier1Recall")!)
            {
                run.SetTag("gen_exec.run.outcome", "degraded");
                foreach (string layer in new[] { "Episodic", "Semantic" })
                {
                    using Activity span = source.StartActivity("Tier1Recall." + layer)!;
                    span.SetTag("gen_exec.layer.status", layer == "Semantic" ? "timed_out" : "succeeded");
                    if (layer == "Semantic")
                    {
                        span.SetTag("error.type", "timeout");
                        span.SetStatus(ActivityStatusCode.Error, "Layer 'Semantic' did not finish within its time-out of 250 ms.");
                    }
                }
            }
        }

        IReadOnlyList<SpanRow> rows = TelemetryTable.SpanRows(exported);

        Assert.Equal(["recall", "Tier1Recall", "Tier1Recall.Episodic", "Tier1Recall.Semantic"], rows.Select(row => row.Name));
        Assert.Equal([0, 1, 2, 2], rows.Select(row => row.Depth));
        Assert.Equal([null, "recall", "Tier1Recall", "Tier1Recall"], rows.Select(row => row.Parent));
        Assert.Equal("gen_exec.run.outcome=degraded", rows[1].Tags);
        Assert.StartsWith("Error", rows[3].Status, StringComparison.Ordinal);
        Assert.Equal("gen_exec.layer.status=timed_out, error.type=timeout", rows[3].Tags);

        string text = Render(rows, []);
        Assert.Contains("└─ Tier1Recall ", text, StringComparison.Ordinal);
        Assert.Contains("   └─ Tier1Recall.Semantic", text, StringComparison.Ordinal);
        Assert.Contains("error.type=timeout", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_metric_table_has_one_row_per_point_without_the_graph_tag()
    {
        string meterName = "Samples.Tests.Metrics." + Guid.NewGuid().ToString("N");
        var exported = new List<MetricSnapshot>();
        using (var meter = new Meter(meterName))
        using (MeterProvider provider = Sdk.CreateMeterProviderBuilder().AddMeter(meterName).AddInMemoryExporter(exported).Build())
        {
            Histogram<double> duration = meter.CreateHistogram<double>("gen_exec.layer.duration", "s");
            UpDownCounter<long> active = meter.CreateUpDownCounter<long>("gen_exec.layer.active", "{layer}");
            var graph = new KeyValuePair<string, object?>("gen_exec.graph", "Recall.Tier1Recall");
            duration.Record(0.08, graph, new("gen_exec.layer", "Episodic"), new("gen_exec.layer.status", "succeeded"));
            duration.Record(0.12, graph, new("gen_exec.layer", "Episodic"), new("gen_exec.layer.status", "succeeded"));
            duration.Record(0.25, graph, new("gen_exec.layer.status", "timed_out"), new("error.type", "timeout"), new("gen_exec.layer", "Semantic"));
            active.Add(1, graph);
            active.Add(-1, graph);
            provider.ForceFlush();
        }

        IReadOnlyList<MetricRow> rows = TelemetryTable.MetricRows(exported.GroupBy(metric => metric.Name).Select(group => group.First()));

        Assert.Equal(3, rows.Count);
        Assert.Equal(new MetricRow("gen_exec.layer.active", "{layer}", string.Empty, "0"), rows[0]);
        Assert.Equal(new MetricRow("gen_exec.layer.duration", "s", "gen_exec.layer=Episodic, gen_exec.layer.status=succeeded", "count 2, sum 0.2"), rows[1]);
        Assert.Equal("gen_exec.layer=Semantic, gen_exec.layer.status=timed_out, error.type=timeout", rows[2].Tags);
        Assert.DoesNotContain(rows, row => row.Tags.Contains("gen_exec.graph", StringComparison.Ordinal));
    }

    [Fact]
    public void Plain_tables_have_no_escape_character()
    {
        var spans = new[] { new SpanRow("Tier1Recall", null, 0, "Gen.Exec", TimeSpan.FromMilliseconds(1), "Error: boom", "gen_exec.run.outcome=aborted") };
        var metrics = new[] { new MetricRow("gen_exec.run.duration", "s", "gen_exec.run.outcome=aborted", "count 1, sum 0.1") };

        string text = Render(spans, metrics);

        Assert.Contains("Tier1Recall", text, StringComparison.Ordinal);
        Assert.Contains("count 1, sum 0.1", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', text);
    }

    private static string Render(IReadOnlyList<SpanRow> spans, IReadOnlyList<MetricRow> metrics)
    {
        var output = new StringWriter();
        TelemetryTable.Write(ReportConsole.Create(output, plain: true), spans, metrics, "spans", "metrics");
        return output.ToString();
    }
}
