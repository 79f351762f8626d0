using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Gen.Exec.Benchmarks.Graphs;

namespace Gen.Exec.Benchmarks;

/// <summary>
/// Issue 15 item 5: what each feature costs per run of the 5-layer fan-out plus merge, as Ratio / Alloc Ratio
/// against the plain run (no listener, no observer, no options) measured in the same run. Listeners are
/// registered only around their own benchmark (targeted setup and cleanup), so they never touch the others, even
/// in-process. TelemetryBenchmarks measures the OpenTelemetry SDK as the collector; this class uses the bare
/// .NET listeners, the least any collector costs.
/// </summary>
[MemoryDiagnoser]
public class FeatureBenchmarks
{
    private static readonly RunOptions s_targets = new() { Targets = [nameof(FanOutGraph.Merge)] };
    private FanOutGraph.Executor _plain = null!;
    private FanOutGraph.Executor _observed = null!;
    private ControlledFanOutGraph.Executor _controlled = null!;
    private ActivityListener? _activities;
    private MeterListener? _meters;
    private long _measurements;

    [ParamsAllValues]
    public LayerCompletion Layers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        bool yieldOnce = Layers == LayerCompletion.YieldOnce;
        _plain = new FanOutGraph.Executor(new FanOutGraph { YieldOnce = yieldOnce });
        _observed = new FanOutGraph.Executor(new FanOutGraph { YieldOnce = yieldOnce }, new ExecutorOptions { Observer = new NothingObserver() });
        _controlled = new ControlledFanOutGraph.Executor(new ControlledFanOutGraph { YieldOnce = yieldOnce });
    }

    [GlobalSetup(Target = nameof(ActivityListenerSamplingAll))]
    public void SetupActivities()
    {
        Setup();
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ExecutorTelemetry.Name,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_activities);
    }

    [GlobalSetup(Target = nameof(MeterListenerOnAllInstruments))]
    public void SetupMeters()
    {
        Setup();
        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ExecutorTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((_, value, _, _) => _measurements += value);
        _meters.SetMeasurementEventCallback<int>((_, value, _, _) => _measurements += value);
        _meters.SetMeasurementEventCallback<double>((_, value, _, _) => _measurements += (long)value);
        _meters.Start();
    }

    [GlobalCleanup(Targets = [nameof(ActivityListenerSamplingAll), nameof(MeterListenerOnAllInstruments)])]
    public void Cleanup()
    {
        _activities?.Dispose();
        _activities = null;
        _meters?.Dispose();
        _meters = null;
    }

    [Benchmark(Baseline = true, Description = "plain (no listener, observer or options)")]
    public async Task<int> Plain() => (await _plain.RunAsync(1).ConfigureAwait(false)).Merge.Value;

    [Benchmark(Description = "ActivityListener sampling all")]
    public async Task<int> ActivityListenerSamplingAll() => (await _plain.RunAsync(1).ConfigureAwait(false)).Merge.Value;

    [Benchmark(Description = "MeterListener on every instrument")]
    public async Task<int> MeterListenerOnAllInstruments() => (await _plain.RunAsync(1).ConfigureAwait(false)).Merge.Value;

    [Benchmark(Description = "observer (overrides nothing)")]
    public async Task<int> Observer() => (await _observed.RunAsync(1).ConfigureAwait(false)).Merge.Value;

    [Benchmark(Description = "RunOptions.Targets = [Merge] (selects all six)")]
    public async Task<int> Targets() => (await _plain.RunAsync(1, s_targets).ConfigureAwait(false)).Merge.Value;

    [Benchmark(Description = "[When]/[Retry]/[Fallback] on every layer, none triggering")]
    public async Task<int> UnusedControls() => (await _controlled.RunAsync(1).ConfigureAwait(false)).Merge.Value;

    /// <summary>An observer that overrides nothing: what the executor pays for having one at all.</summary>
    private sealed class NothingObserver : ExecutionObserver;
}
