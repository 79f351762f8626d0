using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec.Reliability.Tests.Graphs;
using Gen.Exec.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace Gen.Exec.Reliability.Tests;

/// <summary>
/// Thousands of runs from 64 concurrent callers on one executor, with random latency, failures, time-out
/// overruns and caller cancellations; every run is checked against the contract.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class LoadTests(ITestOutputHelper output)
{
    private const int Callers = 64;
    private const int MaxConcurrency = 3;
    private const double FailureRate = 0.10;
    private const double OverrunRate = 0.05;
    private const double CancelRate = 0.05;

    // System timers are due by Environment.TickCount64, which on Linux reads a coarse clock (4 ms steps at
    // CONFIG_HZ=250), and CancelAfter truncates to whole milliseconds: measured by Stopwatch, a time-out can
    // fire a few milliseconds early (6.3 ms seen). The earliest is reported in the output.
    private static readonly TimeSpan s_deadlineSlack = TimeSpan.FromMilliseconds(10);

    // Dependencies each layer takes as LayerResult<T>: it runs whatever their outcome.
    private static readonly Dictionary<LoadLayer, LoadLayer[]> s_tolerated = new()
    {
        [LoadLayer.Enrich] = [LoadLayer.Lookup],
        [LoadLayer.Score] = [LoadLayer.Enrich],
        [LoadLayer.Rank] = [LoadLayer.Score],
        [LoadLayer.Merge] = [LoadLayer.Rank, LoadLayer.Fetch],
        [LoadLayer.Final] = [LoadLayer.Score],
    };

    private static readonly LoadLayer[] s_layers = Enum.GetValues<LoadLayer>();

    [Fact]
    public async Task Every_run_under_injected_faults_returns_consistent_results_or_is_cancelled()
    {
        int batches = LongMode.Pick(ci: 4, @long: 10);
        int runsPerBatch = LongMode.Pick(ci: 500, @long: 1_000);
        int masterSeed = LongMode.Seed(20261123);

        ThreadPool.GetMinThreads(out int minWorkers, out int minIo);
        // Blocking overruns hold pool threads for 250 ms; enough threads keeps the pool's slow thread
        // injection from turning healthy layers into time-outs (that starvation is tested in HostileEnvironmentTests).
        ThreadPool.SetMinThreads(Math.Max(minWorkers, 2 * Callers), minIo);
        try
        {
            await RunLoadAsync(batches, runsPerBatch, masterSeed);
        }
        finally
        {
            ThreadPool.SetMinThreads(minWorkers, minIo);
        }
    }

    private async Task RunLoadAsync(int batches, int runsPerBatch, int masterSeed)
    {
        Assert.Equal(s_layers.Select(l => l.ToString()).Order(), LoadGraph.Executor.Plan.Layers.Order());

        await WarmUpAsync();
        using var unobserved = new UnobservedExceptionMonitor();
        await DrainAbandonedWorkAsync();
        long timerBaseline = Timer.ActiveCount;

        var executor = new LoadGraph.Executor(new LoadGraph(), new ExecutorOptions { MaxConcurrency = MaxConcurrency });
        var tally = new LoadTally();
        var memoryAfterBatch = new List<long>();
        var weakResults = new List<WeakReference>();
        var wallClock = Stopwatch.StartNew();
        for (int batch = 0; batch < batches; batch++)
        {
            List<RunRecord> records = await RunBatchAsync(executor, runsPerBatch, masterSeed + (batch * runsPerBatch), tally);
            await DrainAbandonedWorkAsync();
            CheckBatchAndSample(records, tally, weakResults);
            memoryAfterBatch.Add(GC.GetTotalMemory(forceFullCollection: true));
        }

        wallClock.Stop();
        tally.AssertNoViolations();

        // Cumulative statistics equal the sum of the returned runs' statistics (cancelled runs are not counted).
        Assert.Equal(tally.Returned, executor.Stats.Runs);
        Assert.Equal(tally.LayersRun, executor.Stats.LayersRun);
        Assert.Equal(tally.Failures, executor.Stats.Failures);
        Assert.Equal(tally.TimedOut, executor.Stats.Timeouts);
        Assert.Equal(tally.TimeSavedTicks, executor.Stats.TotalTimeSaved.Ticks);
        Assert.Equal(tally.SpeedupSum / tally.Returned, executor.Stats.AverageSpeedup, 9);

        Exception[] surfaced = unobserved.CollectAndList();
        Assert.True(surfaced.Length == 0, $"{surfaced.Length} unobserved task exception(s), first: {surfaced.FirstOrDefault()}");

        long timersAfter = await WaitForTimersAsync(timerBaseline);
        Assert.True(timersAfter <= timerBaseline, $"Timer.ActiveCount {timersAfter} after the load, {timerBaseline} before: time-out timers leaked.");

        int alive = weakResults.Count(w => w.IsAlive);
        Assert.True(alive == 0, $"{alive} of {weakResults.Count} sampled results and scripts are still reachable after the load.");

        // The first batch pays for JIT and pool growth; after that, a full GC must find the heap flat.
        long growth = memoryAfterBatch[^1] - memoryAfterBatch[1];
        Assert.True(growth < 256 * 1024, $"Heap after full GC grew by {growth:N0} bytes from batch 2 to batch {batches}: {string.Join(", ", memoryAfterBatch.Select(m => m.ToString("N0")))}");

        output.WriteLine($"{tally.Started} runs ({batches} x {runsPerBatch}) from {Callers} callers in {wallClock.Elapsed.TotalSeconds:0.0} s, MaxConcurrency {MaxConcurrency}");
        output.WriteLine($"returned {tally.Returned}, threw OperationCanceledException {tally.Cancelled} (cancellation requested for {tally.CancelRequested}; {tally.PreCancelled} before the call)");
        output.WriteLine($"slowest caller cancellation to exception: {tally.SlowestCancellation.TotalMilliseconds:0.0} ms");
        output.WriteLine($"layers run {tally.LayersRun}, failed {tally.Failures}, timed out {tally.TimedOut}, skipped {tally.Skipped}");
        output.WriteLine("faults injected (layers invoked with that fault): " + string.Join(", ", tally.FaultCounts.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")));
        output.WriteLine($"healthy layers timed out by a slow machine: {tally.EnvironmentalTimeouts}; overruns the runtime waited out (late timer): {tally.LateTimers}");
        output.WriteLine($"earliest time-out relative to its deadline: {tally.EarliestTimeout.TotalMilliseconds:+0.0;-0.0} ms");
        output.WriteLine($"max layers awaited at once in a run: {tally.MaxConcurrentSeen}");
        output.WriteLine($"Timer.ActiveCount before {timerBaseline}, after {timersAfter}; heap after each batch: {string.Join(", ", memoryAfterBatch.Select(m => m.ToString("N0")))}");
        output.WriteLine($"executor stats: {executor.Stats}");

        // Healthy layers time out only when the machine stalls for a whole time-out; more than that is a scheduling bug.
        Assert.True(tally.EnvironmentalTimeouts <= tally.LayersRun / 100, $"{tally.EnvironmentalTimeouts} healthy layers timed out.");
    }

    // Not async: in Debug builds an async method keeps its locals alive in its state machine.
    private static void CheckBatchAndSample(List<RunRecord> records, LoadTally tally, List<WeakReference> weakResults)
    {
        foreach (RunRecord record in records)
        {
            CheckInvocations(record, tally);
            if (record.Results is { } results && weakResults.Count < 1_000 && record.Index % 10 == 0)
            {
                weakResults.Add(new WeakReference(results));
                weakResults.Add(new WeakReference(record.Script));
            }
        }

        records.Clear();
    }

    private static int LayerIndex(string name) => (int)Enum.Parse<LoadLayer>(name);

    private static async Task<List<RunRecord>> RunBatchAsync(LoadGraph.Executor executor, int runs, int firstSeed, LoadTally tally, bool failFast = false)
    {
        var records = new ConcurrentBag<RunRecord>();
        int next = -1;
        var callers = new Task[Callers];
        for (int c = 0; c < Callers; c++)
        {
            callers[c] = Task.Run(async () =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < runs)
                {
                    records.Add(await RunOnceAsync(executor, firstSeed + index, index, tally, failFast));
                }
            });
        }

        await Task.WhenAll(callers);
        return records.ToList();
    }

    private static async Task<RunRecord> RunOnceAsync(LoadGraph.Executor executor, int seed, int index, LoadTally tally, bool failFast)
    {
        var random = new Random(seed ^ 0x5bd1e995);
        var script = new LoadScript(seed, FailureRate, OverrunRate);
        using var caller = new CancellationTokenSource();
        long cancelledAt = 0;
        bool cancel = random.NextDouble() < CancelRate;
        if (cancel)
        {
            caller.Token.Register(() => Interlocked.CompareExchange(ref cancelledAt, Stopwatch.GetTimestamp(), 0));
            bool preCancelled = random.Next(5) == 0;
            tally.CountCancelRequest(preCancelled);
            if (preCancelled)
            {
                await caller.CancelAsync();
            }
            else
            {
                caller.CancelAfter(random.Next(150));
            }
        }

        tally.CountStart();
        LoadGraph.Results results;
        try
        {
            results = await executor.RunAsync(script, caller.Token);
        }
        catch (OperationCanceledException exception)
        {
            if (!cancel)
            {
                tally.Violation($"run {seed}: OperationCanceledException without caller cancellation: {exception}");
            }
            else
            {
                // Callbacks run newest first: when ours has not run yet, the executor threw before it.
                long at = Interlocked.Read(ref cancelledAt);
                tally.CountCancelled(at == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(at));
            }

            return new RunRecord(index, script, null);
        }
        catch (Exception exception)
        {
            tally.Violation($"run {seed}: RunAsync threw {exception}");
            return new RunRecord(index, script, null);
        }

        if (failFast)
        {
            CheckFailFastRun(results, script, tally);
        }
        else
        {
            CheckRun(results, script, tally);
        }

        return new RunRecord(index, script, results);
    }

    private static void CheckRun(LoadGraph.Results results, LoadScript script, LoadTally tally)
    {
        IReadOnlyList<LayerResult> layers = results.Layers;
        string run = $"run {script.Seed}";
        if (script.MaxConcurrent > MaxConcurrency)
        {
            tally.Violation($"{run}: {script.MaxConcurrent} layers awaited at once with MaxConcurrency {MaxConcurrency}");
        }

        tally.SeeConcurrency(script.MaxConcurrent);
        long sequentialTicks = 0;
        foreach (LoadLayer layer in s_layers)
        {
            LayerResult result = layers[(int)layer];
            sequentialTicks += result.Elapsed.Ticks;
            string where = $"{run}, {layer} ({script.FaultOf(layer)}): {result}";
            if (result.Name != layer.ToString())
            {
                tally.Violation($"{where}: wrong name");
            }

            IReadOnlyList<string> dependencies = LoadGraph.Executor.Plan.DependenciesOf(layer.ToString());
            LoadLayer[] tolerated = s_tolerated.GetValueOrDefault(layer, []);
            bool mustSkip = dependencies
                .Select(Enum.Parse<LoadLayer>)
                .Any(d => !tolerated.Contains(d) && layers[(int)d].Status != LayerStatus.Succeeded);
            if (mustSkip != (result.Status == LayerStatus.Skipped))
            {
                tally.Violation($"{where}: Skipped must be exactly when a needed dependency did not succeed; dependencies: {string.Join(", ", dependencies.Select(d => layers[LayerIndex(d)].Status))}");
                continue;
            }

            if (result.Status == LayerStatus.Skipped)
            {
                if (result.Error is not null || result.Elapsed != TimeSpan.Zero)
                {
                    tally.Violation($"{where}: a skipped layer has no error and no elapsed time");
                }

                continue;
            }

            foreach (string dependency in dependencies)
            {
                LayerResult before = layers[LayerIndex(dependency)];
                if (before.StartOffset + before.Elapsed > result.StartOffset + TimeSpan.FromTicks(2))
                {
                    tally.Violation($"{where}: started before its dependency {before} finished");
                }
            }

            CheckOutcome(result, layer, script.FaultOf(layer), where, tally);
            if (result.Status == LayerStatus.Succeeded)
            {
                CheckValue(results, layer, where, tally);
            }
        }

        RunStats stats = results.Stats;
        int Count(LayerStatus status) => layers.Count(l => l.Status == status);
        if (stats.Succeeded != Count(LayerStatus.Succeeded) || stats.Failed != Count(LayerStatus.Failed) ||
            stats.TimedOut != Count(LayerStatus.TimedOut) || stats.Canceled != Count(LayerStatus.Canceled) ||
            stats.Skipped != Count(LayerStatus.Skipped) || stats.SequentialElapsed.Ticks != sequentialTicks)
        {
            tally.Violation($"{run}: stats {stats} do not match the layers: {string.Join("; ", layers)}");
        }

        tally.CountReturned(stats);
    }

    [Fact]
    public async Task Fail_fast_runs_under_injected_faults_cancel_the_rest_and_return_normally()
    {
        int runs = LongMode.Pick(ci: 1_000, @long: 5_000);
        ThreadPool.GetMinThreads(out int minWorkers, out int minIo);
        ThreadPool.SetMinThreads(Math.Max(minWorkers, 2 * Callers), minIo);
        try
        {
            var executor = new LoadGraph.Executor(new LoadGraph(), new ExecutorOptions { FailFast = true });
            var tally = new LoadTally();
            List<RunRecord> records = await RunBatchAsync(executor, runs, LongMode.Seed(777_000), tally, failFast: true);
            await DrainAbandonedWorkAsync();
            foreach (RunRecord record in records)
            {
                CheckInvocations(record, tally);
            }

            tally.AssertNoViolations();
            Assert.Equal(tally.Returned, executor.Stats.Runs);
            Assert.Equal(tally.LayersRun, executor.Stats.LayersRun);
            Assert.Equal(tally.Failures, executor.Stats.Failures);
            Assert.Equal(tally.TimedOut, executor.Stats.Timeouts);
            Assert.Equal(tally.TimeSavedTicks, executor.Stats.TotalTimeSaved.Ticks);
            output.WriteLine($"fail-fast: {tally.Started} runs, returned {tally.Returned}, cancelled by callers {tally.Cancelled}; aborted by a failure {tally.Aborted}; layers canceled {tally.CanceledLayers}, skipped {tally.Skipped}, failed {tally.Failures}, timed out {tally.TimedOut}");
            Assert.True(tally.Aborted > 0 && tally.CanceledLayers > 0, "The faults never aborted a run: the test would prove nothing.");
        }
        finally
        {
            ThreadPool.SetMinThreads(minWorkers, minIo);
        }
    }

    // Fail-fast: the first Failed or TimedOut layer cancels the running ones (Canceled) and skips the rest.
    private static void CheckFailFastRun(LoadGraph.Results results, LoadScript script, LoadTally tally)
    {
        IReadOnlyList<LayerResult> layers = results.Layers;
        string run = $"fail-fast run {script.Seed}";
        bool aborted = layers.Any(l => l.Status is LayerStatus.Failed or LayerStatus.TimedOut);
        foreach (LoadLayer layer in s_layers)
        {
            LayerResult result = layers[(int)layer];
            Fault fault = script.FaultOf(layer);
            string where = $"{run}, {layer} ({fault}): {result}";
            LoadLayer[] tolerated = s_tolerated.GetValueOrDefault(layer, []);
            bool needsFailed = LoadGraph.Executor.Plan.DependenciesOf(layer.ToString())
                .Select(Enum.Parse<LoadLayer>)
                .Any(d => !tolerated.Contains(d) && layers[(int)d].Status != LayerStatus.Succeeded);
            bool ok = result.Status switch
            {
                LayerStatus.Skipped => needsFailed || aborted,
                _ when needsFailed => false,
                LayerStatus.Canceled => aborted && result.Error is OperationCanceledException,
                LayerStatus.Succeeded => result.Elapsed <= LoadGraph.Executor.Plan.TimeoutOf(layer.ToString()),
                LayerStatus.TimedOut => result.Error is TimeoutException,
                LayerStatus.Failed => fault is not Fault.None || result.Error is InjectedFaultException,
                _ => false,
            };

            if (!ok)
            {
                tally.Violation($"{where}: not a fail-fast outcome (run aborted: {aborted}; a needed dependency did not succeed: {needsFailed})");
            }

            if (result.Status == LayerStatus.Succeeded)
            {
                CheckValue(results, layer, where, tally);
            }
        }

        tally.CountFailFast(aborted, layers.Count(l => l.Status == LayerStatus.Canceled));
        tally.CountReturned(results.Stats);
    }

    private static void CheckOutcome(LayerResult result, LoadLayer layer, Fault fault, string where, LoadTally tally)
    {
        TimeSpan timeout = LoadGraph.Executor.Plan.TimeoutOf(layer.ToString());
        bool deadlinePassed = result.Elapsed >= timeout - s_deadlineSlack;
        tally.CountFault(fault);
        switch (result.Status)
        {
            case LayerStatus.TimedOut:
                tally.SeeTimeout(result.Elapsed - timeout);
                if (!deadlinePassed || result.Error is not TimeoutException)
                {
                    tally.Violation($"{where}: timed out before its deadline or without a TimeoutException");
                }
                else if (!LoadScript.IsOverrun(fault))
                {
                    tally.CountEnvironmentalTimeout();
                }

                return;
            case LayerStatus.Succeeded when result.Elapsed > timeout:
                tally.Violation($"{where}: succeeded after its deadline (a layer finishing past its deadline is TimedOut)");
                return;
            case LayerStatus.Canceled or LayerStatus.NotRun:
                tally.Violation($"{where}: nothing cancelled this run, yet the layer is {result.Status}");
                return;
        }

        bool injected = result.Error is InjectedFaultException;
        bool expected = fault switch
        {
            Fault.None => result.Status == LayerStatus.Succeeded,
            Fault.Throw or Fault.ThrowBeforeTask => result.Status == LayerStatus.Failed && injected,
            Fault.ThrowAggregate => result.Status == LayerStatus.Failed && result.Error is AggregateException { InnerException: InjectedFaultException },
            Fault.OwnCancellation => result.Status == LayerStatus.Failed && result.Error is OperationCanceledException,
            // The runtime waited past the deadline only if its timer fired late: legal, and counted.
            Fault.OverrunIgnoringToken or Fault.OverrunBlocking => result.Status == LayerStatus.Succeeded && deadlinePassed,
            Fault.OverrunIgnoringTokenThenThrow => result.Status == LayerStatus.Failed && injected && deadlinePassed,
            // Its own exception may beat the runtime's notice of the time-out: Failed with that exception.
            Fault.ThrowOnCancellation => result.Status == LayerStatus.Failed && injected && deadlinePassed,
            _ => false,
        };

        if (!expected)
        {
            tally.Violation($"{where}: unexpected outcome");
        }
        else if (LoadScript.IsOverrun(fault) && fault != Fault.ThrowOnCancellation)
        {
            tally.CountLateTimer();
        }
    }

    private static void CheckValue(LoadGraph.Results r, LoadLayer layer, string where, LoadTally tally)
    {
        object? actual = null;
        object? expected = null;
        switch (layer)
        {
            case LoadLayer.Parse: (actual, expected) = (r.Parse.Value, LoadValues.Parse(r.Fetch.Value)); break;
            case LoadLayer.Enrich: (actual, expected) = (r.Enrich.Value, LoadValues.Enrich(r.Lookup, r.Config.Value)); break;
            case LoadLayer.Score: (actual, expected) = (r.Score.Value, LoadValues.Score(r.Parse.Value, r.Enrich)); break;
            case LoadLayer.Rank: (actual, expected) = (r.Rank.Value, LoadValues.Rank(r.Score, r.Parse.Value)); break;
            case LoadLayer.Merge: (actual, expected) = (r.Merge.Value, LoadValues.Merge(r.Rank, r.Fetch, r.Lookup.Value)); break;
            case LoadLayer.Final: (actual, expected) = (r.Final.Value, LoadValues.Final(r.Merge.Value, r.Score)); break;
        }

        if (!Equals(actual, expected))
        {
            tally.Violation($"{where}: value {actual}, expected {expected} from its dependencies' results");
        }
    }

    private static void CheckInvocations(RunRecord record, LoadTally tally)
    {
        foreach (LoadLayer layer in s_layers)
        {
            int invocations = record.Script.InvocationsOf(layer);
            if (record.Results is null)
            {
                if (invocations > 1)
                {
                    tally.Violation($"cancelled run {record.Script.Seed}: {layer} invoked {invocations} times");
                }

                continue;
            }

            int expected = record.Results.Layers[(int)layer].Status == LayerStatus.Skipped ? 0 : 1;
            if (invocations != expected)
            {
                tally.Violation($"run {record.Script.Seed}: {layer} is {record.Results.Layers[(int)layer].Status} but was invoked {invocations} times");
            }
        }
    }

    private static async Task WarmUpAsync()
    {
        var executor = new LoadGraph.Executor(new LoadGraph());
        for (int i = 0; i < 20; i++)
        {
            await executor.RunAsync(new LoadScript(i, 0, 0));
        }
    }

    /// <summary>Waits until no layer body, abandoned ones included, is still running.</summary>
    internal static async Task DrainAbandonedWorkAsync()
    {
        var deadline = Stopwatch.StartNew();
        int quietChecks = 0;
        while (quietChecks < 3)
        {
            await Task.Delay(LoadScript.OverrunMilliseconds / 5);
            quietChecks = LoadScript.Outstanding == 0 ? quietChecks + 1 : 0;
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"{LoadScript.Outstanding} layer bodies still running after 60 s.");
        }
    }

    internal static async Task<long> WaitForTimersAsync(long baseline)
    {
        var deadline = Stopwatch.StartNew();
        while (Timer.ActiveCount > baseline && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        return Timer.ActiveCount;
    }

    private sealed record RunRecord(int Index, LoadScript Script, LoadGraph.Results? Results);

    private sealed class LoadTally
    {
        private readonly ConcurrentQueue<string> _violations = new();
        private readonly ConcurrentDictionary<Fault, int> _faults = new();
        private readonly object _gate = new();
        private int _violationCount;

        public int Started;
        public int Returned;
        public int Cancelled;
        public int CancelRequested;
        public int PreCancelled;
        public long LayersRun;
        public long Failures;
        public long TimedOut;
        public long Skipped;
        public long TimeSavedTicks;
        public double SpeedupSum;
        public int EnvironmentalTimeouts;
        public int LateTimers;
        public int MaxConcurrentSeen;
        public TimeSpan SlowestCancellation;

        public IReadOnlyDictionary<Fault, int> FaultCounts => _faults;

        public void Violation(string message)
        {
            if (Interlocked.Increment(ref _violationCount) <= 20)
            {
                _violations.Enqueue(message);
            }
        }

        public void AssertNoViolations()
            => Assert.True(_violationCount == 0, $"{_violationCount} contract violation(s):\n" + string.Join("\n", _violations));

        public void CountStart() => Interlocked.Increment(ref Started);

        public void CountCancelRequest(bool preCancelled)
        {
            Interlocked.Increment(ref CancelRequested);
            if (preCancelled)
            {
                Interlocked.Increment(ref PreCancelled);
            }
        }

        public void CountCancelled(TimeSpan sinceCancellation)
        {
            lock (_gate)
            {
                Cancelled++;
                if (sinceCancellation > SlowestCancellation)
                {
                    SlowestCancellation = sinceCancellation;
                }
            }
        }

        public void CountReturned(in RunStats stats)
        {
            lock (_gate)
            {
                Returned++;
                LayersRun += stats.LayersRun;
                Failures += stats.Failed;
                TimedOut += stats.TimedOut;
                Skipped += stats.Skipped;
                TimeSavedTicks += stats.TimeSaved.Ticks;
                SpeedupSum += stats.Speedup;
            }
        }

        public int Aborted;
        public int CanceledLayers;

        public void CountFailFast(bool aborted, int canceled)
        {
            lock (_gate)
            {
                Aborted += aborted ? 1 : 0;
                CanceledLayers += canceled;
            }
        }

        public void CountFault(Fault fault) => _faults.AddOrUpdate(fault, 1, static (_, n) => n + 1);

        public TimeSpan EarliestTimeout { get; private set; } = TimeSpan.MaxValue;

        public void SeeTimeout(TimeSpan afterDeadline)
        {
            lock (_gate)
            {
                if (afterDeadline < EarliestTimeout)
                {
                    EarliestTimeout = afterDeadline;
                }
            }
        }

        public void CountEnvironmentalTimeout() => Interlocked.Increment(ref EnvironmentalTimeouts);

        public void CountLateTimer() => Interlocked.Increment(ref LateTimers);

        public void SeeConcurrency(int concurrent)
        {
            lock (_gate)
            {
                MaxConcurrentSeen = Math.Max(MaxConcurrentSeen, concurrent);
            }
        }
    }
}
