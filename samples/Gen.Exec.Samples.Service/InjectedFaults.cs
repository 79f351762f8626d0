using System;
using System.Collections.Generic;
using System.Globalization;

namespace Gen.Exec.Samples.Service;

/// <summary>
/// Faults a caller asks for in one request (<c>?fail=trending&amp;delay=documents:2000</c>), passed by the layers to
/// the backends they call, so a demo or a test can break one backend for one request without touching the others.
/// </summary>
public sealed class InjectedFaults
{
    private readonly HashSet<string> _failing;
    private readonly Dictionary<string, int> _delays;

    private InjectedFaults(HashSet<string> failing, Dictionary<string, int> delays)
    {
        _failing = failing;
        _delays = delays;
    }

    /// <summary>No injected faults.</summary>
    public static InjectedFaults None { get; } = new([], []);

    /// <summary>
    /// Parses <paramref name="fail"/> (backend names, comma-separated) and <paramref name="delay"/>
    /// (<c>name:milliseconds</c> pairs, comma-separated). Names are case-insensitive.
    /// </summary>
    /// <exception cref="FormatException">A delay is not <c>name:milliseconds</c> with a non-negative whole number.</exception>
    public static InjectedFaults Parse(string? fail, string? delay)
    {
        var failing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string name in Split(fail))
        {
            failing.Add(name);
        }

        var delays = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (string pair in Split(delay))
        {
            int colon = pair.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !int.TryParse(pair.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int ms))
            {
                throw new FormatException($"'{pair}' is not name:milliseconds (e.g. documents:2000).");
            }

            delays[pair[..colon]] = ms;
        }

        return failing.Count == 0 && delays.Count == 0 ? None : new InjectedFaults(failing, delays);
    }

    /// <summary>The query string a layer appends when it calls <paramref name="backend"/> (empty, or starting with <c>&amp;</c>).</summary>
    public string QueryFor(string backend)
    {
        string query = _failing.Contains(backend) ? "&fail=true" : string.Empty;
        return _delays.TryGetValue(backend, out int ms) ? query + "&delayMs=" + ms.ToString(CultureInfo.InvariantCulture) : query;
    }

    private static string[] Split(string? list)
        => string.IsNullOrWhiteSpace(list) ? [] : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
