using System;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Gen.Exec.Analyzers;
using Gen.Exec.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace Gen.Exec.Benchmarks;

/// <summary>
/// The <c>build-times</c> command: for each scale graph, the generated source size, the generator's and the
/// analyzer's own execution time as Roslyn measures it, and the time to parse the generated text (medians of
/// several fresh compilations after a warm-up).
/// </summary>
public static class BuildTimes
{
    private const int Samples = 7;

    public static async Task<int> RunAsync()
    {
        ImmutableArray<MetadataReference> references = CompilationInputs.References();
        Console.WriteLine("| layers | edges | generated chars | chars per (layer + edge) | generator time (ms) | parsing its output (ms) | analyzer time (ms) | analyzer diagnostics |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (int layers in new[] { 10, 100, 1000 })
        {
            SyntaxTree tree = CompilationInputs.ParseGraph(layers);
            int edges = (2 * layers) - 10;
            int chars = 0;
            int diagnostics = 0;
            var generatorTimes = new double[Samples];
            var analyzerTimes = new double[Samples];
            var parseTimes = new double[Samples];
            for (int sample = -1; sample < Samples; sample++)
            {
                // Fresh compilations: nothing bound in advance, as in a command-line build.
                GeneratorDriver driver = CSharpGeneratorDriver.Create(new ExecutorGenerator())
                    .RunGenerators(CompilationInputs.Compile(tree, references));
                string[] generatedSources = driver.GetRunResult().GeneratedTrees.Select(generated => generated.GetText().ToString()).ToArray();
                chars = generatedSources.Sum(source => source.Length);

                // How much of a build the generated text costs by itself: parsing it (the compiler must).
                long parseStarted = Stopwatch.GetTimestamp();
                foreach (string source in generatedSources)
                {
                    _ = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)).GetRoot();
                }

                double parseMilliseconds = Stopwatch.GetElapsedTime(parseStarted).TotalMilliseconds;

                var analyzer = new GraphAnalyzer();
                var analysis = new CompilationWithAnalyzers(
                    CompilationInputs.Compile(tree, references),
                    ImmutableArray.Create<DiagnosticAnalyzer>(analyzer),
                    new CompilationWithAnalyzersOptions(AnalyzerOptions(), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
                diagnostics = (await analysis.GetAnalyzerDiagnosticsAsync().ConfigureAwait(false)).Length;
                AnalyzerTelemetryInfo telemetry = await analysis.GetAnalyzerTelemetryInfoAsync(analyzer, default).ConfigureAwait(false);
                if (sample >= 0)
                {
                    generatorTimes[sample] = driver.GetTimingInfo().ElapsedTime.TotalMilliseconds;
                    analyzerTimes[sample] = telemetry.ExecutionTime.TotalMilliseconds;
                    parseTimes[sample] = parseMilliseconds;
                }
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {layers} | {edges} | {chars} | {chars / (double)(layers + edges):0.0} | {Median(generatorTimes):0.0} | {Median(parseTimes):0.0} | {Median(analyzerTimes):0.0} | {diagnostics} |"));
        }

        return 0;
    }

    private static AnalyzerOptions AnalyzerOptions() => new(ImmutableArray<AdditionalText>.Empty);

    private static double Median(double[] values)
    {
        double[] sorted = values.OrderBy(value => value).ToArray();
        Debug.Assert(sorted.Length % 2 == 1, "An odd number of samples has one median.");
        return sorted[sorted.Length / 2];
    }
}
