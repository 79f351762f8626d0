using Gen.Exec.Samples;
using Gen.Exec.Samples.Recall;

ReportConsole.UseStandardOutput();
return await RecallCommand.Create().Parse(args).InvokeAsync();
