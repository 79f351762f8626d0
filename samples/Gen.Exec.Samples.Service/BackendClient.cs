using System;
using System.Linq;
using System.Net.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Gen.Exec.Samples.Service;

/// <summary>The named <see cref="HttpClient"/> the layers call the backends with.</summary>
public static class BackendClient
{
    /// <summary>
    /// The client's name in <see cref="IHttpClientFactory"/>. Tests give it the in-memory server's handler with
    /// <c>services.AddHttpClient(BackendClient.Name).ConfigurePrimaryHttpMessageHandler(...)</c>.
    /// </summary>
    public const string Name = "backends";

    /// <summary>
    /// <c>Backends:BaseAddress</c> when configured; otherwise this app's own first listening address, since the
    /// backends are its own endpoints. Resolved when the first client is created, after the server has started.
    /// </summary>
    public static Uri BaseAddress(IServiceProvider services)
    {
        string? configured = services.GetRequiredService<IConfiguration>()["Backends:BaseAddress"];
        if (!string.IsNullOrEmpty(configured))
        {
            return new Uri(configured);
        }

        string address = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server reports no listening address; set Backends:BaseAddress.");

        // A wildcard binding (http://+:8080, http://*:8080, http://0.0.0.0:8080, http://[::]:8080) is reached over loopback.
        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "localhost";
        }

        return uri.Uri;
    }
}
