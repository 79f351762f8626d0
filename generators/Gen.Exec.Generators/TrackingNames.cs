namespace Gen.Exec.Generators;

/// <summary>Names of the generator's pipeline steps, asserted by the incremental-caching tests.</summary>
internal static class TrackingNames
{
    public const string Graphs = nameof(Graphs);
    public const string ValidGraphs = nameof(ValidGraphs);
    public const string AnalyzersOff = nameof(AnalyzersOff);
    public const string UnreportedGraphs = nameof(UnreportedGraphs);
    public const string Integration = nameof(Integration);
    public const string Registrations = nameof(Registrations);
}
