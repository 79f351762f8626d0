using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using OpenTelemetry.Metrics;
using Spectre.Console;

namespace Gen.Exec.Samples.Recall;

/// <summary>One collected span, placed in its trace's tree.</summary>
/// <param name="Name">The span's display name.</param>
/// <param name="Parent">The parent span's display name, or null for a root (or a parent that was not collected).</param>
/// <param name="Depth">0 for a root, 1 for its children, and so on.</param>
/// <param name="Source">The activity source's name.</param>
/// <param name="Duration">The span's duration (wall clock).</param>
/// <param name="Status">Unset, Ok or Error, with the description if any.</param>
/// <param name="Tags">The outcome tags worth a glance: run outcome, layer status, error type.</param>
public sealed record SpanRow(string Name, string? Parent, int Depth, string Source, TimeSpan Duration, string Status, string Tags);

/// <summary>One metric point.</summary>
/// <param name="Instrument">The instrument's name.</param>
/// <param name="Unit">The instrument's unit.</param>
/// <param name="Tags">The point's tags, <c>key=value</c>, without <c>gen_exec.graph</c> (the same on every point).</param>
/// <param name="Value">count and sum for a histogram, the value for a counter.</param>
public sealed record MetricRow(string Instrument, string Unit, string Tags, string Value);

/// <summary>What the OpenTelemetry SDK collected, as two compact tables: the span tree and the metric points.</summary>
public static class TelemetryTable
{
    private const string GraphTag = "gen_exec.graph";
    private static readonly string[] OutcomeTags = ["gen_exec.run.outcome", "gen_exec.layer.status", "error.type"];

    // Tags in the order a reader scans them: which layer, then how it ended.
    private static readonly string[] TagOrder = ["gen_exec.layer", "gen_exec.layer.status", "gen_exec.run.outcome", "error.type"];

    /// <summary>The spans depth first, each trace's roots and every parent's children in start order.</summary>
    public static IReadOnlyList<SpanRow> SpanRows(IEnumerable<Activity> spans)
    {
        Activity[] all = spans.OrderBy(span => span.StartTimeUtc).ToArray();
        var byId = all.ToDictionary(span => span.SpanId);
        ILookup<ActivitySpanId, Activity> children = all
            .Where(span => byId.ContainsKey(span.ParentSpanId))
            .ToLookup(span => span.ParentSpanId);
        var rows = new List<SpanRow>(all.Length);
        foreach (Activity root in all.Where(span => !byId.ContainsKey(span.ParentSpanId)))
        {
            Add(root, null, 0);
        }

        return rows;

        void Add(Activity span, Activity? parent, int depth)
        {
            string status = span.Status.ToString() + (string.IsNullOrEmpty(span.StatusDescription) ? string.Empty : ": " + span.StatusDescription);
            string tags = string.Join(", ", OutcomeTags
                .Select(key => (key, value: span.GetTagItem(key)))
                .Where(tag => tag.value is not null)
                .Select(tag => $"{tag.key}={tag.value}"));
            rows.Add(new SpanRow(span.DisplayName, parent?.DisplayName, depth, span.Source.Name, span.Duration, status, tags));
            foreach (Activity child in children[span.SpanId])
            {
                Add(child, span, depth + 1);
            }
        }
    }

    /// <summary>Every point of every metric, by instrument then tags.</summary>
    public static IReadOnlyList<MetricRow> MetricRows(IEnumerable<MetricSnapshot> metrics)
    {
        var rows = new List<MetricRow>();
        foreach (MetricSnapshot metric in metrics)
        {
            foreach (MetricPoint point in metric.MetricPoints)
            {
                var tags = new List<KeyValuePair<string, object?>>();
                foreach (KeyValuePair<string, object?> tag in point.Tags)
                {
                    if (tag.Key != GraphTag)
                    {
                        tags.Add(tag);
                    }
                }

                string text = string.Join(", ", tags
                    .OrderBy(tag => Array.IndexOf(TagOrder, tag.Key) is int rank and >= 0 ? rank : TagOrder.Length)
                    .ThenBy(tag => tag.Key, StringComparer.Ordinal)
                    .Select(tag => $"{tag.Key}={Convert.ToString(tag.Value, CultureInfo.InvariantCulture)}"));
                rows.Add(new MetricRow(metric.Name, metric.Unit, text, Value(metric.MetricType, point)));
            }
        }

        return rows.OrderBy(row => row.Instrument, StringComparer.Ordinal).ThenBy(row => row.Tags, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Writes both tables, narrow enough for an 80-column terminal or log.</summary>
    public static void Write(IAnsiConsole console, IReadOnlyList<SpanRow> spans, IReadOnlyList<MetricRow> metrics, string spansTitle, string metricsTitle)
    {
        var spanTable = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(spansTitle)}[/]");
        spanTable.AddColumn("span [grey](and its outcome tags)[/]");
        spanTable.AddColumn(new TableColumn("parent").NoWrap());
        spanTable.AddColumn(new TableColumn("duration").RightAligned().NoWrap());
        spanTable.AddColumn(new TableColumn("status").NoWrap());
        foreach (SpanRow span in spans)
        {
            string indent = span.Depth == 0 ? string.Empty : new string(' ', 3 * (span.Depth - 1)) + "└─ ";
            string tagIndent = new(' ', indent.Length + 2);
            string tags = span.Tags.Length == 0 ? string.Empty : "\n" + tagIndent + span.Tags.Replace(", ", "\n" + tagIndent, StringComparison.Ordinal);

            // The status code only: an Error's description is the exception message, shown in the layer table above.
            string status = span.Status.Split(':')[0];
            spanTable.AddRow(
                Markup.Escape(indent + span.Name) + $"[grey]{Markup.Escape(tags)}[/]",
                Markup.Escape(span.Parent ?? "-"),
                ProgressObserver.Milliseconds(span.Duration),
                status == "Error" ? "[red]Error[/]" : Markup.Escape(status));
        }

        if (spans.Count == 0)
        {
            spanTable.AddRow("[grey](no span collected)[/]", string.Empty, string.Empty, string.Empty);
        }

        console.Write(spanTable);

        var metricTable = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(metricsTitle)}[/]");
        metricTable.AddColumn("instrument (unit) and tags");
        metricTable.AddColumn(new TableColumn("value").NoWrap());
        foreach (MetricRow metric in metrics)
        {
            string tags = metric.Tags.Length == 0 ? string.Empty : "\n  " + metric.Tags.Replace(", ", "\n  ", StringComparison.Ordinal);
            metricTable.AddRow(
                $"[bold]{Markup.Escape(metric.Instrument)}[/] ({Markup.Escape(metric.Unit)}){Markup.Escape(tags)}",
                Markup.Escape(metric.Value));
        }

        if (metrics.Count == 0)
        {
            metricTable.AddRow("[grey](no metric point collected)[/]", string.Empty);
        }

        console.Write(metricTable);
        console.WriteLine();
    }

    private static string Value(MetricType type, MetricPoint point) => type switch
    {
        MetricType.Histogram => string.Create(CultureInfo.InvariantCulture, $"count {point.GetHistogramCount()}, sum {point.GetHistogramSum():0.####}"),
        MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong().ToString(CultureInfo.InvariantCulture),
        MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => point.GetSumDouble().ToString("0.####", CultureInfo.InvariantCulture),
        MetricType.LongGauge => point.GetGaugeLastValueLong().ToString(CultureInfo.InvariantCulture),
        MetricType.DoubleGauge => point.GetGaugeLastValueDouble().ToString("0.####", CultureInfo.InvariantCulture),
        _ => type.ToString(),
    };
}
