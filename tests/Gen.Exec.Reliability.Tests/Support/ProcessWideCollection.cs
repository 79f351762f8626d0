namespace Gen.Exec.Reliability.Tests.Support;

/// <summary>
/// Tests that change or measure process-wide state (thread-pool limits, Timer.ActiveCount, unobserved task
/// exceptions, total memory) or saturate the CPU (the compiler fuzz) run alone: xunit runs a collection that disables parallelization after the
/// parallel ones, with nothing beside it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideCollection
{
    public const string Name = "Process-wide state";
}
