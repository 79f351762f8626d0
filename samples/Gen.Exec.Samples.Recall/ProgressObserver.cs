using System;
using System.Collections.Generic;
using System.Globalization;
using Gen.Exec;

namespace Gen.Exec.Samples.Recall;

/// <summary>Where a layer is in the run being watched.</summary>
public enum LayerPhase
{
    /// <summary>Not started yet (its dependencies, or a concurrency slot, are not ready).</summary>
    Waiting,

    /// <summary>Started; its status is not final yet.</summary>
    Running,

    /// <summary>Its status is final.</summary>
    Done,
}

/// <summary>One layer's row in the progress view.</summary>
/// <param name="Layer">The layer's name.</param>
/// <param name="Phase">Waiting, running or done.</param>
/// <param name="Status">The final status once <see cref="LayerPhase.Done"/>.</param>
/// <param name="Elapsed">Zero while waiting; the time so far while running; the layer's elapsed time once done.</param>
/// <param name="Error">The error's type and message for a failed layer.</param>
public readonly record struct LayerProgress(string Layer, LayerPhase Phase, LayerStatus? Status, TimeSpan Elapsed, string? Error);

/// <summary>What the progress view shows: the watched run and its layers.</summary>
/// <param name="RunId">The watched run's <see cref="RunInfo.Id"/> (meaningless while <paramref name="RunsStarted"/> is 0).</param>
/// <param name="RunsStarted">Runs started since the observer was created.</param>
/// <param name="RunInProgress">Whether the watched run has not completed yet.</param>
/// <param name="RunElapsed">Time since the watched run started (its elapsed time once completed).</param>
/// <param name="Layers">One row per layer, in plan order.</param>
public sealed record ProgressSnapshot(long RunId, int RunsStarted, bool RunInProgress, TimeSpan RunElapsed, IReadOnlyList<LayerProgress> Layers);

/// <summary>
/// Follows the latest run of an executor for a progress view: each layer goes waiting, running, done (with its
/// status). The executor calls it from several threads at once, so every call takes one lock; each call only
/// updates a few fields, so the layer that made it is not held up. The view reads <see cref="Snapshot"/> and
/// <see cref="DrainLines"/> from its own thread.
/// </summary>
/// <remarks>
/// A layer only moves forward: a call that would move it back (a start after its completion) is ignored, and
/// calls for any run but the latest one are ignored, so concurrent runs cannot scramble the rows.
/// </remarks>
public sealed class ProgressObserver : ExecutionObserver
{
    private readonly object _gate = new();
    private readonly IReadOnlyList<string> _layers;
    private readonly TimeProvider _time;
    private readonly LayerState[] _states;
    private readonly List<string> _lines = new();
    private long _runId;
    private int _runsStarted;
    private long _runStarted;
    private TimeSpan? _runElapsed;

    /// <summary>Follows runs of a graph with <paramref name="layers"/>, timing them on <paramref name="time"/> (the executor's clock).</summary>
    public ProgressObserver(IReadOnlyList<string> layers, TimeProvider time)
    {
        _layers = layers ?? throw new ArgumentNullException(nameof(layers));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _states = new LayerState[layers.Count];
    }

    /// <inheritdoc/>
    public override void OnRunStarted(RunInfo run)
    {
        lock (_gate)
        {
            _runId = run.Id;
            _runsStarted++;
            _runStarted = _time.GetTimestamp();
            _runElapsed = null;
            Array.Clear(_states);
            _lines.Add(Line(TimeSpan.Zero, $"run #{run.Id}", "started"));
        }
    }

    /// <inheritdoc/>
    public override void OnLayerStarted(RunInfo run, string layer)
    {
        lock (_gate)
        {
            int index = IndexOf(run, layer);
            if (index < 0 || _states[index].Phase != LayerPhase.Waiting)
            {
                return;
            }

            long now = _time.GetTimestamp();
            _states[index] = new LayerState { Phase = LayerPhase.Running, Started = now };
            _lines.Add(Line(_time.GetElapsedTime(_runStarted, now), layer, "started"));
        }
    }

    /// <inheritdoc/>
    public override void OnLayerCompleted(RunInfo run, LayerResult result)
    {
        lock (_gate)
        {
            int index = IndexOf(run, result.Name);
            if (index < 0 || _states[index].Phase == LayerPhase.Done)
            {
                return;
            }

            string? error = result.Error is { } exception ? $"{exception.GetType().Name}: {exception.Message}" : null;
            _states[index] = new LayerState { Phase = LayerPhase.Done, Status = result.Status, Elapsed = result.Elapsed, Error = error };
            bool ran = result.Status is not (LayerStatus.Skipped or LayerStatus.NotRun);
            string what = ran
                ? $"{result.Status} after {Milliseconds(result.Elapsed)}{(error is null ? string.Empty : " (" + error + ")")}"
                : result.Status.ToString();
            _lines.Add(Line(_time.GetElapsedTime(_runStarted), result.Name, what));
        }
    }

    /// <inheritdoc/>
    public override void OnRunCompleted(RunInfo run, RunStats stats)
    {
        lock (_gate)
        {
            if (_runsStarted == 0 || run.Id != _runId || _runElapsed is not null)
            {
                return;
            }

            _runElapsed = stats.Elapsed;
            _lines.Add(Line(stats.Elapsed, $"run #{run.Id}", $"completed in {Milliseconds(stats.Elapsed)}"));
        }
    }

    /// <summary>The latest run's layers as they are now.</summary>
    public ProgressSnapshot Snapshot()
    {
        lock (_gate)
        {
            long now = _time.GetTimestamp();
            var rows = new LayerProgress[_layers.Count];
            for (int i = 0; i < rows.Length; i++)
            {
                LayerState state = _states[i];
                TimeSpan elapsed = state.Phase switch
                {
                    LayerPhase.Running => _time.GetElapsedTime(state.Started, now),
                    LayerPhase.Done => state.Elapsed,
                    _ => TimeSpan.Zero,
                };
                rows[i] = new LayerProgress(_layers[i], state.Phase, state.Phase == LayerPhase.Done ? state.Status : null, elapsed, state.Error);
            }

            bool inProgress = _runsStarted > 0 && _runElapsed is null;
            TimeSpan runElapsed = _runElapsed ?? (_runsStarted == 0 ? TimeSpan.Zero : _time.GetElapsedTime(_runStarted, now));
            return new ProgressSnapshot(_runId, _runsStarted, inProgress, runElapsed, rows);
        }
    }

    /// <summary>The lines (one per start or completion) added since the last call, oldest first.</summary>
    public IReadOnlyList<string> DrainLines()
    {
        lock (_gate)
        {
            string[] lines = _lines.ToArray();
            _lines.Clear();
            return lines;
        }
    }

    /// <summary>Milliseconds with one decimal, invariant.</summary>
    public static string Milliseconds(TimeSpan time) => time.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    private static string Line(TimeSpan offset, string subject, string what)
        => string.Create(CultureInfo.InvariantCulture, $"+{offset.TotalMilliseconds,7:0.0} ms  {subject,-12} {what}");

    // -1 for a call before any run started, about another run than the latest, or a layer this graph does not have.
    private int IndexOf(RunInfo run, string layer)
    {
        if (_runsStarted == 0 || run.Id != _runId)
        {
            return -1;
        }

        for (int i = 0; i < _layers.Count; i++)
        {
            if (string.Equals(_layers[i], layer, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private struct LayerState
    {
        public LayerPhase Phase;
        public LayerStatus Status;
        public long Started;
        public TimeSpan Elapsed;
        public string? Error;
    }
}
