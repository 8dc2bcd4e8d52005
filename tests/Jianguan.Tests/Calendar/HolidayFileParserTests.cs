using Jianguan.Platform.Calendar;

namespace Jianguan.Tests.Calendar;

public class HolidayFileParserTests
{
    internal const string Valid2027 = """
        {
          "$schema": "https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json",
          "year": 2027,
          "papers": ["https://www.gov.cn/zhengce/zhengceku/2027-notice.htm"],
          "days": [
            { "name": "元旦", "date": "2026-12-31", "isOffDay": true },
            { "name": "元旦", "date": "2027-01-01", "isOffDay": true },
            { "name": "春节", "date": "2027-02-06", "isOffDay": false }
          ]
        }
        """;

    [Fact]
    public void Parse_ValidFile_ReadsEverything()
    {
        var file = HolidayFileParser.Parse(Valid2027);
        Assert.Equal(2027, file.Year);
        Assert.Single(file.Papers);
        Assert.Equal(3, file.Days.Count);
        Assert.Equal(new HolidayDay("春节", new DateOnly(2027, 2, 6), false), file.Days[2]);
    }

    [Fact]
    public void Parse_ByteOrderMark_Accepted() =>
        Assert.Equal(2027, HolidayFileParser.Parse("\uFEFF" + Valid2027).Year);

    [Theory]
    [InlineData("not json", "不是有效的 JSON")]
    [InlineData("[1,2]", "顶层必须是 JSON 对象")]
    [InlineData("""{"papers":[],"days":[{"name":"a","date":"2027-01-01","isOffDay":true}]}""", "缺少字段 \"year\"")]
    [InlineData("""{"year":"2027","papers":[],"days":[{"name":"a","date":"2027-01-01","isOffDay":true}]}""", "\"year\" 必须是整数")]
    [InlineData("""{"year":1800,"papers":[],"days":[{"name":"a","date":"1800-01-01","isOffDay":true}]}""", "超出允许范围")]
    [InlineData("""{"year":2027,"days":[{"name":"a","date":"2027-01-01","isOffDay":true}]}""", "缺少字段 \"papers\"")]
    [InlineData("""{"year":2027,"papers":"x","days":[{"name":"a","date":"2027-01-01","isOffDay":true}]}""", "\"papers\" 必须是字符串数组")]
    [InlineData("""{"year":2027,"papers":[1],"days":[{"name":"a","date":"2027-01-01","isOffDay":true}]}""", "papers[0]")]
    [InlineData("""{"year":2027,"papers":[]}""", "缺少字段 \"days\"")]
    [InlineData("""{"year":2027,"papers":[],"days":[]}""", "\"days\" 为空")]
    [InlineData("""{"year":2027,"papers":[],"days":{}}""", "\"days\" 必须是数组")]
    [InlineData("""{"year":2027,"papers":[],"days":[{"name":"a","date":"2027-01-01","isOffDay":true}],"extra":1}""", "未知字段 \"extra\"")]
    [InlineData("""{"year":2027,"year":2028,"papers":[],"days":[{"name":"a","date":"2027-01-01","isOffDay":true}]}""", "\"year\" 重复出现")]
    [InlineData("""{"year":2027,"papers":[],"days":[{"date":"2027-01-01","isOffDay":true}]}""", "days[0]：缺少字段 \"name\"")]
    [InlineData("""{"year":2027,"papers":[],"days":[{"name":"a","isOffDay":true}]}""", "days[0]：缺少字段 \"date\"")]
    [InlineData("""{"year":2027,"papers":[],"days":[{"name":"a","date":"2027-01-01"}]}""", "days[0]：缺少字段 \"isOffDay\"")]
    [InlineData("""{"year":2027,"papers":[],"days":[{"name":"a","date":"2027-01-01","isOffDay":"true"}]}""", "\"isOffDay\" 必须是 true")]
    [InlineData("""{"year":2027,"papers":[],"days":[{"name":"","date":"2027-01-01","isOffDay":true}]}""", "\"name\" 必须是非空字符串")]
    [InlineData("""{"year":2027,"papers":[],"days":[{"name":"a","date":"2027-02-30","isOffDay":true}]}""", "日期 \"2027-02-30\" 无效")]
    [InlineData("""{"year":2027,"papers":[],"days":[{"name":"a","date":"2027/01/01","isOffDay":true}]}""", "YYYY-MM-DD")]
    [InlineData("""{"year":2027,"papers":[],"days":[{"name":"a","date":"2029-01-01","isOffDay":true}]}""", "不属于 2027 年及其相邻年份")]
    [InlineData("""{"year":2027,"papers":[],"days":[{"name":"a","date":"2027-01-01","isOffDay":true},{"name":"b","date":"2027-01-01","isOffDay":false}]}""", "days[1]：日期 2027-01-01 在文件中重复出现")]
    [InlineData("""{"year":2027,"papers":[],"days":[{"name":"a","date":"2027-01-01","isOffDay":true,"note":"x"}]}""", "days[0]：未知字段 \"note\"")]
    [InlineData("""{"year":2027,"papers":[],"days":[1]}""", "days[0] 必须是对象")]
    [InlineData("""{"year":2027,"papers":[],"days":[{"name":"a","date":"2027-01-01","isOffDay":true},]}""", "不是有效的 JSON")]
    public void Parse_BadFile_RefusedWithReason(string json, string reason)
    {
        var e = Assert.Throws<HolidayFileException>(() => HolidayFileParser.Parse(json));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Contains("invalid holiday file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HugeInput_Refused()
    {
        var e = Assert.Throws<HolidayFileException>(() => HolidayFileParser.Parse(new string(' ', HolidayFileParser.MaxBytes + 1)));
        Assert.Contains("文件过大", e.Message, StringComparison.Ordinal);
    }
}
