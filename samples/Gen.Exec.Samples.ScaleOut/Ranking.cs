using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using Gen.Exec;
using Orleans;

namespace Gen.Exec.Samples.ScaleOut;

/// <summary>Where a layer ran: "caller" in the client, the silo's name on a silo.</summary>
public sealed class Worker(string name)
{
    public string Name { get; } = name;
}

/// <summary>A distributed layer's value: the scores and where they were computed. Orleans serializes it ([GenerateSerializer]).</summary>
[GenerateSerializer]
[Alias("Gen.Exec.Samples.ScaleOut.Scores")]
public sealed record Scores([property: Id(0)] double[] Values, [property: Id(1)] string RanOn);

/// <summary>
/// Candidates in process, two CPU-heavy scoring layers on the cluster, a merge in process. Each scoring layer hashes
/// every candidate many times (tens of milliseconds of CPU), the kind of work worth a hop.
/// </summary>
[Timeout(5_000), Retry(4, DelayMilliseconds = 200)]
public sealed partial class Ranking(Worker worker)
{
    public const int Rounds = 4_000;

    [Layer]
    public string[] Candidates(string query, int count) => Enumerable.Range(0, count).Select(i => query + "#" + i).ToArray();

    [Layer, Distributed, DependsOn(nameof(Candidates))]
    public Scores Lexical(string[] candidates, CancellationToken ct) => Score(candidates, "lexical", ct);

    [Layer, Distributed, DependsOn(nameof(Candidates))]
    public Scores Semantic(string[] candidates, CancellationToken ct) => Score(candidates, "semantic", ct);

    [Layer, DependsOn(nameof(Candidates), nameof(Lexical), nameof(Semantic))]
    public string Best(string[] candidates, Scores lexical, Scores semantic)
        => candidates[Enumerable.Range(0, candidates.Length).MaxBy(i => lexical.Values[i] + semantic.Values[i])];

    private Scores Score(string[] candidates, string salt, CancellationToken ct)
    {
        var values = new double[candidates.Length];
        for (int i = 0; i < candidates.Length; i++)
        {
            byte[] data = Encoding.UTF8.GetBytes(salt + candidates[i]);
            for (int round = 0; round < Rounds; round++)
            {
                data = SHA256.HashData(data);
            }

            ct.ThrowIfCancellationRequested();
            values[i] = data[0] / 255.0;
        }

        return new Scores(values, worker.Name);
    }
}
