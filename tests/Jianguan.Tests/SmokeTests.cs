namespace Jianguan.Tests;

public class SmokeTests
{
    [Fact]
    public void Cli_BuildRoot_HasServeAndDb()
    {
        var root = Cli.BuildRoot();
        Assert.Contains(root.Subcommands, c => c.Name == "serve");
        Assert.Contains(root.Subcommands, c => c.Name == "db");
    }
}
