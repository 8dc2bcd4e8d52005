using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Jianguan.Tests;

public sealed class ModelCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("jianguan-model-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>Collusive tenders: a designated winner and covers packed 6–7 % above it; competitive: wide spread.</summary>
    private string WriteMarket(int tenders, bool labels = true)
    {
        var random = new Random(5);
        var text = new StringBuilder(labels ? "tender,bid,label,winner\n" : "tender,bid,winner\n");
        for (var t = 0; t < tenders; t++)
        {
            var collusive = t % 3 == 0;
            var cost = 50_000 * Math.Exp(random.NextDouble() * 4);
            var n = 4 + random.Next(4);
            for (var i = 0; i < n; i++)
            {
                var bid = collusive ? cost * (i == 0 ? 1 : 1.06 + (0.01 * random.NextDouble())) : cost * (1 + (0.3 * random.NextDouble()));
                var label = labels ? (collusive ? ",1" : ",0") : "";
                text.Append(CultureInfo.InvariantCulture, $"S{t},{bid:0.00}{label},{(i == 0 ? 1 : 0)}\n");
            }
        }

        var path = Path.Combine(dir, labels ? "labelled.csv" : "unlabelled.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var parse = Cli.BuildRoot().Parse(args);
        Assert.Empty(parse.Errors);
        var exit = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Evaluate_LabelledFile_PrintsOneJsonLineWithTheContractKeys()
    {
        var input = WriteMarket(30);

        var (exit, output, _) = await Run("model", "evaluate", "--input", input, "--cv", "3", "--seed", "7");

        Assert.Equal(0, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        string[] keys = ["tenders", "positives", "accuracy", "balanced_accuracy", "auc", "precision", "recall"];
        Assert.Equal(keys, json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(30, json.RootElement.GetProperty("tenders").GetInt32());
        Assert.Equal(10, json.RootElement.GetProperty("positives").GetInt32());
        Assert.True(json.RootElement.GetProperty("auc").GetDouble() > 0.9);
    }

    [Fact]
    public async Task Evaluate_NoLabelColumn_ExitsOne()
    {
        var input = WriteMarket(10, labels: false);

        var (exit, _, error) = await Run("model", "evaluate", "--input", input);

        Assert.Equal(1, exit);
        Assert.Contains("label", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_WithoutModel_UsesShippedModelAndWritesTenderScore()
    {
        var input = WriteMarket(20, labels: false);
        var output = Path.Combine(dir, "scores.csv");

        var (exit, _, _) = await Run("model", "score", "--input", input, "--output", output);

        Assert.Equal(0, exit);
        var lines = File.ReadAllLines(output);
        Assert.Equal("tender,score", lines[0]);
        Assert.Equal(21, lines.Length);
        var scores = lines.Skip(1).Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        Assert.All(scores, s => Assert.InRange(s, 0, 1));
        Assert.Equal(scores.OrderDescending(), scores);
    }

    [Fact]
    public async Task TrainThenScore_OwnModel_RecordsProvenance()
    {
        var input = WriteMarket(30);
        var model = Path.Combine(dir, "m.jgm");
        var output = Path.Combine(dir, "scores.csv");

        var (trained, _, _) = await Run("model", "train", "--input", input, "--output", model);
        var (scored, _, _) = await Run("model", "score", "--input", input, "--model", model, "--output", output);

        Assert.Equal(0, trained);
        Assert.Equal(0, scored);
        var info = Analytics.Learning.CollusionModel.Load(model).Info;
        Assert.Contains("labelled.csv sha256=", info.Provenance, StringComparison.Ordinal);
        Assert.Equal(31, File.ReadAllLines(output).Length);
    }
}
