using System.Globalization;
using System.IO.Compression;
using System.Text;
using Jianguan.Features.Trading.Import;
using Jianguan.Platform.Audit;
using Jianguan.Platform.Tabular;
using Jianguan.Tests.Import;
using MiniExcelLibs;

namespace Jianguan.Tests.Security;

/// <summary>
/// Decompression bombs (issue 17, item 4): a small XLSX that expands hugely, has thousands of worksheets or millions
/// of rows is refused before it is expanded, with the file and the bound in Chinese. The bounds are scaled down here
/// through the same options a deployment sets, so the files stay a few kilobytes.
/// </summary>
public class XlsxBombTests
{
    private static readonly string[] Header = ["TENDER_PROJECT_CODE", "BID_SECTION_CODE", "BIDDER_NAME", "BID_PRICE"];

    private static List<Dictionary<string, object>> Rows(int count, string filler = "") =>
        [.. Enumerable.Range(1, count).Select(i => new Dictionary<string, object>
        {
            [Header[0]] = "P1",
            [Header[1]] = "S1",
            [Header[2]] = string.Create(CultureInfo.InvariantCulture, $"投标人{i}{filler}"),
            [Header[3]] = 100 + i,
        })];

    private static byte[] Workbook(Dictionary<string, object> sheets)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(sheets, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    [Trait("Category", "Database")]
    [Fact]
    public async Task Bombs_RefusedBeforeExpansion_WithFileAndLimit_NothingWritten()
    {
        await using var t = await ImportTestDb.CreateAsync(s => s.Configure<XlsxLimits>(o =>
        {
            o.MaxExpandedBytes = 512 * 1024;
            o.MaxSheets = 5;
            o.MaxRows = 30;
        }));
        var handler = t.Services.GetRequiredService<ImportHandler>();
        var request = new ImportRequest(AuditActor.System, "test", Analyse: false);

        // Expands to several megabytes from a few kilobytes: one highly compressible column.
        var bomb = t.Bytes("bomb.xlsx", Workbook(new() { ["标段"] = Rows(100, new string('啊', 4000)) }));
        Assert.True(new FileInfo(bomb).Length < 200_000);
        var manySheets = t.Bytes("sheets.xlsx", Workbook(Enumerable.Range(1, 6).ToDictionary(i => $"表{i}", object (_) => Rows(1))));
        var manyRows = t.Bytes("rows.xlsx", Workbook(new() { ["标段"] = Rows(40) }));
        var fine = t.Bytes("fine.xlsx", Workbook(new() { ["标段"] = Rows(20) }));

        var result = await handler.ImportAsync(
            [.. new[] { bomb, manySheets, manyRows, fine }.Select(p => new ImportSource(Path.GetFileName(p), p))], request);

        var errors = result.Summary.Errors;
        Assert.Contains(errors, e => e.File == "bomb.xlsx" && e.Reason.Contains("超出导入限制", StringComparison.Ordinal)
            && e.Reason.Contains("解压后超过 0.5 MB", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.File == "sheets.xlsx" && e.Reason.Contains("工作表 6 个，超过上限 5 个", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.File == "rows.xlsx" && e.Reason.Contains("数据行超过上限 30 行", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.File == "fine.xlsx");
        // Only the workbook within the bounds landed: 20 bids of one section.
        Assert.Equal(1, result.Summary.Files);
        Assert.Equal(20, await t.Db.Bids.CountAsync());
    }

    [Fact]
    public void Guard_RawZipExpandingPastBound_Refused()
    {
        // Not a workbook MiniExcel would write: a bare sheet part of a repeated row, as a bomb is built by hand.
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry("xl/worksheets/sheet1.xml").Open();
            var row = Encoding.UTF8.GetBytes("<row><c t=\"inlineStr\"><is><t>aaaaaaaaaaaaaaaa</t></is></c></row>");
            for (var i = 0; i < 40_000; i++)
            {
                entry.Write(row);
            }
        }

        zip.Position = 0;
        var limits = new XlsxLimits { MaxExpandedBytes = 1024 * 1024 };
        var e = Assert.Throws<XlsxLimitException>(() => XlsxGuard.Check(zip, "炸弹.xlsx", limits));
        Assert.StartsWith("炸弹.xlsx：工作簿超出导入限制", e.Message, StringComparison.Ordinal);
        Assert.True(zip.Length < 100_000);

        // The same zip declaring a 1 000-byte entry in both headers passes the declared-size check. Whatever the
        // runtime then inflates (.NET 10 stops at the declared size), no reader gets more than the bound unrefused.
        var lying = zip.ToArray();
        Patch(lying, 0x04034b50, 22);
        Patch(lying, 0x02014b50, 24);
        long inflated;
        using (var archive = new ZipArchive(new MemoryStream(lying), ZipArchiveMode.Read))
        using (var content = archive.Entries[0].Open())
        {
            inflated = Drain(content);
        }

        var lie = Record.Exception(() => XlsxGuard.Check(new MemoryStream(lying), "炸弹.xlsx", limits));
        if (inflated > limits.MaxExpandedBytes)
        {
            Assert.Contains("解压后超过 1 MB", Assert.IsType<XlsxLimitException>(lie).Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(lie);
        }
    }

    private static long Drain(Stream stream)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += n;
        }

        return total;
    }

    /// <summary>Sets the uncompressed-size field of the first zip header with <paramref name="signature"/> to 1 000.</summary>
    private static void Patch(byte[] zip, uint signature, int offset)
    {
        for (var i = 0; i + 4 <= zip.Length; i++)
        {
            if (System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i)) == signature)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + offset), 1000);
                return;
            }
        }

        Assert.Fail("zip header not found");
    }
}
