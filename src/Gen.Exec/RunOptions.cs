using System.Collections.Generic;

namespace Gen.Exec;

/// <summary>Options for one run, passed to the generated <c>RunAsync(..., RunOptions? options, ...)</c>.</summary>
public sealed class RunOptions
{
    /// <summary>
    /// The layers to run (write their names with <see langword="nameof"/>): only these and the layers they depend
    /// on, transitively, run; every other layer ends <see cref="LayerStatus.NotRun"/>. <see langword="null"/> runs
    /// every layer. A name that is not a layer of the graph, or an empty collection, makes <c>RunAsync</c> throw
    /// <see cref="System.ArgumentException"/> before any layer starts.
    /// </summary>
    public IReadOnlyCollection<string>? Targets { get; init; }
}
