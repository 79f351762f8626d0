using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec.Reliability.Tests.Fuzz;
using Gen.Exec.Reliability.Tests.Support;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace Gen.Exec.Reliability.Tests;

/// <summary>
/// Mutated graph sources through the generator and every analyzer, in-process: nothing may crash, and a graph
/// the generator refuses must come with a GEX error unless the compiler already reports the user's mistake.
/// It keeps every core busy, so it runs alone (beside it, the timing of the executor tests would suffer).
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class CompilerFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_seed_compiles_cleanly_and_yields_an_executor()
    {
        Assert.NotEmpty(CompilerHarness.Analyzers);
        foreach (string seed in FuzzSeeds.All)
        {
            CompileOutcome outcome = CompilerHarness.Compile(seed);
            Assert.Empty(outcome.Crashes);
            Assert.Empty(outcome.UserErrors);
            Assert.Empty(outcome.GeneratedCodeErrors);
            Assert.DoesNotContain(outcome.GexDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Single(outcome.LayerTypes);
            Assert.Equal(outcome.LayerTypes, outcome.GeneratedTypes);
        }
    }

    [Fact]
    public void Mutated_graphs_never_crash_the_compiler_and_broken_ones_are_reported()
    {
        int cases = LongMode.Pick(ci: 1_000, @long: 100_000);
        int seed = LongMode.Seed(4242);
        var violations = new ConcurrentQueue<string>();
        int violationCount = 0;
        var diagnosticsSeen = new ConcurrentDictionary<string, int>();
        var mutationsTried = new ConcurrentDictionary<string, int>();
        int generated = 0, refusedWithGex = 0, refusedWithCompilerError = 0, userErrors = 0;
        var clock = Stopwatch.StartNew();

        var violationKinds = new ConcurrentDictionary<string, int>();
        void Violation(int index, string description, string source, string what, string kind)
        {
            violationKinds.AddOrUpdate(kind, 1, static (_, n) => n + 1);
            if (Interlocked.Increment(ref violationCount) <= 8)
            {
                violations.Enqueue($"case {index} ({description}): {what}\n----- source -----\n{source}\n------------------");
            }
        }

        Parallel.For(0, cases, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, index =>
        {
            // Each case has its own generator, so any case can be replayed alone from (seed, index).
            // (Not HashCode.Combine: it is randomized per process.)
            var random = new Random(unchecked((seed * 1_000_003) + index));
            string original = FuzzSeeds.All[random.Next(FuzzSeeds.All.Length)];
            (string source, string description) = new Mutator(random).Mutate(original);
            foreach (string kind in description.Split("; ").Select(m => m.Split(':')[0]))
            {
                mutationsTried.AddOrUpdate(kind, 1, static (_, n) => n + 1);
            }

            CompileOutcome outcome = CompilerHarness.Compile(source);
            foreach (string id in outcome.GexDiagnostics.Select(d => d.Id).Distinct())
            {
                diagnosticsSeen.AddOrUpdate(id, 1, static (_, n) => n + 1);
            }

            if (outcome.UserErrors.Count > 0)
            {
                Interlocked.Increment(ref userErrors);
            }

            foreach (string crash in outcome.Crashes)
            {
                Violation(index, description, source, crash, "crash");
            }

            foreach (string type in outcome.LayerTypes)
            {
                if (outcome.GeneratedTypes.Contains(type))
                {
                    Interlocked.Increment(ref generated);
                }
                else if (outcome.HasGexError)
                {
                    Interlocked.Increment(ref refusedWithGex);
                }
                else if (outcome.UserErrors.Count > 0)
                {
                    Interlocked.Increment(ref refusedWithCompilerError);
                }
                else
                {
                    Violation(index, description, source, $"no executor for {type}, yet no GEX error and no compiler error in the user's code", "silently refused");
                }
            }

            // Code the generator emits for a graph that the compiler and the analyzers accept must compile.
            if (outcome.UserErrors.Count == 0 && !outcome.HasGexError && outcome.GeneratedCodeErrors.Count > 0)
            {
                Violation(index, description, source, "the generated code does not compile: " + string.Join(" | ", outcome.GeneratedCodeErrors.Take(3)),
                    "generated code has " + string.Join("+", outcome.GeneratedCodeErrors.Select(d => d.Id).Distinct().Order()) + " after: " + string.Join("; ", description.Split("; ").Select(m => m.Split(':')[0]).Order()));
            }
        });

        output.WriteLine($"{cases} mutated sources (seed {seed}) in {clock.Elapsed.TotalSeconds:0.0} s, {CompilerHarness.Analyzers.Length} analyzer(s): {string.Join(", ", CompilerHarness.Analyzers.Select(a => a.GetType().Name))}");
        output.WriteLine("mutations tried: " + string.Join(", ", mutationsTried.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")));
        output.WriteLine($"graph types: {generated} generated, {refusedWithGex} refused with a GEX error, {refusedWithCompilerError} refused beside a compiler error; cases with compiler errors in user code: {userErrors}");
        output.WriteLine("cases reporting each GEX id: " + string.Join(", ", diagnosticsSeen.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")));
        output.WriteLine("violations: " + string.Join("\n  ", violationKinds.OrderByDescending(p => p.Value).Select(p => $"{p.Value} x {p.Key}")));
        Assert.True(violationCount == 0, $"{violationCount} violation(s); the first ones:\n" + string.Join("\n", violations));
    }
}
