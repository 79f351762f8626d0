using System;

namespace Gen.Exec.Samples.Service.Tests;

/// <summary>
/// A test that runs only with <c>GENEXEC_LONG=1</c> (see docs/reliability.md); otherwise it is reported as skipped,
/// with the reason, rather than passing without having run.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class LongFactAttribute : FactAttribute
{
    /// <summary>Whether long tests were asked for.</summary>
    public static bool Enabled => Environment.GetEnvironmentVariable("GENEXEC_LONG") == "1";

    /// <summary>Skips the test unless <see cref="Enabled"/>.</summary>
    public LongFactAttribute()
    {
        if (!Enabled)
        {
            Skip = "long test: set GENEXEC_LONG=1 to run it";
        }
    }
}
