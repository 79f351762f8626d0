// A consumer whose graph has a dependency cycle: the package's analyzers must fail its build with GEX001.
using System;
using Gen.Exec;

Console.WriteLine("This program must not build.");

[Timeout(100)]
public sealed partial class Loop
{
    [Layer, DependsOn(nameof(C))]
    public int A(int c) => c + 1;

    [Layer, DependsOn(nameof(A))]
    public int B(int a) => a + 1;

    [Layer, DependsOn(nameof(B))]
    public int C(int b) => b + 1;
}
