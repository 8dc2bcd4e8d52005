using Jianguan.Platform.Tabular;
using MiniExcelLibs;

namespace Jianguan.Tests.Platform;

public class TabularTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+86 138", "'+86 138")]
    [InlineData("-5", "'-5")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("价格为空", "价格为空")]
    [InlineData("'plain", "'plain")]
    [InlineData(null, "")]
    public void FormulaGuard_Safe_PrefixesFormulaLikeText(string? value, string expected) =>
        Assert.Equal(expected, FormulaGuard.Safe(value));

    [Theory]
    [InlineData("=1+1")]
    [InlineData("-5")]
    [InlineData("'plain")]
    [InlineData("'")]
    [InlineData("张三")]
    public void FormulaGuard_Restore_UndoesSafe(string value) =>
        Assert.Equal(value, FormulaGuard.Restore(FormulaGuard.Safe(value)));

    /// <summary>The one value the round trip cannot tell apart from a guarded one: it reads back without its apostrophe.</summary>
    [Fact]
    public void FormulaGuard_Restore_TypedApostropheBeforeFormula_IsTakenForTheGuard() =>
        Assert.Equal("=1", FormulaGuard.Restore("'=1"));

    [Fact]
    public void CsvParser_Records_GivesEachRecordWithItsStartLine()
    {
        var parser = new CsvParser(new StringReader("a,b\n\"x\ny\",2\n3,4\n"), ',');

        var records = parser.Records().ToList();

        Assert.Equal([1L, 2L, 4L], records.Select(r => r.Line));
        Assert.Equal(["x\ny", "2"], records[1].Fields);
    }

    [Fact]
    public void TextSniffer_Gb18030File_OpensAsText()
    {
        using var stream = new MemoryStream(TextSniffer.Gb18030.GetBytes("编号;名称\nA1;测试工程\n"));

        var opened = TextSniffer.Open(stream, out var problem);

        Assert.Null(problem);
        Assert.Equal(';', opened!.Value.Delimiter);
        Assert.Equal(54936, opened.Value.Encoding.CodePage);
        Assert.Equal("编号;名称", opened.Value.Reader.ReadLine());
    }

    [Fact]
    public void TabularErrors_UnterminatedQuote_ReportsItsLine()
    {
        var parser = new CsvParser(new StringReader("a\n\"open\n"), ',');
        var e = Assert.Throws<CsvFormatException>(() => parser.Records().ToList());

        Assert.True(TabularErrors.TryDescribe(e, out var line, out var message));
        Assert.Equal(2, line);
        Assert.Contains("引号未闭合", message, StringComparison.Ordinal);
        Assert.False(TabularErrors.TryDescribe(new OperationCanceledException(), out _, out _));
    }

    [Fact]
    public async Task XlsxReader_ReadsByPositionAndByHeader()
    {
        var path = Path.Combine(Path.GetTempPath(), $"jianguan-tabular-{Guid.NewGuid():N}.xlsx");
        try
        {
            var rows = new[]
            {
                new Dictionary<string, object?> { ["编号"] = "A1", ["金额"] = 12.5m },
                new Dictionary<string, object?> { ["编号"] = "A2", ["金额"] = 7 },
            };
            await MiniExcel.SaveAsAsync(path, rows, sheetName: "数据");

            Assert.Equal(["数据"], XlsxReader.SheetNames(path));
            var top = XlsxReader.Top(path, "数据", 10);
            Assert.Equal(["编号", "金额"], TabularCell.Texts(top[0]).Take(2));
            Assert.All(top[0].Skip(2), Assert.Null);
            var body = XlsxReader.Rows(path, "数据", firstRow: 2, lastColumn: 2).ToList();
            Assert.Equal([2L, 3L], body.Select(r => r.Line));
            Assert.Equal("12.5", TabularCell.Text(body[0].Cells[1]));

            await using var stream = File.OpenRead(path);
            var keyed = await XlsxReader.ReadWithHeaderAsync(stream, CancellationToken.None);
            Assert.Equal("A2", keyed[1]["编号"]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
