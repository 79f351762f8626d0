using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec.Samples.Recall;
using Microsoft.Extensions.Time.Testing;

namespace Gen.Exec.Samples.Tests;

/// <summary>The progress view's state machine: each layer waiting, running, done with its status, whatever the threads.</summary>
public sealed class ProgressObserverTests
{
    private static readonly string[] s_layers = ["Episodic", "Semantic", "Merge"];

    [Fact]
    public void A_layer_goes_waiting_then_running_then_done_with_its_status_and_elapsed()
    {
        var clock = new FakeTimeProvider();
        var observer = new ProgressObserver(s_layers, clock);
        RunInfo run = Runs.Info(7);

        Assert.Equal(0, observer.Snapshot().RunsStarted);
        observer.OnRunStarted(run);
        Assert.All(observer.Snapshot().Layers, layer => Assert.Equal(LayerPhase.Waiting, layer.Phase));

        observer.OnLayerStarted(run, "Episodic");
        clock.Advance(TimeSpan.FromMilliseconds(30));
        LayerProgress running = observer.Snapshot().Layers[0];
        Assert.Equal(LayerPhase.Running, running.Phase);
        Assert.Null(running.Status);
        Assert.Equal(TimeSpan.FromMilliseconds(30), running.Elapsed);
        Assert.Equal(LayerPhase.Waiting, observer.Snapshot().Layers[1].Phase);

        observer.OnLayerCompleted(run, new LayerResult("Episodic", LayerStatus.TimedOut, new TimeoutException("late"), TimeSpan.FromMilliseconds(42)));
        clock.Advance(TimeSpan.FromMilliseconds(500));
        LayerProgress done = observer.Snapshot().Layers[0];
        Assert.Equal(LayerPhase.Done, done.Phase);
        Assert.Equal(LayerStatus.TimedOut, done.Status);
        Assert.Equal(TimeSpan.FromMilliseconds(42), done.Elapsed); // the layer's own elapsed, not the clock's
        Assert.Equal("TimeoutException: late", done.Error);

        // A layer that never starts (its dependency failed) goes from waiting straight to done.
        observer.OnLayerCompleted(run, new LayerResult("Merge", LayerStatus.Skipped));
        Assert.Equal(LayerStatus.Skipped, observer.Snapshot().Layers[2].Status);

        ProgressSnapshot snapshot = observer.Snapshot();
        Assert.True(snapshot.RunInProgress);
        Assert.Equal(7, snapshot.RunId);
        observer.OnRunCompleted(run, Runs.Stats(TimeSpan.FromMilliseconds(120)));
        Assert.False(observer.Snapshot().RunInProgress);
        Assert.Equal(TimeSpan.FromMilliseconds(120), observer.Snapshot().RunElapsed);
    }

    [Fact]
    public void A_done_layer_stays_done_and_calls_about_another_run_change_nothing()
    {
        var observer = new ProgressObserver(s_layers, new FakeTimeProvider());
        RunInfo first = Runs.Info(1);
        RunInfo second = Runs.Info(2);
        observer.OnRunStarted(first);
        observer.OnLayerCompleted(first, new LayerResult("Semantic", LayerStatus.Succeeded));
        observer.OnLayerStarted(first, "Semantic");
        Assert.Equal(LayerPhase.Done, observer.Snapshot().Layers[1].Phase);

        observer.OnRunStarted(second);
        observer.OnLayerStarted(first, "Episodic");
        observer.OnLayerCompleted(first, new LayerResult("Merge", LayerStatus.Failed));
        observer.OnLayerStarted(second, "NoSuchLayer");
        Assert.All(observer.Snapshot().Layers, layer => Assert.Equal(LayerPhase.Waiting, layer.Phase));
        Assert.Equal(2, observer.Snapshot().RunsStarted);
    }

    // Many layers started and completed from many threads at once, with stray late starts racing the completions,
    // while the view reads snapshots: no layer ever moves backwards, every one ends done with its own status, and
    // exactly one line is written per start and per completion.
    [Fact]
    public async Task Concurrent_calls_move_every_layer_forward_only_and_end_with_its_status()
    {
        string[] layers = Enumerable.Range(0, 64).Select(i => $"L{i}").ToArray();
        LayerStatus Expected(int i) => (LayerStatus)(1 + (i % 4)); // Succeeded, Failed, TimedOut, Canceled

        for (int round = 0; round < 20; round++)
        {
            var observer = new ProgressObserver(layers, TimeProvider.System);
            RunInfo run = Runs.Info(100 + round);
            observer.OnRunStarted(run);
            using var start = new Barrier(layers.Length + 1);
            using var stop = new CancellationTokenSource();

            Task reader = Task.Run(() =>
            {
                var last = new LayerPhase[layers.Length];
                while (!stop.IsCancellationRequested)
                {
                    IReadOnlyList<LayerProgress> rows = observer.Snapshot().Layers;
                    for (int i = 0; i < rows.Count; i++)
                    {
                        Assert.True(rows[i].Phase >= last[i], $"{rows[i].Layer} went from {last[i]} back to {rows[i].Phase}");
                        Assert.Equal(rows[i].Phase == LayerPhase.Done, rows[i].Status is not null);
                        last[i] = rows[i].Phase;
                    }
                }
            });

            Task[] writers = Enumerable.Range(0, layers.Length).Select(i => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait();
                    observer.OnLayerStarted(run, layers[i]);
                    observer.OnLayerCompleted(run, new LayerResult(layers[i], Expected(i), elapsed: TimeSpan.FromMilliseconds(i)));

                    // A stray start for a neighbour: it may land before or after that layer's own calls.
                    observer.OnLayerStarted(run, layers[(i + 1) % layers.Length]);
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default)).ToArray();
            start.SignalAndWait();
            await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));
            await stop.CancelAsync();
            await reader.WaitAsync(TimeSpan.FromSeconds(60));

            ProgressSnapshot final = observer.Snapshot();
            for (int i = 0; i < layers.Length; i++)
            {
                Assert.Equal(LayerPhase.Done, final.Layers[i].Phase);
                Assert.Equal(Expected(i), final.Layers[i].Status);
                Assert.Equal(TimeSpan.FromMilliseconds(i), final.Layers[i].Elapsed);
            }

            IReadOnlyList<string> lines = observer.DrainLines();
            Assert.Equal(1 + (2 * layers.Length), lines.Count); // run started, then one start and one completion per layer
            Assert.Equal(layers.Length, lines.Count(line => line.EndsWith(" started", StringComparison.Ordinal) && !line.Contains("run #", StringComparison.Ordinal)));
            Assert.Empty(observer.DrainLines());
        }
    }
}
