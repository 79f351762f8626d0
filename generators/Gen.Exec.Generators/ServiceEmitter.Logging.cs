namespace Gen.Exec.Generators;

// The start-up check (with Microsoft.Extensions.Options) and the logging observer (with Microsoft.Extensions.Logging).
internal static partial class ServiceEmitter
{
    private const string Logger = "global::Microsoft.Extensions.Logging.ILogger";
    private const string LogLevel = "global::Microsoft.Extensions.Logging.LogLevel";

    private static void WriteValidator(SourceWriter w)
    {
        w.Line("/// <summary>");
        w.Line("/// Checks a graph's registrations when its options are first built, and on start with <c>ValidateOnStart</c>: every");
        w.Line("/// service its constructor needs must be registered. The message names the graph and each missing service.");
        w.Line("/// </summary>");
        w.Open($"private sealed class GraphValidator : global::Microsoft.Extensions.Options.IValidateOptions<{Options}>");
        w.Line($"private readonly {Provider} _root;");
        w.Line("private readonly string _graph;");
        w.Line("private readonly global::System.Type? _graphType;");
        w.Line("private readonly (global::System.Type Type, string Parameter)[] _required;");
        w.Line();
        w.Open($"public GraphValidator({Provider} root, string graph, global::System.Type? graphType, (global::System.Type Type, string Parameter)[] required)");
        w.Line("_root = root;");
        w.Line("_graph = graph;");
        w.Line("_graphType = graphType;");
        w.Line("_required = required;");
        w.Close();
        w.Line();
        w.Open($"public global::Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, {Options} options)");
        w.Line("if (name != _graph || _root.GetService(typeof(global::Microsoft.Extensions.DependencyInjection.IServiceProviderIsService)) is not global::Microsoft.Extensions.DependencyInjection.IServiceProviderIsService registered)");
        w.Line("{");
        w.Line("    return global::Microsoft.Extensions.Options.ValidateOptionsResult.Skip;");
        w.Line("}");
        w.Line();
        w.Line("global::System.Collections.Generic.List<string>? failures = null;");
        w.Line("if (_graphType is not null && !registered.IsService(_graphType))");
        w.Line("{");
        w.Line("    (failures ??= new global::System.Collections.Generic.List<string>()).Add(\"Graph '\" + _graph + \"' is not registered in the container, and AddGenExec cannot construct it: register it (for example services.AddScoped<\" + _graphType + \">(...)).\");");
        w.Line("}");
        w.Line();
        w.Open("foreach ((global::System.Type type, string parameter) in _required)");
        w.Open("if (!registered.IsService(type))");
        w.Line("(failures ??= new global::System.Collections.Generic.List<string>()).Add(\"Graph '\" + _graph + \"' needs a service of type '\" + type + \"' (its constructor parameter '\" + parameter + \"'), and the container has none. Register it; AddGenExec registers graphs and executors, not what they depend on.\");");
        w.Close();
        w.Close();
        w.Line();
        w.Line("return failures is null ? global::Microsoft.Extensions.Options.ValidateOptionsResult.Success : global::Microsoft.Extensions.Options.ValidateOptionsResult.Fail(failures);");
        w.Close();
        w.Close();
    }

    private static void WriteLoggingObserver(SourceWriter w)
    {
        const string Define = "global::Microsoft.Extensions.Logging.LoggerMessage.Define";
        const string EventId = "global::Microsoft.Extensions.Logging.EventId";
        w.Line("/// <summary>");
        w.Line("/// Logs a graph's runs through cached <c>LoggerMessage</c> delegates (category: the graph's full name), then passes");
        w.Line("/// every call on to the observer the options had. Event ids and levels are fixed: see docs/integration.md.");
        w.Line("/// </summary>");
        w.Open("private sealed class LoggingObserver : global::Gen.Exec.ExecutionObserver");
        w.Line($"private static readonly global::System.Action<{Logger}, string, string, string, int, double, long, global::System.Exception?> s_layerFailed = {Define}<string, string, string, int, double, long>(");
        w.Line($"    {LogLevel}.Warning, new {EventId}(1, \"GenExecLayerFailed\"), \"Layer {{gen_exec.layer}} of {{gen_exec.graph}} failed with {{error.type}} after {{gen_exec.layer.attempts}} attempt(s), {{gen_exec.layer.elapsed_ms}} ms (run {{gen_exec.run.id}})\");");
        w.Line();
        w.Line($"private static readonly global::System.Action<{Logger}, string, string, string, int, double, long, global::System.Exception?> s_layerTimedOut = {Define}<string, string, string, int, double, long>(");
        w.Line($"    {LogLevel}.Warning, new {EventId}(2, \"GenExecLayerTimedOut\"), \"Layer {{gen_exec.layer}} of {{gen_exec.graph}} timed out ({{error.type}}) after {{gen_exec.layer.attempts}} attempt(s), {{gen_exec.layer.elapsed_ms}} ms (run {{gen_exec.run.id}})\");");
        w.Line();
        w.Line($"private static readonly global::System.Action<{Logger}, long, string, string, string, global::System.Exception?> s_runAborted = {Define}<long, string, string, string>(");
        w.Line($"    {LogLevel}.Error, new {EventId}(3, \"GenExecRunAborted\"), \"Run {{gen_exec.run.id}} of {{gen_exec.graph}} aborted: layer {{gen_exec.layer}} ended {{gen_exec.layer.status}}; running layers are cancelled, layers not started are skipped\");");
        w.Line();
        w.Line($"private static readonly global::System.Action<{Logger}, long, string, double, int, int, int, global::System.Exception?> s_runCompleted = {Define}<long, string, double, int, int, int>(");
        w.Line($"    {LogLevel}.Debug, new {EventId}(4, \"GenExecRunCompleted\"), \"Run {{gen_exec.run.id}} of {{gen_exec.graph}} completed in {{gen_exec.run.elapsed_ms}} ms: {{gen_exec.run.succeeded}} layer(s) succeeded, {{gen_exec.run.fell_back}} fell back, {{gen_exec.run.not_succeeded}} failed, timed out, were cancelled or skipped\");");
        w.Line();
        w.Line($"private static readonly global::System.Action<{Logger}, string, string, string, int, long, global::System.Exception?> s_layerFellBack = {Define}<string, string, string, int, long>(");
        w.Line($"    {LogLevel}.Information, new {EventId}(5, \"GenExecLayerFellBack\"), \"Layer {{gen_exec.layer}} of {{gen_exec.graph}} fell back after {{error.type}} and {{gen_exec.layer.attempts}} attempt(s) (run {{gen_exec.run.id}})\");");
        w.Line();
        w.Line($"private readonly {Logger} _logger;");
        w.Line("private readonly string _graph;");
        w.Line("private readonly string[] _critical;");
        w.Line($"private readonly {Options} _options;");
        w.Line("private readonly global::Gen.Exec.ExecutionObserver? _next;");
        w.Line("private long _lastAborted;");
        w.Line();
        w.Open($"public LoggingObserver({Logger} logger, string graph, string[] critical, {Options} options, global::Gen.Exec.ExecutionObserver? next)");
        w.Line("_logger = logger;");
        w.Line("_graph = graph;");
        w.Line("_critical = critical;");
        w.Line("_options = options;");
        w.Line("_next = next;");
        w.Close();
        w.Line();
        w.Line("public override void OnRunStarted(global::Gen.Exec.RunInfo run) => _next?.OnRunStarted(run);");
        w.Line();
        w.Line("public override void OnLayerStarted(global::Gen.Exec.RunInfo run, string layer) => _next?.OnLayerStarted(run, layer);");
        w.Line();
        w.Open("public override void OnLayerCompleted(global::Gen.Exec.RunInfo run, global::Gen.Exec.LayerResult result)");
        w.Line("global::Gen.Exec.LayerStatus status = result.Status;");
        w.Line("if (status == global::Gen.Exec.LayerStatus.Failed && _logger.IsEnabled(" + LogLevel + ".Warning))");
        w.Line("{");
        w.Line("    s_layerFailed(_logger, result.Name, _graph, ErrorType(result.Error), result.Attempts, result.Elapsed.TotalMilliseconds, run.Id, result.Error);");
        w.Line("}");
        w.Line("else if (status == global::Gen.Exec.LayerStatus.TimedOut && _logger.IsEnabled(" + LogLevel + ".Warning))");
        w.Line("{");
        w.Line("    s_layerTimedOut(_logger, result.Name, _graph, \"timeout\", result.Attempts, result.Elapsed.TotalMilliseconds, run.Id, result.Error);");
        w.Line("}");
        w.Line("else if (status == global::Gen.Exec.LayerStatus.FellBack && _logger.IsEnabled(" + LogLevel + ".Information))");
        w.Line("{");
        w.Line("    s_layerFellBack(_logger, result.Name, _graph, result.Error is null ? \"timeout\" : ErrorType(result.Error), result.Attempts, run.Id, result.Error);");
        w.Line("}");
        w.Line();
        w.Line("// The engine aborts the run when a layer ends Failed or TimedOut under FailFast or when that layer is critical;");
        w.Line("// the first such layer of a run is the one logged.");
        w.Line("if ((status == global::Gen.Exec.LayerStatus.Failed || status == global::Gen.Exec.LayerStatus.TimedOut) && (_options.FailFast || global::System.Array.IndexOf(_critical, result.Name) >= 0) &&");
        w.Line("    global::System.Threading.Interlocked.Exchange(ref _lastAborted, run.Id) != run.Id && _logger.IsEnabled(" + LogLevel + ".Error))");
        w.Line("{");
        w.Line("    s_runAborted(_logger, run.Id, _graph, result.Name, status == global::Gen.Exec.LayerStatus.Failed ? \"failed\" : \"timed_out\", result.Error);");
        w.Line("}");
        w.Line();
        w.Line("_next?.OnLayerCompleted(run, result);");
        w.Close();
        w.Line();
        w.Open("public override void OnRunCompleted(global::Gen.Exec.RunInfo run, global::Gen.Exec.RunStats stats)");
        w.Open("if (_logger.IsEnabled(" + LogLevel + ".Debug))");
        w.Line("s_runCompleted(_logger, run.Id, _graph, stats.Elapsed.TotalMilliseconds, stats.Succeeded, stats.FellBack, stats.Failed + stats.TimedOut + stats.Canceled + stats.Skipped, null);");
        w.Close();
        w.Line();
        w.Line("_next?.OnRunCompleted(run, stats);");
        w.Close();
        w.Line();
        w.Line("private static string ErrorType(global::System.Exception? error) => error?.GetType().FullName ?? \"unknown\";");
        w.Close();
    }
}
