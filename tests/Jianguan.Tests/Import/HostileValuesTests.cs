using System.Text;
using Jianguan.Features.Trading.Import;

namespace Jianguan.Tests.Import;

/// <summary>Issue 17, lows: values that used to be stored wrong without an error, and misleading parse messages.</summary>
[Trait("Category", "Database")]
public class HostileValuesTests
{
    private const string Header = "TENDER_PROJECT_CODE,BID_SECTION_CODE,BIDDER_NAME,BID_PRICE\n";

    [Theory]
    [InlineData("NaN")]
    [InlineData("-Infinity")]
    [InlineData("1e-400")]
    public async Task Import_NonFiniteOrUnderflowingPrice_RowError(string price)
    {
        await using var t = await ImportTestDb.CreateAsync();
        var path = t.File("p.csv", Header + "P1,S1,甲公司,100\nP1,S1,乙公司," + price + "\n");

        var summary = await t.ImportAsync(new ImportOptions(Partial: true), path);

        var error = Assert.Single(summary.Errors);
        Assert.Equal((3L, "BID_PRICE"), (error.Line, error.Field));
        Assert.Equal(1, await t.Db.Bids.CountAsync());
    }

    [Fact]
    public void TryParseDecimal_Underflow_Refused()
    {
        Assert.False(ValueParser.TryParseDecimal("1e-400", 1m, out _));
        Assert.True(ValueParser.TryParseDecimal("0e-400", 1m, out var zero));
        Assert.Equal(0m, zero);
    }

    [Fact]
    public async Task Import_Utf8TextBehindGb18030Bom_RefusedNotMojibake()
    {
        await using var t = await ImportTestDb.CreateAsync();
        byte[] bom = [0x84, 0x31, 0x95, 0x33];
        var path = t.Bytes("bom.csv", [.. bom, .. Encoding.UTF8.GetBytes(Header + "P1,S1,甲公司,100\n")]);

        var summary = await t.ImportAsync(path);

        Assert.Contains(summary.Errors, e => e.Reason.Contains("GB18030 字节序标记", StringComparison.Ordinal));
        Assert.Equal(0, await t.Db.Bids.CountAsync());
    }

    [Fact]
    public async Task Import_Gb18030TextBehindGb18030Bom_StillRead()
    {
        await using var t = await ImportTestDb.CreateAsync();
        byte[] bom = [0x84, 0x31, 0x95, 0x33];
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var path = t.Bytes("gb.csv", [.. bom, .. Encoding.GetEncoding(54936).GetBytes(Header + "P1,S1,甲公司,100\n")]);

        var summary = await t.ImportAsync(path);

        Assert.Empty(summary.Errors);
        Assert.Equal("甲公司", (await t.Db.MarketEntities.SingleAsync()).Name);
    }

    [Fact]
    public async Task Import_DeeplyNestedJson_ReportedAsNestingNotTruncation()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var path = t.File("deep.json", "{\"releases\":[{\"ocid\":\"x\",\"a\":" + new string('[', 10_000) + new string(']', 10_000) + "}]}");

        var summary = await t.ImportAsync(path);

        Assert.Contains(summary.Errors, e => e.Reason.Contains("JSON 嵌套超过 256 层", StringComparison.Ordinal));
        Assert.DoesNotContain(summary.Errors, e => e.Reason.Contains("truncated", StringComparison.Ordinal));
    }
}
