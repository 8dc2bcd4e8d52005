using Jianguan.Analytics.Input;

namespace Jianguan.Analytics.Tests;

public class UnifiedSocialCreditCodeTests
{
    [Theory]
    [InlineData("914403001922038216")] // 华为技术有限公司
    [InlineData("91330100716105852F")] // 阿里巴巴（中国）有限公司
    [InlineData("9144030071526726XG")] // 深圳市腾讯计算机系统有限公司
    [InlineData("91110000802100433B")] // 北京百度网讯科技有限公司
    [InlineData("91110108551385082Q")] // 小米科技有限责任公司
    [InlineData("11100000000013127D")] // 国务院办公厅 (机构编制 / 机关)
    public void IsValid_RealCodes_True(string code) => Assert.True(UnifiedSocialCreditCode.IsValid(code));

    [Theory]
    [InlineData("914403001922038217")] // check character changed
    [InlineData("91330100716105852E")]
    [InlineData("9144030071526726X")]   // 17 characters
    [InlineData("9144030071526726XGG")] // 19 characters
    [InlineData("91440300I922038216")]  // I is not in the alphabet
    [InlineData("91440300O922038216")]  // nor O
    [InlineData("914403001922O38216")]
    [InlineData("B14403001922038216")]  // no registration authority B
    [InlineData("944403001922038216")]  // 工商 has no type 4
    [InlineData("9144A3001922038216")]  // the division code is digits
    [InlineData("")]
    [InlineData(null)]
    public void IsValid_BadCodes_False(string? code) => Assert.False(UnifiedSocialCreditCode.IsValid(code));

    [Fact]
    public void IsValid_LowerCase_FalseUntilNormalised()
    {
        Assert.False(UnifiedSocialCreditCode.IsValid("91330100716105852f"));
        Assert.True(UnifiedSocialCreditCode.IsValid(UnifiedSocialCreditCode.Normalise(" ９１３３０１００７１６１０５８５２ｆ ")));
    }

    [Fact]
    public void IsValid_EveryCheckCharacter_AcceptsOnlyTheComputedOne()
    {
        const string body = "91330100716105852";
        var accepted = UnifiedSocialCreditCode.Alphabet.Where(c => UnifiedSocialCreditCode.IsValid(body + c)).ToList();
        Assert.Equal(['F'], accepted);
    }
}
