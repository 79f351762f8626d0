using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec;

namespace Gen.Exec.Samples.Recall;

/// <summary>The sample's command line: options, their validation, and which demo each runs.</summary>
public static class RecallCommand
{
    /// <summary>The root command; <c>Parse(args).InvokeAsync()</c> runs it.</summary>
    public static RootCommand Create()
    {
        string[] memoryLayers = SimulatedMemoryStore.ScenarioLatencies.Keys.ToArray();

        var maxConcurrency = new Option<int?>("--max-concurrency")
        {
            Description = "Run at most N layers at once (default: no limit).",
            HelpName = "N",
        };
        maxConcurrency.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
            {
                result.AddError("--max-concurrency must be at least 1.");
            }
        });

        var sequential = new Option<bool>("--sequential") { Description = "Run one layer at a time in plan order (ExecutorOptions.Parallel = false)." };
        var failFast = new Option<bool>("--fail-fast") { Description = "Cancel the rest of the run at the first failure or time-out." };
        var fail = new Option<string[]>("--fail")
        {
            Description = $"Make a memory layer fail part-way (repeatable): {string.Join(", ", memoryLayers)}.",
            HelpName = "LAYER",
        };
        var slow = new Option<string[]>("--slow")
        {
            Description = "Make a memory layer overrun its time-out (repeatable).",
            HelpName = "LAYER",
        };
        var runs = new Option<int>("--runs")
        {
            Description = "Measured runs (after one warm-up run): shows the median run, every run and the executor's cumulative statistics.",
            HelpName = "N",
            DefaultValueFactory = _ => RecallSettings.DefaultRuns,
        };
        runs.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--runs must be at least 1.");
            }
        });
        var progress = new Option<bool>("--progress")
        {
            Description = "Show the layers live (waiting, running, done with status and elapsed) while each measured run is in flight, "
                + "through an ExecutionObserver; plain lines as layers start and complete when output is redirected or NO_COLOR is set. "
                + "Runs in slow motion (see --slow-motion).",
        };
        var slowMotion = new Option<double?>("--slow-motion")
        {
            Description = $"Run the simulated stores and the executor's clock K times slower than the wall clock, so a run can be watched; "
                + $"times shown stay in simulated milliseconds (default: {RecallSettings.DefaultProgressSlowMotion:0} with --progress, otherwise 1).",
            HelpName = "K",
        };
        slowMotion.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } factor && !(factor is >= 1 and <= 1000))
            {
                result.AddError("--slow-motion must be between 1 and 1000.");
            }
        });
        var telemetry = new Option<bool>("--telemetry")
        {
            Description = "Collect the measured runs' spans and metrics with the OpenTelemetry SDK (in-memory exporters) and print them: "
                + "the span tree of the run shown, under a parent span from the sample's own ActivitySource, and every metric point.",
        };
        var history = new Option<bool>("--history")
        {
            Description = "Make --runs N runs (10 at a time) and print the executor's latency history (executor.Stats.Latency): per layer "
                + "p50/p95/p99, success and time-out rates, samples, suggested time-out and whether it is reliable yet (from 100 samples: use --runs 100 or more).",
        };
        var adaptive = new Option<bool>("--adaptive")
        {
            Description = "Show what ExecutorOptions.AdaptiveTimeouts saves: 128 healthy runs, then the --slow-backend store stalls past its time-out "
                + "for --runs N runs; the run time with adaptive time-outs off and on (simulated latencies).",
        };
        var slowBackend = new Option<string>("--slow-backend")
        {
            Description = "With --adaptive: the memory layer whose store stalls after warm-up.",
            HelpName = "LAYER",
            // A layer without [Retry]: retries would hide what adaptive time-outs save.
            DefaultValueFactory = _ => nameof(Tier1Recall.Graph),
        };
        slowBackend.Validators.Add(result =>
        {
            foreach (Token token in result.Tokens)
            {
                if (!memoryLayers.Contains(token.Value, StringComparer.OrdinalIgnoreCase))
                {
                    result.AddError($"'{token.Value}' is not a memory layer; use one of {string.Join(", ", memoryLayers)}.");
                }
            }
        });
        var flaky = new Option<bool>("--flaky")
        {
            Description = "Inject transient failures, stalls past the time-out and slow answers into the stores (deterministic from --seed): "
                + "shows per layer the attempts ([Retry]), the fallbacks ([Fallback], the error kept) and the plan's worst case next to the measured time.",
        };
        var seed = new Option<int>("--seed")
        {
            Description = $"With --flaky: the seed of the injected faults (default {FlakyFaults.DefaultSeed}); the same seed gives the same faults.",
            HelpName = "N",
            DefaultValueFactory = _ => FlakyFaults.DefaultSeed,
        };
        var only = new Option<string[]>("--only")
        {
            Description = "Run only this layer and the layers it depends on (repeatable; RunOptions.Targets); every other layer ends NotRun. "
                + $"Layers: {string.Join(", ", Tier1Recall.Executor.Plan.Layers)}.",
            HelpName = "LAYER",
        };
        only.Validators.Add(result =>
        {
            // RunAsync would throw ArgumentException for these; say so before any run, with the layers to choose from.
            IReadOnlyList<string> unknown = RecallSettings.UnknownLayers(result.Tokens.Select(token => token.Value));
            if (unknown.Count > 0)
            {
                result.AddError(RecallSettings.UnknownLayerError(unknown));
            }
        });
        var query = new Option<string>("--query")
        {
            Description = "What to recall. A short factual question (\"what is 2+2?\") is routed to the cheap stores only; "
                + "anything else (why, how, what happened...) asks every store.",
            HelpName = "TEXT",
            DefaultValueFactory = _ => "what happened while debugging the scheduler?",
        };

        foreach (Option<string[]> layerOption in new[] { fail, slow })
        {
            layerOption.Validators.Add(result =>
            {
                foreach (Token token in result.Tokens)
                {
                    if (!memoryLayers.Contains(token.Value, StringComparer.OrdinalIgnoreCase))
                    {
                        result.AddError($"'{token.Value}' is not a memory layer; use one of {string.Join(", ", memoryLayers)}.");
                    }
                }
            });
        }

        var root = new RootCommand(
            "Tier-1 recall with Gen.Exec: five memory stores queried in parallel, then merged from their typed results.")
        {
            maxConcurrency, sequential, failFast, fail, slow, runs, query, only, flaky, seed, progress, slowMotion, telemetry, history, adaptive, slowBackend,
        };

        // --history and --adaptive print their own summaries in place of the report that --progress and --telemetry extend.
        root.Validators.Add(result =>
        {
            string[] modes = new (Option Option, bool Set)[]
                {
                    (history, result.GetValue(history)),
                    (adaptive, result.GetValue(adaptive)),
                    (progress, result.GetValue(progress)),
                    (telemetry, result.GetValue(telemetry)),
                }
                .Where(mode => mode.Set)
                .Select(mode => mode.Option.Name)
                .ToArray();
            if ((result.GetValue(history) || result.GetValue(adaptive)) && modes.Length > 1)
            {
                result.AddError($"{string.Join(" and ", modes)} cannot be combined: --history and --adaptive each replace the report.");
            }

            if ((result.GetValue(history) || result.GetValue(adaptive)) && result.GetValue(only) is { Length: > 0 })
            {
                result.AddError("--only applies to the report; --history and --adaptive run the whole graph.");
            }
        });

        root.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new RecallSettings(
                parse.GetValue(query)!,
                parse.GetValue(maxConcurrency),
                parse.GetValue(sequential),
                parse.GetValue(failFast),
                Canonical(parse.GetValue(fail)),
                Canonical(parse.GetValue(slow)),
                parse.GetValue(runs))
            {
                Progress = parse.GetValue(progress),
                SlowMotion = parse.GetValue(slowMotion) ?? (parse.GetValue(progress) ? RecallSettings.DefaultProgressSlowMotion : 1),
                Telemetry = parse.GetValue(telemetry),
                History = parse.GetValue(history),
                Adaptive = parse.GetValue(adaptive),
                Flaky = parse.GetValue(flaky),
                Seed = parse.GetValue(seed),
                Only = [.. (parse.GetValue(only) ?? []).Select(name => Tier1Recall.Executor.Plan.Layers.First(layer => layer.Equals(name, StringComparison.OrdinalIgnoreCase))).Distinct()],
                SlowBackend = Canonical([parse.GetValue(slowBackend)!])[0],
            };
            try
            {
                Task demo = settings.History ? LatencyDemo.HistoryAsync(settings, cancellationToken)
                    : settings.Adaptive ? LatencyDemo.AdaptiveAsync(settings, cancellationToken)
                    : RecallDemo.RunAsync(settings, cancellationToken);
                await demo;
                return 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Console.Error.WriteLine("Cancelled.");
                return 130;
            }
        });

        return root;

        // Layer names as the graph spells them, whatever case was typed.
        string[] Canonical(string[]? names)
            => (names ?? []).Select(name => memoryLayers.First(layer => layer.Equals(name, StringComparison.OrdinalIgnoreCase))).Distinct().ToArray();
    }
}
