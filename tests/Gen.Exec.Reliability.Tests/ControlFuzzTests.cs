using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec.Reliability.Tests.Graphs;
using Gen.Exec.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace Gen.Exec.Reliability.Tests;

/// <summary>
/// Runtime fuzzing of the per-request controls (issue 12): random scripts (what every attempt, predicate and
/// fallback does), random targets and random executor options on <see cref="ControlFuzzGraph"/>, in virtual
/// time that the test advances exactly to the next due timer; every run is checked against Contract 2 and
/// docs/control.md. A failure names the seed, the case and the script; GENEXEC_SEED replays another sequence.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class ControlFuzzTests(ITestOutputHelper output)
{
    private const int RunsPerExecutor = 8;
    private const int MaxSteps = 2_000;

    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(ControlFuzzScript.TimeoutMilliseconds);

    // Real time for in-flight work to settle; minutes of stall on a loaded machine are not plausible, a lost count is.
    private static readonly TimeSpan s_settleLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public void ControlFuzz_model_matches_the_generated_plan()
    {
        ExecutionPlan plan = ControlFuzzGraph.Executor.Plan;
        Assert.Equal(ControlFuzzModel.Layers, plan.Layers.Count);
        for (int layer = 0; layer < ControlFuzzModel.Layers; layer++)
        {
            Assert.Equal(
                ControlFuzzModel.Dependencies[layer].Select(d => ControlFuzzModel.Names[d]).Order(),
                plan.DependenciesOf(ControlFuzzModel.Names[layer]).Order());
        }
    }

    [Fact]
    public void ControlFuzz_every_combination_keeps_the_invariants()
    {
        // The clock is driven from a thread of its own, outside the pool and without xunit's synchronization
        // context: continuations that timer callbacks release then go to the pool's global queue (never to the
        // driver's local queue or to xunit's threads), where the driver can see them settle.
        Exception? failure = null;
        var driver = new Thread(() =>
        {
            try
            {
                RunAllCases();
            }
            catch (Exception exception)
            {
                failure = exception;
            }
        });
        driver.Start();
        driver.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    private void RunAllCases()
    {
        int cases = LongMode.Pick(ci: 3_000, @long: 30_000);
        int seed = LongMode.Seed(20261203);
        var random = new Random(seed);
        var watch = Stopwatch.StartNew();
        var tally = new Dictionary<LayerStatus, long>();
        long retries = 0, steps = 0;
        using var unobserved = new UnobservedExceptionMonitor();

        for (int first = 0; first < cases; first += RunsPerExecutor)
        {
            var time = new SteppedTime();
            var options = new ExecutorOptions
            {
                TimeProvider = time,
                FailFast = random.Next(4) == 0,
                Parallel = random.Next(5) != 0,
            };
            int limit = random.Next(5);
            if (limit > 0)
            {
                options.MaxConcurrency = limit;
            }

            var executor = new ControlFuzzGraph.Executor(new ControlFuzzGraph(), options);
            long sumRetries = 0, sumFallbacks = 0, sumLayersRun = 0, sumFailed = 0, sumTimedOut = 0;
            int runs = Math.Min(RunsPerExecutor, cases - first);
            for (int c = first; c < first + runs; c++)
            {
                var script = new ControlFuzzScript(random, time, ControlFuzzModel.Synchronous);
                string[]? targets = random.Next(3) == 0 ? null : PickTargets(random);
                string context = $"seed {seed}, case {c} (GENEXEC_SEED={seed}); options FailFast={options.FailFast} Parallel={options.Parallel} MaxConcurrency={(limit == 0 ? "unbounded" : limit)}; targets {(targets is null ? "null" : string.Join(",", targets))}";
                ControlFuzzGraph.Results results;
                try
                {
                    (results, int used) = RunToCompletion(executor, time, script, targets);
                    steps += used;
                    Check(results, script, targets, options.FailFast);
                }
                catch (Exception failure) when (failure is not ControlFuzzFailure)
                {
                    throw new ControlFuzzFailure($"{context}\n{failure.Message}\nscript:\n{script.Describe()}", failure);
                }

                RunStats stats = results.Stats;
                LayerResult[] all = AllOf(results);
                int runRetries = all.Sum(r => Math.Max(0, r.Attempts - 1));
                sumRetries += runRetries;
                sumFallbacks += stats.FellBack;
                sumLayersRun += stats.LayersRun;
                sumFailed += stats.Failed;
                sumTimedOut += stats.TimedOut;
                retries += runRetries;
                foreach (LayerResult r in all)
                {
                    tally[r.Status] = tally.GetValueOrDefault(r.Status) + 1;
                }
            }

            ExecutorStats cumulative = executor.Stats;
            string where = $"seed {seed}, executor of cases {first}..{first + runs - 1}";
            Assert.True(cumulative.Runs == runs, $"{where}: ExecutorStats.Runs {cumulative.Runs}, expected {runs}");
            Assert.True(cumulative.Retries == sumRetries, $"{where}: ExecutorStats.Retries {cumulative.Retries}, sum over runs {sumRetries}");
            Assert.True(cumulative.Fallbacks == sumFallbacks, $"{where}: ExecutorStats.Fallbacks {cumulative.Fallbacks}, sum over runs {sumFallbacks}");
            Assert.True(cumulative.LayersRun == sumLayersRun, $"{where}: ExecutorStats.LayersRun {cumulative.LayersRun}, sum over runs {sumLayersRun}");
            Assert.True(cumulative.Failures == sumFailed, $"{where}: ExecutorStats.Failures {cumulative.Failures}, sum over runs {sumFailed}");
            Assert.True(cumulative.Timeouts == sumTimedOut, $"{where}: ExecutorStats.Timeouts {cumulative.Timeouts}, sum over runs {sumTimedOut}");
        }

        Exception[] surfaced = unobserved.CollectAndList();
        Assert.True(surfaced.Length == 0, $"seed {seed}: {surfaced.Length} unobserved task exception(s), first: {surfaced.FirstOrDefault()}");
        output.WriteLine($"{cases} cases, seed {seed}, {watch.Elapsed.TotalSeconds:0.0} s, {steps} clock steps, {retries} retries; statuses: "
            + string.Join(", ", tally.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")));
        // Every status the controls can produce must have been seen, or the fuzzer explores too little.
        foreach (LayerStatus status in Enum.GetValues<LayerStatus>())
        {
            Assert.True(tally.GetValueOrDefault(status) > 0, $"seed {seed}: no layer ended {status} in {cases} cases");
        }
    }

    private static string[] PickTargets(Random random)
    {
        int count = random.Next(1, 4);
        return Enumerable.Range(0, count).Select(_ => ControlFuzzModel.Names[random.Next(ControlFuzzModel.Layers)]).Distinct().ToArray();
    }

    /// <summary>
    /// Starts the run and advances virtual time, exactly to each next due timer, until it completes. The clock
    /// moves only once everything released so far has been handled (<see cref="Settle"/>): so every outcome
    /// reaches the engine at the virtual instant it happened, and a deadline can never overtake a layer that
    /// already returned or threw.
    /// </summary>
    private static (ControlFuzzGraph.Results Results, int Steps) RunToCompletion(
        ControlFuzzGraph.Executor executor, SteppedTime time, ControlFuzzScript script, string[]? targets)
    {
        script.MarkRunStart();
        Task<ControlFuzzGraph.Results> run = executor.RunAsync(script, targets is null ? null : new RunOptions { Targets = targets }, CancellationToken.None);
        int step = 0;
        for (; step < MaxSteps; step++)
        {
            Settle(executor, script);
            if (run.IsCompleted)
            {
                break;
            }

            // Nothing is in flight and the run is not done: it must be waiting for a timer (a deadline, a retry
            // delay, a layer's wait). None due means the run waits for nothing: a hang.
            if (!time.TryNextDue(out DateTimeOffset due))
            {
                throw new InvalidOperationException($"hang: the engine is idle, no timer is due, and the run has not completed ({Elapsed(time)} of virtual time)");
            }

            time.SetUtcNow(due);
        }

        if (!run.IsCompleted)
        {
            throw new InvalidOperationException($"hang: the run did not complete after {MaxSteps} clock steps ({Elapsed(time)} of virtual time)");
        }

        ControlFuzzGraph.Results results = run.GetAwaiter().GetResult();

        // Let abandoned work (overruns that ignore their token) finish now, so it cannot outlive the test.
        time.Advance(TimeSpan.FromMilliseconds(4 * ControlFuzzScript.OverrunMilliseconds));
        Settle(executor, script);
        return (results, step);
    }

    /// <summary>Waits (in real time) until the engine has no work in flight and the script no released work.</summary>
    private static void Settle(ControlFuzzGraph.Executor executor, ControlFuzzScript script)
    {
        var watch = Stopwatch.StartNew();
        while (Interlocked.Read(ref executor.Stats.EngineWorkInFlight) != 0 || script.HasReleasedWork())
        {
            if (watch.Elapsed > s_settleLimit)
            {
                throw new InvalidOperationException(
                    $"stuck: after {s_settleLimit.TotalSeconds:0} s the engine still has {Interlocked.Read(ref executor.Stats.EngineWorkInFlight)} work item(s) in flight (released script work: {script.HasReleasedWork()})");
            }

            Thread.Yield();
        }
    }

    private static TimeSpan Elapsed(SteppedTime time) => time.GetUtcNow() - new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static LayerResult[] AllOf(ControlFuzzGraph.Results r) =>
    [
        r.Source, r.Lin, r.Exp, r.Cond, r.Diamond, r.Tolerant, r.Crit, r.Sink, r.Notify, r.Chain, r.Lone, r.Tail,
    ];

    private static int? ValueOf(ControlFuzzGraph.Results r, int layer) => layer switch
    {
        0 => Get(r.Source), 1 => Get(r.Lin), 2 => Get(r.Exp), 3 => Get(r.Cond), 4 => Get(r.Diamond), 5 => Get(r.Tolerant),
        7 => Get(r.Sink), 9 => Get(r.Chain), 10 => Get(r.Lone), 11 => Get(r.Tail), _ => null,
    };

    private static int? Get(LayerResult<int> result)
    {
        // TryGetValue and Value must agree with HasValue.
        bool has = result.TryGetValue(out int value);
        Assert.True(has == result.HasValue, $"{result.Name}: TryGetValue {has} but HasValue {result.HasValue}");
        if (!has)
        {
            Assert.Throws<InvalidOperationException>(() => result.Value);
            return null;
        }

        Assert.True(result.Value == value, $"{result.Name}: Value {result.Value} but TryGetValue {value}");
        return value;
    }

    private static bool IsSuccess(AttemptAct act) => act is AttemptAct.Succeed or AttemptAct.DelayThenSucceed;

    private static bool IsTimeout(AttemptAct act) => act is AttemptAct.OverrunHonour or AttemptAct.OverrunIgnore or AttemptAct.OverrunIgnoreThenThrow;

    private static Type FailureType(AttemptAct act) => act == AttemptAct.ThrowUnhandled ? typeof(InvalidOperationException) : typeof(IOException);

    private static void Check(ControlFuzzGraph.Results results, ControlFuzzScript script, string[]? targets, bool failFast)
    {
        LayerResult[] all = AllOf(results);
        int n = ControlFuzzModel.Layers;

        // Selection: the targets and their transitive dependencies.
        var selected = new bool[n];
        if (targets is null)
        {
            Array.Fill(selected, true);
        }
        else
        {
            var stack = new Stack<int>(targets.Select(t => Array.IndexOf(ControlFuzzModel.Names, t)));
            while (stack.Count > 0)
            {
                int layer = stack.Pop();
                if (!selected[layer])
                {
                    selected[layer] = true;
                    foreach (int d in ControlFuzzModel.Dependencies[layer])
                    {
                        stack.Push(d);
                    }
                }
            }
        }

        // An abort: a final Failed or TimedOut of a critical layer, or of any layer under FailFast; from the
        // earliest such moment on, nothing may start.
        TimeSpan? abortAt = null;
        for (int layer = 0; layer < n; layer++)
        {
            LayerResult r = all[layer];
            if (r.Status is LayerStatus.Failed or LayerStatus.TimedOut && (failFast || ControlFuzzModel.Critical[layer]))
            {
                TimeSpan at = r.Attempts == 0 && script.PredicateTimes(layer).Count > 0 ? script.PredicateTimes(layer)[0] : r.StartOffset + r.Elapsed;
                abortAt = abortAt is null || at < abortAt ? at : abortAt;
            }
        }

        bool aborted = abortAt is not null;
        for (int layer = 0; layer < n; layer++)
        {
            CheckLayer(layer, results, all, script, selected[layer], aborted, abortAt);
        }

        // Counts add up.
        RunStats stats = results.Stats;
        int Count(LayerStatus s) => all.Count(r => r.Status == s);
        string counts = $"RunStats {stats}";
        Assert.True(stats.Succeeded == Count(LayerStatus.Succeeded), $"{counts}: Succeeded");
        Assert.True(stats.Failed == Count(LayerStatus.Failed), $"{counts}: Failed");
        Assert.True(stats.TimedOut == Count(LayerStatus.TimedOut), $"{counts}: TimedOut");
        Assert.True(stats.Canceled == Count(LayerStatus.Canceled), $"{counts}: Canceled");
        Assert.True(stats.Skipped == Count(LayerStatus.Skipped), $"{counts}: Skipped");
        Assert.True(stats.NotRun == Count(LayerStatus.NotRun), $"{counts}: NotRun");
        Assert.True(stats.FellBack == Count(LayerStatus.FellBack), $"{counts}: FellBack");
        Assert.True(stats.Succeeded + stats.Failed + stats.TimedOut + stats.Canceled + stats.Skipped + stats.NotRun + stats.FellBack == n, $"{counts}: the counts do not add up to {n}");
        Assert.True(stats.LayersRun == n - stats.Skipped - stats.NotRun, $"{counts}: LayersRun {stats.LayersRun}");
    }

    private static void CheckLayer(int layer, ControlFuzzGraph.Results results, LayerResult[] all, ControlFuzzScript script, bool selected, bool aborted, TimeSpan? abortAt)
    {
        LayerResult r = all[layer];
        string name = ControlFuzzModel.Names[layer];
        IReadOnlyList<AttemptRecord> attempts = script.AttemptsOf(layer);
        int predicateCalls = script.PredicateCalls(layer);
        int fallbackCalls = script.FallbackCalls(layer);
        RetryPolicy policy = ControlFuzzModel.Retry[layer];
        string what = $"{name}: {r.Status} after {r.Attempts} attempt(s) (error {r.Error?.GetType().Name}, fallback error {r.FallbackError?.GetType().Name}); {attempts.Count} invocation(s), {predicateCalls} predicate call(s), {fallbackCalls} fallback call(s)";

        void Expect(bool condition, string message) => Assert.True(condition, $"{what}: {message}");

        void ExpectUntouched(LayerStatus status, string why)
        {
            Expect(r.Status == status, $"expected {status} ({why})");
            Expect(r.Attempts == 0 && attempts.Count == 0, "a layer that never started was invoked or counts attempts");
            Expect(fallbackCalls == 0, "its fallback ran");
            Expect(!r.HasValue, "it has a value");
        }

        Expect(r.Name == name, $"result named {r.Name}");
        Expect(r.Attempts == attempts.Count, "Attempts differs from the invocations the layer saw");
        Expect(r.Attempts >= 0 && r.Attempts <= policy.MaxRetries + 1, $"Attempts outside [0, {policy.MaxRetries + 1}]");
        Expect(predicateCalls <= 1, "predicate called more than once");
        Expect(fallbackCalls <= 1, "fallback called more than once");
        Expect(r.Status != LayerStatus.Canceled || aborted, "Canceled although the run was not aborted");
        Expect(r.HasValue == (r.Status is LayerStatus.Succeeded or LayerStatus.FellBack), "HasValue disagrees with the status");

        // Nothing starts after an abort: no attempt, predicate or fallback later than the aborting outcome.
        if (abortAt is { } abort)
        {
            Expect(attempts.All(a => a.Start <= abort), $"an attempt started after the abort at {abort.TotalMilliseconds} ms");
            Expect(script.FallbackTimes(layer).All(t => t <= abort), $"the fallback started after the abort at {abort.TotalMilliseconds} ms");
            Expect(script.PredicateTimes(layer).All(t => t <= abort), $"the predicate ran after the abort at {abort.TotalMilliseconds} ms");
        }

        if (!selected)
        {
            ExpectUntouched(LayerStatus.NotRun, "not selected by the targets");
            Expect(predicateCalls == 0, "the condition of an unselected layer was called");
            return;
        }

        LayerStatus[] needed = ControlFuzzModel.Needed[layer].Select(d => all[d].Status).ToArray();
        if (needed.Contains(LayerStatus.NotRun))
        {
            ExpectUntouched(LayerStatus.NotRun, "a needed dependency is NotRun");
            Expect(predicateCalls == 0, "predicate called although a needed dependency is NotRun");
            return;
        }

        if (needed.Any(s => s is not (LayerStatus.Succeeded or LayerStatus.FellBack)))
        {
            ExpectUntouched(LayerStatus.Skipped, "a needed dependency has no value");
            Expect(predicateCalls == 0, "predicate called although a needed dependency has no value");
            return;
        }

        // Ready: the predicate (if any) decides, unless the run was aborted before the layer started.
        if (ControlFuzzModel.HasPredicate[layer])
        {
            Expect(predicateCalls == 1 || aborted, "the predicate of a ready layer was not called");
            if (predicateCalls == 0)
            {
                ExpectUntouched(LayerStatus.Skipped, "aborted before it was ready to start");
                return;
            }

            switch (script.Predicates[layer])
            {
                case PredicateAct.False:
                    ExpectUntouched(LayerStatus.NotRun, "its condition is false");
                    return;
                case PredicateAct.Throw:
                    ExpectUntouched(LayerStatus.Failed, "its condition threw");
                    Expect(r.Error is PredicateException, "the error is not the predicate's exception");
                    return;
            }
        }
        else
        {
            Expect(predicateCalls == 0, "a layer without a condition called one");
        }

        if (attempts.Count == 0)
        {
            ExpectUntouched(LayerStatus.Skipped, "never started");
            Expect(aborted, "a ready layer never started although the run was not aborted");
            return;
        }

        // Every attempt but the last ended in a retryable outcome, and the delays between them are as specified.
        for (int k = 0; k < attempts.Count - 1; k++)
        {
            AttemptAct act = attempts[k].Act;
            Expect(!IsSuccess(act), $"attempt {k + 1} succeeded ({act}) but the layer was retried");
            Expect(IsTimeout(act) || policy.Handle is null || policy.Handle.IsAssignableFrom(FailureType(act)), $"attempt {k + 1} ({act}) is not retryable under Handle {policy.Handle?.Name}");
            TimeSpan end = IsTimeout(act) ? attempts[k].Start + s_timeout : attempts[k].ThrewAt ?? TimeSpan.MinValue;
            Expect(end != TimeSpan.MinValue, $"attempt {k + 1} ({act}) recorded no end");
            double gap = (attempts[k + 1].Start - end).TotalMilliseconds;
            double nominal = policy.NominalDelay(k + 1);
            if (policy.Jitter)
            {
                // TimeSpan rounding may shave a tick off either end.
                Expect(gap >= (0.5 * nominal) - 0.001 && gap <= (1.5 * nominal) + 0.001, $"delay before retry {k + 1} was {gap} ms, expected {0.5 * nominal}..{1.5 * nominal} ms");
            }
            else
            {
                Expect(Math.Abs(gap - nominal) < 0.001, $"delay before retry {k + 1} was {gap} ms, expected exactly {nominal} ms");
            }
        }

        AttemptRecord last = attempts[^1];
        int? value = ValueOf(results, layer);
        bool lastFailed = !IsSuccess(last.Act);
        if (!lastFailed)
        {
            Expect(r.Status == LayerStatus.Succeeded || (aborted && r.Status == LayerStatus.Canceled), "the last attempt succeeded");
            if (r.Status == LayerStatus.Succeeded)
            {
                Expect(value is null || value == ControlFuzzScript.ValueOf(layer, attempts.Count - 1), $"value {value}, expected {ControlFuzzScript.ValueOf(layer, attempts.Count - 1)}");
                Expect(fallbackCalls == 0, "fallback ran after a success");
            }
        }
        else
        {
            LayerStatus failure = IsTimeout(last.Act) ? LayerStatus.TimedOut : LayerStatus.Failed;
            Expect(r.Status is LayerStatus.FellBack or LayerStatus.Canceled || r.Status == failure, $"the last attempt ({last.Act}) should end {failure}");
            bool retryable = failure == LayerStatus.TimedOut || policy.Handle is null || policy.Handle.IsAssignableFrom(FailureType(last.Act));
            Expect(aborted || !retryable || attempts.Count == policy.MaxRetries + 1, $"a retryable {failure} after {attempts.Count} of {policy.MaxRetries + 1} attempts was not retried");
            if (r.Status == failure)
            {
                Expect(failure == LayerStatus.TimedOut ? r.Error is TimeoutException : FailureType(last.Act).IsInstanceOfType(r.Error), $"error {r.Error?.GetType().Name} does not match the last attempt");
            }

            Type? accepts = ControlFuzzModel.FallbackAccepts[layer];
            bool wantsFallback = accepts is not null && r.Status == failure && accepts.IsInstanceOfType(r.Error);
            if (r.Status == LayerStatus.FellBack)
            {
                Expect(accepts is not null && fallbackCalls == 1, "FellBack without a fallback call");
                Expect(script.Fallbacks[layer] == FallbackAct.Succeed, $"FellBack though the fallback was told to {script.Fallbacks[layer]}");
                Expect(r.Error is not null && (failure == LayerStatus.TimedOut ? r.Error is TimeoutException : FailureType(last.Act).IsInstanceOfType(r.Error)), "FellBack without the layer's error");
                Expect(value is null || value == ControlFuzzScript.FallbackValueOf(layer), $"fallback value {value}");
            }
            else if (wantsFallback)
            {
                Expect(fallbackCalls == 1 || aborted, "the fallback did not run after a final failure");
                Expect(fallbackCalls == 0 || script.Fallbacks[layer] != FallbackAct.Succeed || aborted, "the fallback succeeded but the layer did not fall back");
                Expect(fallbackCalls == 0 || r.FallbackError is not null, "the fallback failed but its error is lost");
            }
            else
            {
                Expect(fallbackCalls == 0, "the fallback ran although it does not accept the error (or the layer did not end Failed/TimedOut)");
            }
        }

        // The arguments the layer saw are its dependencies' final values and statuses.
        Argument[] spec = ControlFuzzModel.Arguments[layer];
        foreach (AttemptRecord attempt in attempts)
        {
            Expect(attempt.Arguments.Length == spec.Length, "wrong number of arguments");
            for (int a = 0; a < spec.Length; a++)
            {
                LayerResult dep = all[spec[a].Dependency];
                int expected = spec[a].ValueOf ? ValueOf(results, spec[a].Dependency) ?? int.MinValue : ControlFuzzModel.StatusArgument(dep.Status);
                Expect(attempt.Arguments[a] == expected, $"argument {a} ({ControlFuzzModel.Names[spec[a].Dependency]}) was {attempt.Arguments[a]}, expected {expected}");
            }
        }
    }

    /// <summary>A broken invariant, with the seed, case and script that reproduce it.</summary>
    private sealed class ControlFuzzFailure(string message, Exception inner) : Exception(message, inner);
}
