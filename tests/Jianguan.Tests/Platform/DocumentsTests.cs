using System.IO.Compression;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Jianguan.Platform.Documents;
using MiniExcelLibs;

namespace Jianguan.Tests.Platform;

public class DocumentsTests
{
    private sealed record Firm(string Name, decimal? Amount, string Note);

    [Fact]
    public async Task Xlsx_Table_HeaderRowValuesFormulaGuardAndWidths()
    {
        Firm[] firms = [new("甲公司", 1285300.5m, "=HYPERLINK(\"http://x\")"), new("乙公司", null, "正常")];
        using var stream = new MemoryStream();

        await XlsxDocument.WriteAsync(stream, "企业", firms,
        [
            new("企业名称", f => f.Name, Width: 40),
            new("金额", f => f.Amount),
            new("备注", f => f.Note),
        ]);

        stream.Position = 0;
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["企业名称", "金额", "备注"], rows[0].Keys);
        Assert.Equal(1285300.5m, Convert.ToDecimal(rows[0]["金额"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(rows[1]["金额"]);
        Assert.Equal("'=HYPERLINK(\"http://x\")", rows[0]["备注"]);
        var sheet = SheetXml(stream);
        Assert.DoesNotContain("<x:f>", sheet, StringComparison.Ordinal);
        Assert.Matches("<x:col min=\"1\" max=\"1\" width=\"4\\d", sheet);
    }

    [Fact]
    public async Task Xlsx_EmptyTable_IsHeaderRowAlone()
    {
        using var stream = new MemoryStream();

        await XlsxDocument.WriteAsync(stream, "空表", Array.Empty<Firm>(), [new("企业名称", f => f.Name), new("备注", f => f.Note)]);

        stream.Position = 0;
        Assert.Equal(["企业名称", "备注"], stream.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().Single().Values);
    }

    [Fact]
    public async Task Xlsx_SeveralSheets_KeepTheirOrderAndNames()
    {
        using var stream = new MemoryStream();

        await XlsxDocument.WriteAsync(stream,
        [
            XlsxSheet.Create("第一", [1, 2], [new XlsxColumn<int>("数", i => i)]),
            XlsxSheet.Create("第二", ["a"], [new XlsxColumn<string>("字", s => s)]),
        ]);

        stream.Position = 0;
        Assert.Equal(["第一", "第二"], stream.GetSheetNames());
    }

    [Fact]
    public void Docx_WrittenReport_ReadsBackWithTitleTextTableAndHeader()
    {
        var report = new DocxDocument("2026年第一季度监管报告") { PageHeader = "公共资源交易监管平台" }
            .Heading("一、总体情况")
            .Paragraph("本季度共导入项目 12 个。\n其中工程建设项目 8 个。")
            .Table(["项目编号", "项目名称", "预警"], [["G1", "龙泉市剑池片区老旧小区改造工程", "红"], ["G2", "控制\u0001字符", null]]);
        using var stream = new MemoryStream();

        report.WriteTo(stream);

        stream.Position = 0;
        using var document = WordprocessingDocument.Open(stream, false);
        var body = document.MainDocumentPart!.Document.Body!;
        var paragraphs = body.Elements<Paragraph>().Select(p => p.InnerText).ToList();
        Assert.Equal("2026年第一季度监管报告", paragraphs[0]);
        Assert.Contains("一、总体情况", paragraphs);
        Assert.Contains(paragraphs, p => p.StartsWith("本季度共导入项目 12 个。", StringComparison.Ordinal) && p.EndsWith("其中工程建设项目 8 个。", StringComparison.Ordinal));
        var table = body.Elements<Table>().Single();
        var cells = table.Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToList()).ToList();
        Assert.Equal(["项目编号", "项目名称", "预警"], cells[0]);
        Assert.Equal("龙泉市剑池片区老旧小区改造工程", cells[1][1]);
        Assert.Equal(["G2", "控制字符", ""], cells[2]);
        Assert.NotNull(table.Elements<TableRow>().First().TableRowProperties?.GetFirstChild<TableHeader>());
        Assert.Equal("公共资源交易监管平台", document.MainDocumentPart.HeaderParts.Single().Header.InnerText);
        Assert.Equal("2026年第一季度监管报告", document.PackageProperties.Title);
        Assert.Equal("", string.Join("\n", new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}")));
    }

    [Fact]
    public void Docx_WrittenTwice_GivesTheSameContent()
    {
        var report = new DocxDocument("标题").Paragraph("正文");
        using var first = new MemoryStream();
        using var second = new MemoryStream();

        report.WriteTo(first);
        report.WriteTo(second);

        first.Position = 0;
        second.Position = 0;
        using var a = WordprocessingDocument.Open(first, false);
        using var b = WordprocessingDocument.Open(second, false);
        Assert.Equal(a.MainDocumentPart!.Document.Body!.InnerText, b.MainDocumentPart!.Document.Body!.InnerText);
        Assert.Equal("标题正文", a.MainDocumentPart.Document.Body.InnerText);
    }

    private static string SheetXml(Stream stream)
    {
        stream.Position = 0;
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        using var reader = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        return reader.ReadToEnd();
    }
}
