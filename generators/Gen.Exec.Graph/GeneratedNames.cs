namespace Gen.Exec.Graph;

/// <summary>
/// Every name the generator puts into a graph's scope, kept in step with the emitter (a test reads the
/// generated source and checks each of its member names is listed here). The rules that keep user names
/// clear of them are in <see cref="GeneratedNameRules"/> and <see cref="LayerNameRules"/>.
/// </summary>
internal static class GeneratedNames
{
    public const string Executor = nameof(Executor);
    public const string Results = nameof(Results);

    /// <summary>The nested types the generator adds to the graph class.</summary>
    public static readonly string[] NestedTypes = { Executor, Results };

    /// <summary>Members of the generated <c>Executor</c>, and the nested types its code names.</summary>
    public static readonly string[] ExecutorMembers = { "s_plan", "_graph", "_pipelines", "ResolvePipelines", "PipelineFor", "Plan", "Options", "Stats", "RunAsync", Executor, Results };

    /// <summary>Members of the generated <c>Results</c> (besides one property per layer), and the types its code names.</summary>
    public static readonly string[] ResultsMembers = { "_state", "_all", "Stats", "Layers", "StartRun", "RunState", Executor, Results };

    /// <summary>Methods the user may overload in a partial <c>Executor</c> of their own.</summary>
    public static readonly string[] OverloadableExecutorMethods = { "RunAsync" };

    /// <summary>Suffixes of the run state's per-layer members (result field, dependency counter, start method).</summary>
    public static readonly string[] LayerMemberSuffixes = { "Result", "Pending", "Start", "Resilient" };

    /// <summary>Suffix of the run state's per-input fields.</summary>
    public const string InputFieldSuffix = "Input";
}
