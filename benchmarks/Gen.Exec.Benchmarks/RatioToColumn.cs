using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Gen.Exec.Benchmarks;

/// <summary>
/// A ratio column against a named benchmark of the same class and parameters, measured in the same run:
/// BenchmarkDotNet's own Ratio and Alloc Ratio columns compare with one baseline only, and issue 15 asks for the
/// generated executor against several floors at once. Each row reads "this row ÷ <c>reference</c>".
/// </summary>
public sealed class RatioToColumn(string referenceMethod, string referenceLabel, bool bytes) : IColumn
{
    public string Id => $"{nameof(RatioToColumn)}.{referenceMethod}.{(bytes ? "bytes" : "time")}";

    public string ColumnName => bytes ? $"bytes ÷ {referenceLabel}" : $"time ÷ {referenceLabel}";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"{(bytes ? "Allocated bytes" : "Mean time")} of this row over that of '{referenceLabel}' ({referenceMethod}) with the same parameters, same run";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        BenchmarkReport? row = summary[benchmarkCase];
        BenchmarkReport? reference = summary.Reports.FirstOrDefault(report =>
            report.BenchmarkCase.Descriptor.WorkloadMethod.Name == referenceMethod
            && report.BenchmarkCase.Descriptor.Type == benchmarkCase.Descriptor.Type
            && report.BenchmarkCase.Parameters.ValueInfo == benchmarkCase.Parameters.ValueInfo);
        double? value = bytes ? Bytes(row) : row?.ResultStatistics?.Mean;
        double? against = bytes ? Bytes(reference) : reference?.ResultStatistics?.Mean;
        return value is { } v && against is { } a && a > 0 ? (v / a).ToString("0.00", CultureInfo.InvariantCulture) : "?";
    }

    private static double? Bytes(BenchmarkReport? report)
        => report?.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) is { } allocated ? allocated : null;
}
