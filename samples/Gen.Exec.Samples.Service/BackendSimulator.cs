using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Gen.Exec.Samples.Service;

/// <summary>
/// The four backends behind <c>/backend/{name}</c>: a latency and a failure rate each, from configuration
/// (<c>Backends:trending:FailureRate</c>, <c>Backends:documents:DelayMs</c>), which a request can override with
/// <c>?delayMs=</c> and <c>?fail=true</c>. Counts the calls each backend received, so a test can see that an open
/// circuit stops the calls.
/// </summary>
public sealed class BackendSimulator(IConfiguration configuration)
{
    /// <summary>The backends' names, as in their routes and the configuration.</summary>
    public static readonly string[] Names = ["profile", "documents", "recommendations", "trending"];

    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many calls <paramref name="backend"/> has received.</summary>
    public int CallsTo(string backend) => _calls.TryGetValue(backend, out int calls) ? calls : 0;

    /// <summary>
    /// Waits the backend's latency and then fails with <see cref="StatusCodes.Status503ServiceUnavailable"/> or returns
    /// <see langword="null"/> (carry on with the answer). A delay honours <paramref name="ct"/> (the caller gave up).
    /// </summary>
    public async Task<IResult?> SimulateAsync(string backend, HttpRequest request, CancellationToken ct)
    {
        _calls.AddOrUpdate(backend, 1, static (_, calls) => calls + 1);

        int delayMs = int.TryParse(request.Query["delayMs"], NumberStyles.None, CultureInfo.InvariantCulture, out int asked)
            ? asked
            : Setting(backend, "DelayMs", DefaultDelayMs(backend));
        if (delayMs > 0)
        {
            await Task.Delay(delayMs, ct);
        }

        bool fail = string.Equals(request.Query["fail"], "true", StringComparison.OrdinalIgnoreCase)
            || Random.Shared.NextDouble() < Setting(backend, "FailureRate", 0.0);
        return fail ? Results.Problem($"{backend} is unavailable (injected fault)", statusCode: StatusCodes.Status503ServiceUnavailable) : null;
    }

    // Typical latencies of the backends this sample stands in for; the graph's time-outs leave them a wide margin.
    private static int DefaultDelayMs(string backend) => backend switch
    {
        "profile" => 30,
        "documents" => 80,
        "recommendations" => 50,
        _ => 40,
    };

    // Read by hand rather than bound to an options type: reflection-based binding is what trimming and AOT forbid.
    private int Setting(string backend, string key, int fallback)
        => int.TryParse(configuration[$"Backends:{backend}:{key}"], NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : fallback;

    private double Setting(string backend, string key, double fallback)
        => double.TryParse(configuration[$"Backends:{backend}:{key}"], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : fallback;
}
