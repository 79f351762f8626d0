namespace Gen.Exec.Samples.Tests;

/// <summary>How the sample tests keep the demo's real-time outcomes stable on a busy machine.</summary>
internal static class TestClock
{
    /// <summary>
    /// The demo's stores finish 50–150 ms before their time-outs; a thread-pool stall on a loaded CI machine can eat
    /// that margin. Run on <see cref="Recall.SlowMotionClock"/> four times slower, every margin grows fourfold in wall
    /// time while the simulated milliseconds the reports show stay the same.
    /// </summary>
    public const double SlowMotion = 4;
}
