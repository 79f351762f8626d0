using System;
using System.Reflection;

namespace Gen.Exec.Samples.Tests;

/// <summary>Run identities for driving an observer by hand, as the executor would.</summary>
internal static class Runs
{
    private static readonly ConstructorInfo s_constructor = typeof(RunInfo).GetConstructor(
        BindingFlags.Instance | BindingFlags.NonPublic, [typeof(string), typeof(long)])
        ?? throw new InvalidOperationException("RunInfo has no (string, long) constructor.");

    private static readonly MethodInfo s_build = typeof(RunStatsBuilder).GetMethod("Build", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("RunStatsBuilder has no Build method.");

    // RunInfo's constructor is internal (only executors make runs); the observer under test only reads Id.
    public static RunInfo Info(long id) => (RunInfo)s_constructor.Invoke(["Gen.Exec.Samples.Recall.Tier1Recall", id]);

    // RunStats are built by executors only; the observer under test only reads Elapsed.
    public static RunStats Stats(TimeSpan elapsed) => (RunStats)s_build.Invoke(default(RunStatsBuilder), [elapsed])!;
}
