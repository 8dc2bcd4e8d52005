using Jianguan.Analytics.Data;
using Jianguan.Features.Trading;
using Jianguan.Features.Trading.Import;

namespace Jianguan.Tests.Import;

public class ValueParserTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Theory]
    [InlineData("1234.5", 1, "1234.5")]
    [InlineData("1,234,567.89", 1, "1234567.89")]
    [InlineData("１２３４．５", 1, "1234.5")]
    [InlineData("¥1,200", 1, "1200")]
    [InlineData("1200元", 1, "1200")]
    [InlineData("12.5%", 1, "12.5")]
    [InlineData("12.5万", 1, "125000")]
    [InlineData("12.5万元", 1, "125000")]
    [InlineData("12.5", 10000, "125000")]
    [InlineData("1.2E7", 1, "12000000")]
    [InlineData(" 88 ", 1, "88")]
    public void TryParseDecimal_PortalNumbers_Parsed(string text, int scale, string expected)
    {
        Assert.True(ValueParser.TryParseDecimal(text, scale, out var value));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("12.3.4")]
    [InlineData("约100")]
    [InlineData("1e999")]
    public void TryParseDecimal_NotNumbers_False(string text) => Assert.False(ValueParser.TryParseDecimal(text, 1, out _));

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("-")]
    [InlineData("—")]
    [InlineData("无")]
    [InlineData("/")]
    [InlineData("#N/A")]
    [InlineData("NULL")]
    public void Clean_NothingMarks_Null(string text) => Assert.Null(ValueParser.Clean(text));

    [Theory]
    [InlineData("2023年8月30日", 2023, 8, 30, 0, 0)]
    [InlineData("2023年8月30日 14时30分", 2023, 8, 30, 14, 30)]
    [InlineData("2023/8/30 14:00", 2023, 8, 30, 14, 0)]
    [InlineData("2023-09-26 09:00:00", 2023, 9, 26, 9, 0)]
    [InlineData("2023.08.30", 2023, 8, 30, 0, 0)]
    [InlineData("20230830", 2023, 8, 30, 0, 0)]
    [InlineData("２０２３－０８－３０", 2023, 8, 30, 0, 0)]
    [InlineData("2023/11/22 09:00/", 2023, 11, 22, 9, 0)]
    [InlineData("45168", 2023, 8, 30, 0, 0)]              // Excel serial
    [InlineData("45103.5833333333", 2023, 6, 26, 14, 0)]  // Excel serial with time
    public void TryParseDate_ChineseForms_BeijingTime(string text, int y, int mo, int d, int h, int mi)
    {
        Assert.True(ValueParser.TryParseDate(text, out var value));
        Assert.Equal(new DateTimeOffset(y, mo, d, h, mi, 0, China), value);
        Assert.Equal(China, value.Offset);
    }

    [Fact]
    public void TryParseDate_ExplicitOffset_Kept()
    {
        Assert.True(ValueParser.TryParseDate("2023-09-26T01:00:00Z", out var utc));
        Assert.Equal(new DateTimeOffset(2023, 9, 26, 9, 0, 0, China), utc);
        Assert.True(ValueParser.TryParseDate("2023-09-26T09:00:00+08:00", out var local));
        Assert.Equal(utc, local);
    }

    [Fact]
    public void TryParseDate_UnixSeconds_Converted()
    {
        Assert.True(ValueParser.TryParseDate("917568000", out var value));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(917568000), value);
    }

    [Theory]
    [InlineData("2223/7/7 8:45")]
    [InlineData("2023/11/99:30:00")]
    [InlineData("2023-02-30")]
    [InlineData("下周一")]
    public void TryParseDate_Garbled_False(string text) => Assert.False(ValueParser.TryParseDate(text, out _));

    [Theory]
    [InlineData("施工项目", TradingCategory.Construction)]
    [InlineData("监理项目", TradingCategory.Construction)]
    [InlineData("勘察设计", TradingCategory.Construction)]
    [InlineData("房屋建筑", TradingCategory.Construction)]
    [InlineData("市政公用", TradingCategory.Construction)]
    [InlineData("政府采购", TradingCategory.GovernmentProcurement)]
    [InlineData("货物", TradingCategory.GovernmentProcurement)]
    [InlineData("服务", TradingCategory.GovernmentProcurement)]
    [InlineData("土地使用权出让", TradingCategory.LandAndMining)]
    [InlineData("采矿权", TradingCategory.LandAndMining)]
    [InlineData("国有产权交易", TradingCategory.StateAssets)]
    [InlineData("药品集中采购", TradingCategory.MedicalProcurement)]
    [InlineData("医药", TradingCategory.MedicalProcurement)]
    [InlineData("碳排放权", TradingCategory.Other)]
    [InlineData("GovernmentProcurement", TradingCategory.GovernmentProcurement)]
    public void Categorise_PortalTypes_Mapped(string text, TradingCategory expected) =>
        Assert.Equal(expected, ValueParser.Categorise(text));

    [Theory]
    [InlineData("有效", BidStatus.Valid)]
    [InlineData("废标", BidStatus.Disqualified)]
    [InlineData("被否决", BidStatus.Disqualified)]
    [InlineData("撤回", BidStatus.Withdrawn)]
    [InlineData("Valid", BidStatus.Valid)]
    public void ParseBidStatus_Words_Mapped(string text, BidStatus expected) => Assert.Equal(expected, ValueParser.ParseBidStatus(text));
}
