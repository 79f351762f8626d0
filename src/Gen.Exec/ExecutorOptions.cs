using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace Gen.Exec;

/// <summary>How an executor runs its graph. Read at the start of every run.</summary>
public sealed class ExecutorOptions
{
    /// <summary>The value of <see cref="MaxConcurrency"/> that means "no limit".</summary>
    public const int Unbounded = int.MaxValue;

    private int _maxConcurrency = Unbounded;
    private TimeProvider _timeProvider = TimeProvider.System;
    private IMeterFactory? _meterFactory;
    private ExecutorInstruments? _instruments;
    private readonly Dictionary<string, TimeSpan> _layerTimeouts = new(StringComparer.Ordinal);
    private LayerTimeoutOverrides? _resolvedTimeouts;

    /// <summary>
    /// The largest number of layers of one run that execute at once; <see cref="Unbounded"/> by default.
    /// Waiting layers start by <see cref="LayerAttribute.Priority"/>, then by longest remaining critical path,
    /// then in declaration order.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int MaxConcurrency
    {
        get => _maxConcurrency;
        set
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxConcurrency), value, "MaxConcurrency must be at least 1.");
            }

            _maxConcurrency = value;
        }
    }

    /// <summary>
    /// <see langword="true"/> (the default) runs independent layers concurrently; <see langword="false"/>
    /// runs one layer at a time in plan order, which is easier to debug.
    /// </summary>
    public bool Parallel { get; set; } = true;

    /// <summary>
    /// When <see langword="true"/>, the first failure or time-out cancels the rest of the run:
    /// running layers become Canceled and layers not yet started become Skipped.
    /// </summary>
    public bool FailFast { get; set; }

    /// <summary>The clock for all timing and time-outs; <see cref="TimeProvider.System"/> by default.</summary>
    /// <exception cref="ArgumentNullException">The value is <see langword="null"/>.</exception>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set => _timeProvider = value ?? throw new ArgumentNullException(nameof(TimeProvider));
    }

    /// <summary>
    /// The factory of the <c>Gen.Exec</c> meter that runs report to; <see langword="null"/> (the default) uses
    /// one process-wide meter. In a service, set it to the container's <see cref="IMeterFactory"/> so that
    /// measurements stay with that container (tests running side by side do not see each other's).
    /// </summary>
    /// <remarks>The meter and its instruments are created once per factory, not per run.</remarks>
    public IMeterFactory? MeterFactory
    {
        get => _meterFactory;
        set
        {
            _meterFactory = value;
            _instruments = null;
        }
    }

    /// <summary>
    /// Receives each run's progress as it happens: run and layer starts, each layer's final status, the run's
    /// statistics. <see langword="null"/> by default. An exception it throws is caught and never changes the run.
    /// </summary>
    public ExecutionObserver? Observer { get; set; }

    /// <summary>
    /// Under <see cref="MaxConcurrency"/>, ranks waiting layers (after <see cref="LayerAttribute.Priority"/>)
    /// by the longest remaining path computed from the durations this executor has observed, instead of
    /// from the declared time-outs, once its latency history has data for the layers concerned.
    /// <see langword="false"/> by default: the order then depends only on the graph, as in part 1.
    /// </summary>
    public bool AdaptivePriority { get; set; }

    /// <summary>
    /// When <see langword="true"/>, each attempt of a layer runs with the time-out its
    /// <see cref="LatencyHistory"/> suggests (its p99 with a margin) once that suggestion rests on enough
    /// samples (<see cref="LayerLatency.IsReliable"/>); never above the declared <see cref="TimeoutAttribute"/>,
    /// so the compile-time worst case and the latency budget still hold. <see langword="false"/> by default.
    /// </summary>
    public bool AdaptiveTimeouts { get; set; }

    /// <summary>
    /// The container the executor resolves services from: the <c>ResiliencePipelineProvider&lt;string&gt;</c> of layers
    /// with <see cref="ResiliencePipelineAttribute"/>, resolved once when the executor is constructed.
    /// <see langword="null"/> by default; the generated <c>AddGenExec</c> sets it to the application's container.
    /// </summary>
    public IServiceProvider? Services { get; set; }

    /// <summary>
    /// Per-layer time-outs that tighten the declared <see cref="TimeoutAttribute"/>, by layer name (for example read from
    /// configuration: <c>"LayerTimeouts": { "Semantic": "00:00:00.150" }</c>). Each value must be positive and at most the
    /// layer's declared time-out, so that the plan's worst-case latency and its latency budget stay true; a run with an
    /// unknown name or a longer value throws <see cref="ArgumentException"/> before any layer starts. Empty by default.
    /// </summary>
    public IDictionary<string, TimeSpan> LayerTimeouts => _layerTimeouts;

    /// <summary>Each layer's time-out under <see cref="LayerTimeouts"/>; <see langword="null"/> when none is set (the declared ones hold).</summary>
    internal TimeSpan[]? TimeoutsFor(ExecutionPlan plan)
        => _layerTimeouts.Count == 0 ? null : LayerTimeoutOverrides.Resolve(ref _resolvedTimeouts, _layerTimeouts, plan);

    /// <summary>The instruments of <see cref="MeterFactory"/>'s meter, looked up once per factory set.</summary>
    internal ExecutorInstruments Instruments => _instruments ??= ExecutorInstruments.For(_meterFactory);
}
