using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Gen.Exec.Tests.Observability;

/// <summary>The same telemetry through the real OpenTelemetry SDK, and docs/observability.md checked against what it reports.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class OpenTelemetrySdkTests
{
    private static readonly double[] DurationBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 15, 30, 60];

    [Fact]
    public void The_SDK_collects_the_five_instruments_with_their_units_descriptions_tags_and_advised_buckets()
    {
        const string graph = "Gen.Exec.Tests.Observability.SdkMetrics";
        Dictionary<string, MetricSnapshot> metrics = CollectOneRun(graph, builder => builder);

        Assert.Equal(
            ["gen_exec.layer.active", "gen_exec.layer.duration", "gen_exec.layer.retries", "gen_exec.run.duration", "gen_exec.run.speedup"],
            metrics.Keys.Order());
        Assert.Equal(MetricType.Histogram, metrics["gen_exec.run.duration"].MetricType);
        Assert.Equal(MetricType.Histogram, metrics["gen_exec.layer.duration"].MetricType);
        Assert.Equal(MetricType.Histogram, metrics["gen_exec.run.speedup"].MetricType);
        Assert.Equal(MetricType.LongSumNonMonotonic, metrics["gen_exec.layer.active"].MetricType);
        Assert.Equal(MetricType.LongSum, metrics["gen_exec.layer.retries"].MetricType);
        Assert.Equal("s", metrics["gen_exec.layer.duration"].Unit);
        Assert.Equal("1", metrics["gen_exec.run.speedup"].Unit);
        Assert.Equal("{layer}", metrics["gen_exec.layer.active"].Unit);
        Assert.Equal("{retry}", metrics["gen_exec.layer.retries"].Unit);
        Assert.All(metrics.Values, m => Assert.False(string.IsNullOrWhiteSpace(m.Description)));

        MetricPoint[] layers = Points(metrics["gen_exec.layer.duration"], graph);
        Assert.Equal(5, layers.Length);
        Assert.All(layers, p => Assert.Equal(1, p.GetHistogramCount()));
        MetricPoint parse = layers.Single(p => Tags(p)["gen_exec.layer"] == "Parse");
        Assert.Equal("failed", Tags(parse)["gen_exec.layer.status"]);
        Assert.Equal("System.InvalidOperationException", Tags(parse)["error.type"]);
        Assert.Equal(0.03, parse.GetHistogramSum(), precision: 9);
        Assert.Equal(DurationBuckets.Append(double.PositiveInfinity), Bounds(parse));

        MetricPoint speedup = Assert.Single(Points(metrics["gen_exec.run.speedup"], graph));
        Assert.Equal([0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12, 16, double.PositiveInfinity], Bounds(speedup));
        MetricPoint run = Assert.Single(Points(metrics["gen_exec.run.duration"], graph));
        Assert.Equal("degraded", Tags(run)["gen_exec.run.outcome"]);
        Assert.Equal(0, Assert.Single(Points(metrics["gen_exec.layer.active"], graph)).GetSumLong());
        Assert.Equal(1, Assert.Single(Points(metrics["gen_exec.layer.retries"], graph)).GetSumLong());
    }

    [Fact]
    public void A_view_sets_the_buckets_as_docs_tell_users_on_dotnet_8()
    {
        const string graph = "Gen.Exec.Tests.Observability.SdkView";
        double[] seconds = [0.5, 1, 2];

        Dictionary<string, MetricSnapshot> metrics = CollectOneRun(
            graph,
            builder => builder.AddView("gen_exec.layer.duration", new ExplicitBucketHistogramConfiguration { Boundaries = seconds }));

        Assert.Equal([0.5, 1, 2, double.PositiveInfinity], Bounds(Points(metrics["gen_exec.layer.duration"], graph)[0]));
    }

    [Fact]
    public void The_SDK_exports_the_run_span_under_the_callers_span_and_layer_spans_under_the_run()
    {
        var exported = new List<Activity>();
        using (TracerProvider provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(ExecutorTelemetry.Name, ActivityRecorder.CallerSourceName)
            .AddInMemoryExporter(exported)
            .Build())
        {
            using (ActivityRecorder.Caller.StartActivity("request"))
            {
                ScriptedRun.Run(new ExecutorOptions(), ScriptedRun.MixedResults(), RunOutcome.Degraded, TimeSpan.FromMilliseconds(250));
            }

            provider.ForceFlush();
        }

        Activity request = exported.Single(a => a.DisplayName == "request");
        Activity run = exported.Single(a => a.DisplayName == "Demo");
        Assert.Equal(request.SpanId, run.ParentSpanId);
        Activity[] layers = exported.Where(a => a.DisplayName.StartsWith("Demo.", StringComparison.Ordinal)).ToArray();
        Assert.Equal(5, layers.Length);
        Assert.All(layers, layer => Assert.Equal(run.SpanId, layer.ParentSpanId));
        Activity slow = layers.Single(a => a.DisplayName == "Demo.Slow");
        Assert.Equal(ActivityStatusCode.Error, slow.Status);
        Assert.Equal("exception", Assert.Single(slow.Events).Name);
        Assert.Equal("timeout", slow.GetTagItem("error.type"));
    }

    [Fact]
    public void Every_Prometheus_name_and_label_value_in_the_docs_is_one_the_exporter_would_emit()
    {
        const string graph = "Gen.Exec.Tests.Observability.SdkDocs";
        Dictionary<string, MetricSnapshot> metrics = CollectOneRun(graph, builder => builder);
        var series = new HashSet<string>(StringComparer.Ordinal);
        foreach (MetricSnapshot metric in metrics.Values)
        {
            string name = PrometheusName(metric);
            if (metric.MetricType == MetricType.Histogram)
            {
                series.UnionWith([name + "_bucket", name + "_sum", name + "_count"]);
            }
            else
            {
                series.Add(name);
            }
        }

        Assert.Equal(
            ["gen_exec_layer_active", "gen_exec_layer_duration_seconds_bucket", "gen_exec_layer_retries_total", "gen_exec_run_duration_seconds_bucket", "gen_exec_run_speedup_bucket"],
            series.Where(s => !s.EndsWith("_sum", StringComparison.Ordinal) && !s.EndsWith("_count", StringComparison.Ordinal)).Order());
        var labels = new HashSet<string>(
            metrics.Values.SelectMany(m => Points(m, graph)).SelectMany(p => Tags(p).Keys).Select(SanitizeLabel),
            StringComparer.Ordinal);
        Assert.Equal(["error_type", "gen_exec_graph", "gen_exec_layer", "gen_exec_layer_status", "gen_exec_run_outcome"], labels.Order());

        string docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "observability.md"));
        string[] names = Regex.Matches(docs, @"\bgen_exec_[a-z_]+\b").Select(m => m.Value).Distinct().ToArray();
        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.True(series.Contains(name) || labels.Contains(name), $"docs name '{name}' is neither a series nor a label"));
        Assert.All(metrics.Values.Select(PrometheusName), name => Assert.Contains(names, n => n.StartsWith(name, StringComparison.Ordinal)));

        string[] statuses = Regex.Matches(docs, "gen_exec_layer_status!?=\"([a-z_]+)\"").Select(m => m.Groups[1].Value).Distinct().ToArray();
        Assert.Subset(new HashSet<string> { "succeeded", "failed", "timed_out", "canceled", "fell_back" }, statuses.ToHashSet());
        Assert.NotEmpty(statuses);
        string[] outcomes = Regex.Matches(docs, "gen_exec_run_outcome!?=\"([a-z_]+)\"").Select(m => m.Groups[1].Value).Distinct().ToArray();
        Assert.Subset(new HashSet<string> { "succeeded", "degraded", "aborted", "canceled" }, outcomes.ToHashSet());
        Assert.NotEmpty(outcomes);

        foreach (string requested in new[]
        {
            "parallel_execution_duration_ms", "parallel_task_failures_total", "parallel_speedup_ratio",
            "parallel_task_duration_ms", "parallel_execution_timeouts_total", "parallel_execution_success_rate",
        })
        {
            Assert.Contains("| `" + requested + "`", docs);
        }
    }

    private static Dictionary<string, MetricSnapshot> CollectOneRun(string graph, Func<MeterProviderBuilder, MeterProviderBuilder> configure)
    {
        var exported = new List<MetricSnapshot>();
        using MeterProvider provider = configure(Sdk.CreateMeterProviderBuilder().AddMeter(ExecutorTelemetry.Name))
            .AddInMemoryExporter(exported)
            .Build();
        var telemetry = default(RunTelemetry);
        LayerResult[] results = ScriptedRun.MixedResults();
        telemetry.RunStarted(new GraphTelemetry(graph, ScriptedRun.Layers), new ExecutorOptions());
        var stats = default(RunStatsBuilder);
        for (int i = 0; i < results.Length; i++)
        {
            if (results[i].Status is not (LayerStatus.Skipped or LayerStatus.NotRun))
            {
                telemetry.LayerStarted(i);
            }

            if (i == 1)
            {
                telemetry.Retry(i);
            }

            telemetry.LayerCompleted(i, results[i]);
            stats.Add(results[i]);
        }

        telemetry.RunCompleted(RunOutcome.Degraded, stats.Build(TimeSpan.FromMilliseconds(250)), returned: true);
        provider.ForceFlush();
        return exported.GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
    }

    private static MetricPoint[] Points(MetricSnapshot metric, string graph)
        => metric.MetricPoints.Where(p => Tags(p).GetValueOrDefault("gen_exec.graph") == graph).ToArray();

    private static Dictionary<string, string?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, object?> tag in point.Tags)
        {
            tags[tag.Key] = tag.Value?.ToString();
        }

        return tags;
    }

    private static double[] Bounds(MetricPoint point)
    {
        var bounds = new List<double>();
        foreach (HistogramBucket bucket in point.GetHistogramBuckets())
        {
            bounds.Add(bucket.ExplicitBound);
        }

        return bounds.ToArray();
    }

    // The OpenTelemetry Prometheus exporter's naming: sanitize, append the unit ("s" -> seconds; "1" and
    // {annotations} vanish), "_total" for monotonic sums.
    private static string PrometheusName(MetricSnapshot metric)
    {
        string name = SanitizeLabel(metric.Name);
        string unit = Regex.Replace(metric.Unit, @"\{[^}]*\}", string.Empty) switch
        {
            "s" => "seconds",
            "1" => string.Empty,
            string other => other,
        };
        if (unit.Length > 0 && !name.Contains(unit, StringComparison.Ordinal))
        {
            name += "_" + unit;
        }

        return metric.MetricType is MetricType.LongSum or MetricType.DoubleSum ? name + "_total" : name;
    }

    private static string SanitizeLabel(string name)
    {
        var sanitized = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            sanitized.Append(char.IsLetterOrDigit(c) ? c : '_');
        }

        return sanitized.ToString();
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gen.Exec.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("Gen.Exec.sln was not found above " + AppContext.BaseDirectory);
    }
}
