using System.Globalization;
using System.Text;

namespace Gen.Exec.Graph;

/// <summary>
/// A layer's planned worst case: every attempt's time-out, the largest possible retry delays and its fallback's
/// time-out. Saturates at <see cref="MaxMilliseconds"/> so that absurd settings still give a plan that
/// <c>TimeSpan</c> can hold (and a GEX004 rather than an overflow).
/// </summary>
internal static class PlanCosts
{
    /// <summary><c>TimeSpan.MaxValue</c> in whole milliseconds.</summary>
    public const long MaxMilliseconds = 922_337_203_685_477;

    /// <summary>(maxRetries + 1) × timeout + the largest possible delays + the fallback's time-out (the layer's).</summary>
    public static long WorstCase(int timeout, RetryModel? retry, bool hasFallback)
    {
        long attempts = 1 + (retry is null ? 0 : System.Math.Max(0, retry.MaxRetries));
        long cost = Add(Multiply(attempts, timeout), MaxDelays(retry));
        return hasFallback ? Add(cost, timeout) : cost;
    }

    /// <summary>
    /// The sum of the nominal delays before retries 1..n (Constant: d each; Linear: k × d; Exponential: 2^(k-1) × d),
    /// times 1.5 (rounded up) with jitter, which draws each delay within 0.5 to 1.5 times its nominal value.
    /// </summary>
    public static long MaxDelays(RetryModel? retry)
    {
        if (retry is null || retry.MaxRetries <= 0 || retry.DelayMilliseconds <= 0)
        {
            return 0;
        }

        long n = retry.MaxRetries;
        long d = retry.DelayMilliseconds;
        long nominal = retry.Backoff switch
        {
            RetryBackoffKind.Constant => Multiply(n, d),
            RetryBackoffKind.Linear => Multiply(n * (n + 1) / 2, d),
            _ => n >= 62 ? MaxMilliseconds : Multiply((1L << (int)n) - 1, d),
        };
        return retry.Jitter ? Add(nominal, (nominal + 1) / 2) : nominal;
    }

    /// <summary>How a layer's worst case is made up, for GEX004: "A (3 attempts of 200 ms + up to 450 ms of delays + a 200 ms fallback = 1250 ms)".</summary>
    public static string Describe(string name, int timeout, RetryModel? retry, bool hasFallback)
    {
        long worst = WorstCase(timeout, retry, hasFallback);
        if (worst == timeout)
        {
            return name;
        }

        var text = new StringBuilder(name).Append(" (");
        int attempts = retry is null ? 1 : (int)System.Math.Min(int.MaxValue, 1L + System.Math.Max(0, retry.MaxRetries));
        text.Append(attempts == 1 ? "1 attempt" : Ms(attempts) + " attempts").Append(" of ").Append(Ms(timeout)).Append(" ms");
        long delays = MaxDelays(retry);
        if (delays > 0)
        {
            text.Append(" + up to ").Append(Ms(delays)).Append(" ms of delays");
        }

        if (hasFallback)
        {
            text.Append(" + a ").Append(Ms(timeout)).Append(" ms fallback");
        }

        return text.Append(" = ").Append(Ms(worst)).Append(" ms)").ToString();
    }

    public static long Add(long a, long b) => a >= MaxMilliseconds - b ? MaxMilliseconds : a + b;

    private static long Multiply(long a, long b) => a != 0 && b > MaxMilliseconds / a ? MaxMilliseconds : a * b;

    private static string Ms(long value) => value.ToString(CultureInfo.InvariantCulture);
}
