using System;
using Gen.Exec;
using Gen.Exec.Samples.Recall;

var executor = new Tier1Recall.Executor(new Tier1Recall(new SimulatedStore()));
Tier1Recall.Results results = await executor.RunAsync("what happened while debugging?");

Console.WriteLine($"{"layer",-12} {"status",-10} {"start",8} {"elapsed",8}");
foreach (LayerResult layer in results.Layers)
{
    Console.WriteLine($"{layer.Name,-12} {layer.Status,-10} {layer.StartOffset.TotalMilliseconds,6:0} ms {layer.Elapsed.TotalMilliseconds,5:0} ms");
}

Console.WriteLine();
Console.WriteLine($"{results.Merge.Value.Memories.Length} memories recalled.");
Console.WriteLine($"Parallel {results.Stats.Elapsed.TotalMilliseconds:0} ms; sequential would take {results.Stats.SequentialElapsed.TotalMilliseconds:0} ms ({results.Stats.Speedup:0.00}x).");
Console.WriteLine(Tier1Recall.Executor.Plan);
