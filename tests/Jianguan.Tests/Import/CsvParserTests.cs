using System.Text;
using Jianguan.Platform.Tabular;

namespace Jianguan.Tests.Import;

public class CsvParserTests
{
    private static List<(long Line, string[] Fields)> Parse(string text, char delimiter = ',')
    {
        var parser = new CsvParser(new StringReader(text), delimiter);
        var rows = new List<(long, string[])>();
        var fields = new List<string>();
        while (parser.TryRead(fields, out var line))
        {
            rows.Add((line, fields.ToArray()));
        }

        return rows;
    }

    [Fact]
    public void TryRead_Rfc4180Quoting_FieldsAndLines()
    {
        var rows = Parse("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n1,,3\n");
        Assert.Equal(3, rows.Count);
        Assert.Equal(["x, y", "say \"hi\"", "two\nlines"], rows[1].Fields);
        Assert.Equal(2, rows[1].Line);
        Assert.Equal(4, rows[2].Line); // the quoted line break moved it down
        Assert.Equal(["1", "", "3"], rows[2].Fields);
    }

    [Fact]
    public void TryRead_NoFinalNewline_LastRecordRead()
    {
        var rows = Parse("a,b\n1,2");
        Assert.Equal(["1", "2"], rows[1].Fields);
    }

    [Fact]
    public void TryRead_UnterminatedQuote_FormatErrorWithLine()
    {
        var e = Assert.Throws<CsvFormatException>(() => Parse("a,b\n1,2\n3,\"never closed\n4,5\n"));
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void TryRead_HugeField_FormatErrorNotMemory()
    {
        var text = "a,b\n1," + new string('x', CsvParser.MaxFieldLength + 10) + "\n";
        Assert.Throws<CsvFormatException>(() => Parse(text));
    }

    [Theory]
    [InlineData("a,b,c\n1,2,3", ',')]
    [InlineData("a\tb\tc\n1\t2\t3", '\t')]
    [InlineData("a;b;c\n1;2,5;3", ';')]
    [InlineData("\"a,b\";c;d\n", ';')]
    public void SniffDelimiter_FirstLine_Chosen(string text, char expected) =>
        Assert.Equal(expected, TextSniffer.SniffDelimiter(text));

    [Fact]
    public void Detect_Gb18030Bytes_Gb18030()
    {
        var bytes = TextSniffer.Gb18030.GetBytes("项目编号,项目名称\nA1,测试工程\n");
        var (encoding, bom) = TextSniffer.Detect(bytes, eof: true);
        Assert.Equal(54936, encoding!.CodePage);
        Assert.Equal(0, bom);
    }

    [Fact]
    public void Detect_Utf8WithAndWithoutBom_Utf8()
    {
        var plain = Encoding.UTF8.GetBytes("项目编号\nA1\n");
        Assert.Equal((Encoding.UTF8.CodePage, 0), Map(TextSniffer.Detect(plain, eof: true)));
        Assert.Equal((Encoding.UTF8.CodePage, 3), Map(TextSniffer.Detect([0xEF, 0xBB, 0xBF, .. plain], eof: true)));

        static (int, int) Map((Encoding? Encoding, int Bom) d) => (d.Encoding!.CodePage, d.Bom);
    }

    [Fact]
    public void Detect_SampleEndingInsideACharacter_StillUtf8()
    {
        var bytes = Encoding.UTF8.GetBytes("项目编号,项目名称");
        Assert.Equal(Encoding.UTF8.CodePage, TextSniffer.Detect(bytes.AsSpan(0, bytes.Length - 1), eof: false).Encoding!.CodePage);
    }

    [Fact]
    public void Detect_BinaryGarbage_Null()
    {
        var bytes = new byte[4096];
        new Random(3).NextBytes(bytes);
        bytes[10] = 0;
        Assert.Null(TextSniffer.Detect(bytes, eof: true).Encoding);
    }
}
