using Gen.Exec.Samples.Recall;

ReportConsole.UseStandardOutput();
return await RecallCommand.Create().Parse(args).InvokeAsync();
