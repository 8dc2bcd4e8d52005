using System.CommandLine;
using System.Net;
using System.Text.Json;
using Jianguan.Features.Trading.Import;
using Jianguan.Tests.Web;

namespace Jianguan.Tests.Import;

/// <summary>
/// Issue 12, item 5 (e): the import receipt tells the truth. A file with four planted bad rows (a price that is no
/// number, a blank section code, credit code 12345, no bidder name) is refused with each row's number, field and
/// reason; the rejected-row count is the number of distinct bad rows; file-level notes say 文件; rows are counted
/// as new, updated or unchanged; bids appended to a section opened before are listed; the CLI and the push API
/// carry the same counts.
/// </summary>
[Trait("Category", "Database")]
public class ImportReceiptTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    private const string Huawei = "914403001922038216";

    private const string Header = "TENDER_PROJECT_CODE,BID_SECTION_CODE,BIDDER_NAME,BIDDER_ORG_CODE,BID_PRICE\n";

    /// <summary>Rows 2 and 7 are good; rows 3 to 6 are the four planted bad rows.</summary>
    private static string Planted(string project) => Header
        + $"{project},S1,甲建设有限公司,{Huawei},100\n"
        + $"{project},S1,乙建设有限公司,,abc\n"
        + $"{project},,丙建设有限公司,,300\n"
        + $"{project},S1,丁建设有限公司,12345,400\n"
        + $"{project},S1,,,500\n"
        + $"{project},S2,戊建设有限公司,,600\n";

    private static void AssertPlantedRowsReported(ImportSummary summary)
    {
        var rows = summary.Errors.Where(e => e.Line > 0).ToList();
        Assert.Equal([3, 4, 5, 6], rows.Select(e => e.Line).Distinct().Order());
        Assert.Equal(4, summary.Rejected);
        Assert.Equal(rows.Select(e => e.Line).Distinct().Count(), summary.Rejected);
        Assert.All(summary.Errors, e => Assert.Equal(e.Line > 0 ? e.Line.ToString(System.Globalization.CultureInfo.InvariantCulture) : "文件", e.Row));
        Assert.All(rows, e => Assert.False(string.IsNullOrEmpty(e.Field), $"row {e.Line} without a field"));
        Assert.Contains(rows, e => e.Line == 3 && e.Field == "BID_PRICE");
        Assert.Contains(rows, e => e.Line == 4 && e.Field == "BID_SECTION_CODE" && e.Reason.Contains("缺少标段编号", StringComparison.Ordinal));
        Assert.Contains(rows, e => e.Line == 5 && e.Field.EndsWith("CreditCode", StringComparison.Ordinal)
            && e.Reason.Contains("统一社会信用代码格式不正确", StringComparison.Ordinal) && e.Reason.Contains("12345", StringComparison.Ordinal));
        Assert.Contains(rows, e => e.Line == 6 && e.Field == "BIDDER_NAME");
    }

    [Fact]
    public async Task Import_FourPlantedBadRows_EachReportedNothingWritten()
    {
        await using var t = await ImportTestDb.CreateAsync();

        var summary = await t.ImportAsync(t.File("planted.csv", Planted("P1")));

        AssertPlantedRowsReported(summary);
        Assert.Contains(summary.Errors, e => e.Row == "文件" && e.Reason.Contains("整个文件已回滚", StringComparison.Ordinal));
        Assert.Equal((0, 1, 0, 0, 0), (summary.Files, summary.FilesRejected, summary.RowsNew, summary.RowsUpdated, summary.RowsUnchanged));
        Assert.Equal((0, 0, 0), ((await t.CountsAsync()).Projects, (await t.CountsAsync()).Sections, (await t.CountsAsync()).Bids));
        Assert.Equal(4, (await t.Db.ImportBatches.SingleAsync()).Rejected);
    }

    [Fact]
    public async Task Import_PartialFourPlantedBadRows_GoodRowsNewBadRowsCounted()
    {
        await using var t = await ImportTestDb.CreateAsync();

        var summary = await t.ImportAsync(new ImportOptions(Partial: true), t.File("planted.csv", Planted("P1")));

        AssertPlantedRowsReported(summary);
        Assert.Equal((1, 0, 2, 0, 0), (summary.Files, summary.FilesRejected, summary.RowsNew, summary.RowsUpdated, summary.RowsUnchanged));
        Assert.Equal(["S1", "S2"], await t.Db.Sections.Select(s => s.Code).OrderBy(c => c).ToListAsync());
        Assert.Equal(2, await t.Db.Bids.CountAsync());
        Assert.DoesNotContain(await t.Db.MarketEntities.Select(e => e.CreditCode).ToListAsync(), c => c == "12345");
    }

    [Fact]
    public async Task Import_SameFileTwiceThenChangesAndAppendedBids_ReceiptCountsNewUpdatedUnchanged()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var good = Header + $"P1,S1,甲建设有限公司,{Huawei},100\nP1,S1,乙建设有限公司,,200\nP1,S2,戊建设有限公司,,600\n";

        var first = await t.ImportAsync(t.File("a.csv", good));
        var second = await t.ImportAsync(t.File("b.csv", good));

        Assert.Equal((3, 0, 0, 0), (first.RowsNew, first.RowsUpdated, first.RowsUnchanged, first.Rejected));
        Assert.Empty(first.Warnings);
        Assert.Equal((0, 0, 3, 0), (second.RowsNew, second.RowsUpdated, second.RowsUnchanged, second.Rejected));
        Assert.Empty(second.Warnings);
        Assert.Equal(3, await t.Db.Bids.CountAsync());

        // S1 was opened with two bids: a third one is new and warned about; S2's stored bid is unchanged.
        var more = await t.ImportAsync(t.File("c.csv", Header + "P1,S1,己建设有限公司,,300\nP1,S2,戊建设有限公司,,600\n"));

        Assert.Equal((1, 0, 1), (more.RowsNew, more.RowsUpdated, more.RowsUnchanged));
        var warning = Assert.Single(more.Warnings);
        Assert.Equal(("c.csv", "P1", "S1", 2, 1), (warning.File, warning.Project, warning.Section, warning.BidsBefore, warning.BidsAdded));
        Assert.Contains("开标记录", warning.Message, StringComparison.Ordinal);

        // Both providers tell a changed stored value (SQLite per statement, PostgreSQL per batched statement's row count).
        var changed = await t.ImportAsync(t.File("d.csv", Header + "P1,S1,甲建设有限公司,914403001922038216,150\n"));
        Assert.Equal((0, 1, 0), (changed.RowsNew, changed.RowsUpdated, changed.RowsUnchanged));
        Assert.Empty(changed.Warnings);
        Assert.Equal(150m, await t.Db.Bids.Where(b => b.Bidder!.CreditCode == Huawei).Select(b => b.Price).SingleAsync());
        var again = await t.ImportAsync(t.File("e.csv", Header + "P1,S1,甲建设有限公司,914403001922038216,150\n"));
        Assert.Equal((0, 0, 1), (again.RowsNew, again.RowsUpdated, again.RowsUnchanged));
    }

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

    private static (int Rejected, int RowsNew, int RowsUpdated, int RowsUnchanged, int Errors, int Warnings) Counts(JsonElement root) =>
        (root.GetProperty("rejected").GetInt32(), root.GetProperty("rowsNew").GetInt32(), root.GetProperty("rowsUpdated").GetInt32(),
            root.GetProperty("rowsUnchanged").GetInt32(), root.GetProperty("errors").GetArrayLength(), root.GetProperty("warnings").GetArrayLength());

    [Fact]
    public async Task CliAndPushApi_PlantedFilePartial_SameCounts()
    {
        var project = "R" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await using var t = await ImportTestDb.CreateAsync();
        var (code, output, _) = await RunAsync("import", "--db", t.ConnectionString, "--partial", t.File("planted.csv", Planted(project)));
        using var cli = JsonDocument.Parse(output);

        var center = await JianguanFactory.WithAntiforgeryHeaderAsync(await factory.CreateUserAndLoginAsync(Roles.TradingCenter));
        using var content = new MultipartFormDataContent
        {
            { new StringContent(Planted(project)), "files", "planted.csv" },
            { new StringContent("true"), "partial" },
        };
        var response = await center.PostAsync("/api/trading/import", content);
        using var api = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(Cli.Rejected, code);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((4, 2, 0, 0, Counts(cli.RootElement).Errors, 0), Counts(cli.RootElement));
        Assert.Equal(Counts(cli.RootElement), Counts(api.RootElement));
        Assert.All(api.RootElement.GetProperty("errors").EnumerateArray(), e => Assert.True(e.TryGetProperty("row", out _)));
        Assert.Equal("5", api.RootElement.GetProperty("errors").EnumerateArray()
            .First(e => e.GetProperty("reason").GetString()!.Contains("12345", StringComparison.Ordinal)).GetProperty("row").GetString());
    }

    [Fact]
    public async Task UploadPage_PlantedFile_ReceiptShowsRowsAndFileLevelNote()
    {
        var project = "U" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var client = await factory.CreateUserAndLoginAsync(Roles.TradingCenter);
        var token = await JianguanFactory.GetAntiforgeryTokenAsync(client, "/Trading/Import");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(Planted(project))), "files", "planted.csv" },
        };

        var html = await (await client.PostAsync("/Trading/Import", content)).Content.ReadAsStringAsync();

        Assert.Contains("<td class=\"num\" id=\"rows-rejected\">4</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">文件</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<td class=\"num\">0</td><td></td>", html, StringComparison.Ordinal);
        Assert.Contains("无变化的行", html, StringComparison.Ordinal);
    }
}
