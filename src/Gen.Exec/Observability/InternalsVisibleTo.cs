using System.Runtime.CompilerServices;

// The observability tests drive the run reporter and the instruments directly, without an engine.
[assembly: InternalsVisibleTo("Gen.Exec.Tests")]
