using System;

namespace Gen.Exec.Reliability.Tests.Support;

/// <summary>
/// CI-sized versus long runs. <c>GENEXEC_LONG=1</c> selects the long versions (see docs/reliability.md);
/// <c>GENEXEC_SEED</c> replaces the fixed seeds to explore other random sequences.
/// </summary>
internal static class LongMode
{
    public static bool Enabled => Environment.GetEnvironmentVariable("GENEXEC_LONG") == "1";

    public static int Pick(int ci, int @long) => Enabled ? @long : ci;

    public static int Seed(int fixedSeed)
        => int.TryParse(Environment.GetEnvironmentVariable("GENEXEC_SEED"), out int seed) ? seed : fixedSeed;
}
