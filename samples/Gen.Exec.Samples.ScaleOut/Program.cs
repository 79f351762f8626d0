using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Gen.Exec;
using Gen.Exec.Orleans;
using Gen.Exec.Samples.ScaleOut;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;

// dotnet run --project samples/Gen.Exec.Samples.ScaleOut -- [--silos N] [--runs R] [--kill] [--in-process]
// A silo is this program started with --silo I --silos N (the client starts them).
const int SiloPort = 11111;
const int GatewayPort = 30000;

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
int silos = int.Parse(Option("--silos") ?? "2", CultureInfo.InvariantCulture);
int runs = int.Parse(Option("--runs") ?? "12", CultureInfo.InvariantCulture);

if (Option("--silo") is { } index)
{
    return await RunSiloAsync(int.Parse(index, CultureInfo.InvariantCulture));
}

if (args.Contains("--in-process"))
{
    Console.WriteLine($"In process: {runs} runs, no cluster.");
    var local = new Ranking.Executor(new Ranking(new Worker("caller")));
    await RunBatchAsync(local, runs);
    return 0;
}

return await RunClientAsync();

async Task<int> RunSiloAsync(int i)
{
    HostApplicationBuilder builder = Host.CreateApplicationBuilder();

    // A killed peer makes the others log connection errors: the sample shows results, not transport logs.
    builder.Logging.SetMinimumLevel(LogLevel.Critical);
    builder.UseOrleans(silo =>
    {
        silo.UseLocalhostClustering(SiloPort + i, GatewayPort + i, new IPEndPoint(IPAddress.Loopback, SiloPort));
        silo.AddGenExec();
        silo.Services.AddSingleton(new Worker("silo-" + i));
        silo.Services.AddGenExec();
    });
    using IHost host = builder.Build();
    await host.RunAsync();
    return 0;
}

async Task<int> RunClientAsync()
{
    var processes = new List<Process>();
    try
    {
        for (int i = 0; i < silos; i++)
        {
            processes.Add(StartSilo(i));

            // The primary first: the others join through it.
            if (i == 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(3));
            }
        }

        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.UseOrleansClient(client => client.UseLocalhostClustering(Enumerable.Range(0, silos).Select(i => GatewayPort + i).ToArray()));
        using IHost host = builder.Build();
        await host.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));

        var options = new ExecutorOptions { Dispatcher = new OrleansLayerDispatcher(host.Services.GetRequiredService<Orleans.IClusterClient>()) };
        var executor = new Ranking.Executor(new Ranking(new Worker("caller")), options);
        Console.WriteLine($"Cluster of {silos} silo process(es): {runs} runs, two distributed layers each.");
        await RunBatchAsync(executor, runs);

        if (args.Contains("--kill") && processes.Count > 1)
        {
            Console.WriteLine();
            Console.WriteLine($"Again, killing silo-{processes.Count - 1} (pid {processes[^1].Id}) while the runs are under way:");
            Task batch = RunBatchAsync(executor, runs);
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            processes[^1].Kill(entireProcessTree: true);
            await batch;
        }

        await host.StopAsync();
        return 0;
    }
    finally
    {
        foreach (Process process in processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }
    }
}

Process StartSilo(int i)
{
    var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
    foreach (string argument in new[] { "--silo", i.ToString(CultureInfo.InvariantCulture), "--silos", silos.ToString(CultureInfo.InvariantCulture) })
    {
        start.ArgumentList.Add(argument);
    }

    // Started as "dotnet app.dll": run the same assembly again.
    if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
    {
        start.ArgumentList.Insert(0, typeof(Ranking).Assembly.Location);
    }

    return Process.Start(start) ?? throw new InvalidOperationException("Could not start silo " + i);
}

static async Task RunBatchAsync(Ranking.Executor executor, int runs)
{
    var clock = Stopwatch.StartNew();
    Ranking.Results[] results = await Task.WhenAll(Enumerable.Range(0, runs).Select(i => executor.RunAsync("query" + i, 8)));
    clock.Stop();

    var placements = results
        .SelectMany(r => new[] { r.Lexical, r.Semantic })
        .GroupBy(layer => layer.Succeeded ? layer.Value.RanOn : layer.Status.ToString())
        .OrderBy(g => g.Key, StringComparer.Ordinal);
    foreach (IGrouping<string, LayerResult<Scores>> group in placements)
    {
        Console.WriteLine($"  {group.Key,-10} {group.Count(),4} layer(s)");
    }

    int succeeded = results.Count(r => r.Best.Succeeded);
    int retried = results.Sum(r => Math.Max(0, r.Lexical.Attempts - 1) + Math.Max(0, r.Semantic.Attempts - 1));
    double speedup = results.Average(r => r.Stats.Speedup);
    Console.WriteLine($"  {succeeded}/{runs} runs succeeded in {clock.Elapsed.TotalSeconds:0.00} s ({runs / clock.Elapsed.TotalSeconds:0.0} runs/s), {retried} retried attempt(s), average speedup {speedup:0.0}x");
}
