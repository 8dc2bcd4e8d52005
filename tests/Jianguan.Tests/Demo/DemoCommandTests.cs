namespace Jianguan.Tests.Demo;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task DemoGenerate_ValidArguments_WritesTheFilesAndExitsZero()
    {
        var directory = Path.Combine(Path.GetTempPath(), "jianguan-cli-" + Guid.NewGuid().ToString("N"));
        try
        {
            var exit = await Cli.RunAsync(["demo", "generate", "--tenders", "50", "--seed", "3", "--out", directory]);
            Assert.Equal(Cli.Ok, exit);
            foreach (var file in new[] { "projects.csv", "sections.csv", "bids.csv", "awards.csv", "truth.csv", "rings.csv" })
            {
                Assert.True(File.Exists(Path.Combine(directory, file)), file);
            }

            Assert.Equal(51, File.ReadAllLines(Path.Combine(directory, "sections.csv")).Length);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("many")]
    public async Task DemoGenerate_BadTenderCount_IsAUsageError(string tenders)
    {
        var directory = Path.Combine(Path.GetTempPath(), "jianguan-cli-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(Cli.Usage, await Cli.RunAsync(["demo", "generate", "--tenders", tenders, "--out", directory]));
        Assert.False(Directory.Exists(directory));
    }
}
