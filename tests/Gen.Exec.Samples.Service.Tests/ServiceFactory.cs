using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Gen.Exec.Samples.Service;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Gen.Exec.Samples.Service.Tests;

/// <summary>
/// The sample app in memory. The layers' backend calls go through the test server's handler (there is no socket to
/// call back on), the flaky backend's random failures are off so only injected faults fail, and every finished span
/// is kept in <see cref="Spans"/>.
/// </summary>
public sealed class ServiceFactory : WebApplicationFactory<Program>
{
    /// <summary>Every span the app finished, in the order they ended.</summary>
    public SpanCollection Spans { get; } = new();

    /// <summary>The backends' call counters.</summary>
    public BackendSimulator Backends => Services.GetRequiredService<BackendSimulator>();

    /// <summary>A client for the app, after one warm-up request (the first run compiles the whole path).</summary>
    public async Task<HttpClient> StartAsync()
    {
        HttpClient client = CreateClient();
        using HttpResponseMessage warmUp = await client.GetAsync("/retrieve?user=warm&q=up");
        warmUp.EnsureSuccessStatusCode();
        return client;
    }

    /// <inheritdoc/>
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Backends:BaseAddress", "http://localhost/");
        builder.UseSetting("Backends:trending:FailureRate", "0");
        builder.ConfigureTestServices(services =>
        {
            // Resolved lazily, at the first backend call: the server exists by then.
            services.AddHttpClient(BackendClient.Name).ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());
            services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(Spans));
        });
    }
}

/// <summary>A thread-safe collection for the in-memory exporter: spans end on many threads while a test reads them.</summary>
public sealed class SpanCollection : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];

    /// <inheritdoc/>
    public int Count
    {
        get
        {
            lock (_spans)
            {
                return _spans.Count;
            }
        }
    }

    /// <inheritdoc/>
    public bool IsReadOnly => false;

    /// <summary>A copy of the spans so far.</summary>
    public Activity[] Snapshot()
    {
        lock (_spans)
        {
            return [.. _spans];
        }
    }

    /// <inheritdoc/>
    public void Add(Activity item)
    {
        lock (_spans)
        {
            _spans.Add(item);
        }
    }

    /// <inheritdoc/>
    public void Clear()
    {
        lock (_spans)
        {
            _spans.Clear();
        }
    }

    /// <inheritdoc/>
    public bool Contains(Activity item) => Snapshot().Contains(item);

    /// <inheritdoc/>
    public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

    /// <inheritdoc/>
    public bool Remove(Activity item)
    {
        lock (_spans)
        {
            return _spans.Remove(item);
        }
    }

    /// <inheritdoc/>
    public IEnumerator<Activity> GetEnumerator() => ((IEnumerable<Activity>)Snapshot()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
