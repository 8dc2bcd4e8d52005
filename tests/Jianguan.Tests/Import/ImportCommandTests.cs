using System.CommandLine;
using System.Text.Json;

namespace Jianguan.Tests.Import;

public class ImportCommandTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var parse = Cli.BuildRoot().Parse(args);
        var code = parse.Errors.Count > 0
            ? Cli.Usage
            : await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    [Trait("Category", "Database")]
    [Fact]
    public async Task Import_GoodFile_OneJsonLineExitZero()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var path = t.File("bids.csv", "TENDER_PROJECT_CODE,BID_SECTION_CODE,BIDDER_NAME,BID_PRICE,备注\nP1,S1,甲公司,100,x\nP1,S1,乙公司,101,y\n");

        var (code, output, error) = await RunAsync("import", "--db", t.ConnectionString, path);

        Assert.Equal(Cli.Ok, code);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        // The original fields first and unchanged; the receipt's counts added after them (issue 12, item 5 (e)).
        Assert.Equal(["files", "projects", "sections", "bids", "entities", "rejected", "errors", "filesRejected", "rowsNew", "rowsUpdated",
            "rowsUnchanged", "warnings"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal((2, 0, 0), (root.GetProperty("rowsNew").GetInt32(), root.GetProperty("rowsUpdated").GetInt32(), root.GetProperty("rowsUnchanged").GetInt32()));
        Assert.Equal((1, 1, 1, 2, 2, 0), (root.GetProperty("files").GetInt32(), root.GetProperty("projects").GetInt32(),
            root.GetProperty("sections").GetInt32(), root.GetProperty("bids").GetInt32(), root.GetProperty("entities").GetInt32(),
            root.GetProperty("rejected").GetInt32()));
        Assert.Contains("备注", error, StringComparison.Ordinal); // unknown column: a warning on stderr, once
        Assert.Equal(2, await t.Db.Bids.CountAsync());
    }

    [Trait("Category", "Database")]
    [Fact]
    public async Task Import_RejectedRow_ExitOneWithErrorDetails()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var path = t.File("bad.csv", "TENDER_PROJECT_CODE,BIDDER_NAME,BID_PRICE\nP1,甲公司,abc\n");

        var (code, output, _) = await RunAsync("import", "--db", t.ConnectionString, path);

        Assert.Equal(Cli.Rejected, code);
        using var json = JsonDocument.Parse(output);
        var error = json.RootElement.GetProperty("errors")[0];
        Assert.Equal((path, 2, "BID_PRICE"), (error.GetProperty("file").GetString(), error.GetProperty("line").GetInt32(), error.GetProperty("field").GetString()));
        Assert.Contains("投标报价不是数字", output, StringComparison.Ordinal); // Chinese unescaped
    }

    [Trait("Category", "Database")]
    [Fact]
    public async Task Import_PartialFlag_GoodRowsLand()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var path = t.File("mixed.csv", "TENDER_PROJECT_CODE,BIDDER_NAME,BID_PRICE\nP1,甲公司,abc\nP1,乙公司,100\n");

        var (code, _, _) = await RunAsync("import", "--db", t.ConnectionString, "--partial", path);

        Assert.Equal(Cli.Rejected, code);
        Assert.Equal(1, await t.Db.Bids.CountAsync());
    }

    [Trait("Category", "Database")]
    [Fact]
    public async Task Import_MissingFileOrBadMapping_ExitTwo()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var good = t.File("a.csv", "项目编号\nP1\n");
        var badMapping = t.File("m.json", "{\"columns\": {\"x\": \"NOPE\"}}");

        var missing = await RunAsync("import", "--db", t.ConnectionString, good, t.PathOf("nope.csv"));
        var mapping = await RunAsync("import", "--db", t.ConnectionString, "--mapping", badMapping, good);
        var noFiles = await RunAsync("import", "--db", t.ConnectionString);

        Assert.Equal((Cli.Usage, Cli.Usage, Cli.Usage), (missing.Code, mapping.Code, noFiles.Code));
        Assert.Contains("nope.csv", missing.Err, StringComparison.Ordinal);
        Assert.Contains("NOPE", mapping.Err, StringComparison.Ordinal);
        Assert.Equal("", missing.Out + mapping.Out);
        Assert.Equal(0, await t.Db.Projects.CountAsync());
    }

    [Trait("Category", "Database")]
    [Fact]
    public async Task Import_FreshDatabase_MigratedFirst()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var conn = $"Data Source={t.PathOf("fresh.db")}";

        var (code, _, _) = await RunAsync("import", "--db", conn, t.File("a.csv", "项目编号,项目名称\nP1,甲\n"));

        Assert.Equal(Cli.Ok, code);
        await using var db = Database.Open(conn, t.Cipher);
        Assert.Equal("甲", (await db.Projects.SingleAsync()).Name);
    }

    [Fact]
    public void BuildRoot_HasImport() => Assert.Contains(Cli.BuildRoot().Subcommands, c => c.Name == "import");
}
