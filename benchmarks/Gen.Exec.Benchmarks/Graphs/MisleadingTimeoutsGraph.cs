using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec.Benchmarks.Makespan;

namespace Gen.Exec.Benchmarks.Graphs;

/// <summary>
/// Issue 15 item 4: twelve layers whose declared time-outs mislead the scheduler. Six fast independent layers
/// (5 ms) are declared first with generous time-outs (1 s); a chain of three slow layers (40 ms, time-out 60 ms),
/// a chain of two (30 ms, time-out 50 ms) and a join of both chains (10 ms, time-out 20 ms) have tight ones. By
/// time-outs the fast layers look longest and start first; by true durations the slow chain is the critical path.
/// Every layer only waits on <see cref="Clock"/> for its <see cref="TrueMilliseconds"/>, in virtual time.
/// </summary>
public sealed partial class MisleadingTimeoutsGraph(VirtualDelays clock)
{
    /// <summary>The true duration of every layer, in milliseconds of virtual time.</summary>
    public static readonly IReadOnlyDictionary<string, int> TrueMilliseconds = new Dictionary<string, int>
    {
        [nameof(F1)] = 5, [nameof(F2)] = 5, [nameof(F3)] = 5, [nameof(F4)] = 5, [nameof(F5)] = 5, [nameof(F6)] = 5,
        [nameof(S1)] = 40, [nameof(S2)] = 40, [nameof(S3)] = 40,
        [nameof(T1)] = 30, [nameof(T2)] = 30,
        [nameof(Join)] = 10,
    };

    public VirtualDelays Clock { get; } = clock;

    [Layer, Timeout(1000)] public Task F1(CancellationToken ct) => Clock.DelayAsync(nameof(F1), ct);

    [Layer, Timeout(1000)] public Task F2(CancellationToken ct) => Clock.DelayAsync(nameof(F2), ct);

    [Layer, Timeout(1000)] public Task F3(CancellationToken ct) => Clock.DelayAsync(nameof(F3), ct);

    [Layer, Timeout(1000)] public Task F4(CancellationToken ct) => Clock.DelayAsync(nameof(F4), ct);

    [Layer, Timeout(1000)] public Task F5(CancellationToken ct) => Clock.DelayAsync(nameof(F5), ct);

    [Layer, Timeout(1000)] public Task F6(CancellationToken ct) => Clock.DelayAsync(nameof(F6), ct);

    [Layer, Timeout(60)] public Task S1(CancellationToken ct) => Clock.DelayAsync(nameof(S1), ct);

    [Layer, Timeout(60), DependsOn(nameof(S1))] public Task S2(CancellationToken ct) => Clock.DelayAsync(nameof(S2), ct);

    [Layer, Timeout(60), DependsOn(nameof(S2))] public Task S3(CancellationToken ct) => Clock.DelayAsync(nameof(S3), ct);

    [Layer, Timeout(50)] public Task T1(CancellationToken ct) => Clock.DelayAsync(nameof(T1), ct);

    [Layer, Timeout(50), DependsOn(nameof(T1))] public Task T2(CancellationToken ct) => Clock.DelayAsync(nameof(T2), ct);

    [Layer, Timeout(20), DependsOn(nameof(S3), nameof(T2))] public Task Join(CancellationToken ct) => Clock.DelayAsync(nameof(Join), ct);
}
