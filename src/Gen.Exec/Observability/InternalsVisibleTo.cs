using System.Runtime.CompilerServices;

// The observability tests drive the run reporter and the instruments directly, without an engine.
[assembly: InternalsVisibleTo("Gen.Exec.Tests")]

// The control fuzzer reads ExecutorStats.EngineWorkInFlight to know when the engine waits only for its clock.
[assembly: InternalsVisibleTo("Gen.Exec.Reliability.Tests")]
