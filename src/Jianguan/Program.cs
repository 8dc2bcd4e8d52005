Jianguan.Commands.BatchRuntime.Apply(args);
return await Jianguan.Cli.RunAsync(args);

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
