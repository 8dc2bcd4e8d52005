using Jianguan.Analytics.Data;
using Jianguan.Analytics.Input;
using Jianguan.Analytics.Rules;

namespace Jianguan.Analytics.Tests;

public class FingerprintRuleTests
{
    public static TheoryData<FingerprintKind, string> SimpleKinds() => new()
    {
        { FingerprintKind.FileCode, "a40.1.file_code" },
        { FingerprintKind.MachineCode, "a40.1.machine_code" },
        { FingerprintKind.Dongle, "a40.1.dongle" },
        { FingerprintKind.Ip, "a40.2.upload_ip" },
        { FingerprintKind.ContactPhone, "a40.2.contact_phone" },
        { FingerprintKind.ProjectManager, "a40.3.project_manager" },
        { FingerprintKind.PmCertificate, "a40.3.pm_certificate" },
        { FingerprintKind.DocHash, "a40.4.identical_document" },
        { FingerprintKind.DepositAccount, "a40.6.deposit_account" },
        { FingerprintKind.LegalRep, "a34.legal_rep" },
    };

    [Theory]
    [MemberData(nameof(SimpleKinds))]
    public void Analyze_TwoBiddersShareValue_RuleFiresWithEvidence(FingerprintKind kind, string code)
    {
        var r = new TestMarket()
            .Bid("S1", "甲公司", 100_000, fingerprints: [(kind, "VALUE-123")])
            .Bid("S1", "乙公司", 103_000, fingerprints: [(kind, " value-123 ")])
            .Bid("S1", "丙公司", 108_000, fingerprints: [(kind, "VALUE-999")])
            .Analyze();

        var alert = Assert.Single(r.Alerts, a => a.Rule.Code == code);
        Assert.Equal(["乙公司", "甲公司"], r.Names(alert));
        Assert.Equal("S1", r.Table.SectionIds[alert.Section]);
        var value = alert.Evidence.Single(e => e.Key == "value").Value;
        Assert.Equal("VALUE-123", r.Table.RawValue(((RawValue)value!).Bid, kind));
    }

    [Theory]
    [MemberData(nameof(SimpleKinds))]
    public void Analyze_ValuesDifferOrSameBidder_RuleSilent(FingerprintKind kind, string code)
    {
        var r = new TestMarket()
            .Bid("S1", "甲公司", 100_000, fingerprints: [(kind, "VALUE-123")])
            .Bid("S1", "乙公司", 103_000, fingerprints: [(kind, "VALUE-124")])
            .Bid("S1", "丙公司", 108_000, fingerprints: [(kind, "无")])
            .Bid("S1", "丁公司", 109_000, fingerprints: [(kind, "无")])
            .Bid("S2", "甲公司", 100_000, fingerprints: [(kind, "X")])
            .Bid("S2", "甲公司", 100_500, fingerprints: [(kind, "X")])
            .Analyze();

        Assert.DoesNotContain(r.Alerts, a => a.Rule.Code == code);
    }

    [Fact]
    public void Analyze_TwoOfThreeHardwareSerialsEqual_HardwareRuleFires()
    {
        var r = new TestMarket()
            .Bid("S1", "甲", 100_000, fingerprints: [(FingerprintKind.Mac, "00-11-22-33-44-55"), (FingerprintKind.Cpu, "CPU1"), (FingerprintKind.Disk, "D1")])
            .Bid("S1", "乙", 101_000, fingerprints: [(FingerprintKind.Mac, "00:11:22:33:44:55"), (FingerprintKind.Cpu, "CPU1"), (FingerprintKind.Disk, "D2")])
            .Bid("S1", "丙", 107_000, fingerprints: [(FingerprintKind.Mac, "AA"), (FingerprintKind.Cpu, "CPU3"), (FingerprintKind.Disk, "D3")])
            .Analyze();

        var alert = Assert.Single(r.Of(RuleCatalog.Hardware));
        Assert.Contains(alert.Evidence, e => e.Key == "mac");
        Assert.Contains(alert.Evidence, e => e.Key == "cpu");
        Assert.DoesNotContain(alert.Evidence, e => e.Key == "disk");
    }

    [Fact]
    public void Analyze_OnlyMacEqual_HardwareRuleSilent()
    {
        var r = new TestMarket()
            .Bid("S1", "甲", 100_000, fingerprints: [(FingerprintKind.Mac, "00-11-22-33-44-55"), (FingerprintKind.Cpu, "CPU1"), (FingerprintKind.Disk, "D1")])
            .Bid("S1", "乙", 101_000, fingerprints: [(FingerprintKind.Mac, "00-11-22-33-44-55"), (FingerprintKind.Cpu, "CPU2"), (FingerprintKind.Disk, "D2")])
            .Analyze();

        Assert.False(r.Fired(RuleCatalog.Hardware));
    }

    [Fact]
    public void Analyze_IdenticalPrices_FireRedAndMakeSectionRed()
    {
        var r = new TestMarket()
            .Bid("S1", "甲", 123_456.78).Bid("S1", "乙", 123_456.78).Bid("S1", "丙", 130_000)
            .Analyze();

        Assert.True(r.Fired(RuleCatalog.IdenticalPrice));
        Assert.Equal(Level.Red, Rule.LevelOf(r.SectionScore("S1")));
    }

    [Fact]
    public void Analyze_PricesOneCentApartOrAtControlPrice_IdenticalPriceSilent()
    {
        var r = new TestMarket()
            .Section("S2", control: 200_000)
            .Bid("S1", "甲", 123_456.78).Bid("S1", "乙", 123_456.79).Bid("S1", "丙", 130_000)
            .Bid("S2", "甲", 200_000).Bid("S2", "乙", 200_000).Bid("S2", "丙", 190_000)
            .Analyze();

        Assert.False(r.Fired(RuleCatalog.IdenticalPrice));
    }

    [Fact]
    public void Analyze_ArithmeticSteps_PriceStepsFires()
    {
        var r = new TestMarket()
            .Bid("S1", "甲", 1_000_137).Bid("S1", "乙", 1_010_137).Bid("S1", "丙", 1_020_137).Bid("S1", "丁", 1_047_331)
            .Analyze();

        var alert = Assert.Single(r.Of(RuleCatalog.PriceSteps));
        Assert.Equal("arithmetic", alert.Evidence.Single(e => e.Key == "kind").Value);
        Assert.Equal(3, alert.Evidence.Single(e => e.Key == "bids").Value);
    }

    [Fact]
    public void Analyze_GeometricSteps_PriceStepsFires()
    {
        var r = new TestMarket()
            .Bid("S1", "甲", 1_000_000).Bid("S1", "乙", 1_012_000).Bid("S1", "丙", 1_024_144).Bid("S1", "丁", 1_036_434)
            .Analyze();

        var alert = Assert.Single(r.Of(RuleCatalog.PriceSteps));
        Assert.Equal(4, alert.Evidence.Single(e => e.Key == "bids").Value);
    }

    [Fact]
    public void Analyze_UnequalSteps_PriceStepsSilent()
    {
        var r = new TestMarket()
            .Bid("S1", "甲", 1_000_000).Bid("S1", "乙", 1_010_000).Bid("S1", "丙", 1_020_500).Bid("S1", "丁", 1_047_331)
            .Analyze();

        Assert.False(r.Fired(RuleCatalog.PriceSteps));
    }

    [Fact]
    public void Analyze_SameFirmsShareIpInTwoSections_CrossSectionLink()
    {
        var r = new TestMarket()
            .Bid("S1", "甲", 100_000, fingerprints: [(FingerprintKind.Ip, "10.0.0.1")])
            .Bid("S1", "乙", 104_000, fingerprints: [(FingerprintKind.Ip, "10.0.0.1")])
            .Bid("S2", "甲", 200_000, fingerprints: [(FingerprintKind.Ip, "10.0.0.7")])
            .Bid("S2", "乙", 209_000, fingerprints: [(FingerprintKind.Ip, "10.0.0.7")])
            .Analyze();

        var alert = Assert.Single(r.Of(RuleCatalog.CrossSectionLink));
        Assert.Equal(2, alert.Evidence.Single(e => e.Key == "section_count").Value);
    }

    [Fact]
    public void Analyze_SharedIpInOneSectionOnly_NoCrossSectionLink()
    {
        var r = new TestMarket()
            .Bid("S1", "甲", 100_000, fingerprints: [(FingerprintKind.Ip, "10.0.0.1")])
            .Bid("S1", "乙", 104_000, fingerprints: [(FingerprintKind.Ip, "10.0.0.1")])
            .Bid("S2", "甲", 200_000, fingerprints: [(FingerprintKind.Ip, "10.0.0.7")])
            .Bid("S2", "乙", 209_000, fingerprints: [(FingerprintKind.Ip, "10.0.0.8")])
            .Analyze();

        Assert.False(r.Fired(RuleCatalog.CrossSectionLink));
    }
}

public class CompetitionRuleTests
{
    [Fact]
    public void Analyze_OneBidder_SingleBid()
    {
        var r = new TestMarket().Bid("S1", "甲", 100_000, won: true).Analyze();
        Assert.True(r.Fired(RuleCatalog.SingleBid));
    }

    [Fact]
    public void Analyze_TwoBiddersVersusThree_FewBiddersOnlyForTwo()
    {
        var r = new TestMarket()
            .Bid("S2", "甲", 100_000).Bid("S2", "乙", 105_000)
            .Bid("S3", "甲", 100_000).Bid("S3", "乙", 105_000).Bid("S3", "丙", 111_000)
            .Analyze();

        var alert = Assert.Single(r.Of(RuleCatalog.FewBidders));
        Assert.Equal("S2", r.Table.SectionIds[alert.Section]);
        Assert.False(r.Fired(RuleCatalog.SingleBid));
    }

    [Fact]
    public void Analyze_FourteenDayTender_ShortPeriodFires()
    {
        var r = new TestMarket()
            .Section("S1", notice: "2024-03-01 16:00", open: "2024-03-15 09:30", mode: "公开招标")
            .Bid("S1", "甲", 100_000).Bid("S1", "乙", 104_000).Bid("S1", "丙", 109_000)
            .Analyze();

        var alert = Assert.Single(r.Of(RuleCatalog.ShortPeriod));
        Assert.Equal(14.0, alert.Evidence.Single(e => e.Key == "days").Value);
    }

    [Fact]
    public void Analyze_TwentyDaysOrConsultationOfTwelve_ShortPeriodSilent()
    {
        var r = new TestMarket()
            .Section("S1", notice: "2024-03-01 16:00", open: "2024-03-21 09:00", mode: "公开招标")
            .Section("S2", notice: "2024-03-01 16:00", open: "2024-03-13 09:00", mode: "竞争性磋商")
            .Bid("S1", "甲", 100_000).Bid("S1", "乙", 104_000).Bid("S1", "丙", 109_000)
            .Bid("S2", "甲", 100_000).Bid("S2", "乙", 104_000).Bid("S2", "丙", 109_000)
            .Analyze();

        Assert.False(r.Fired(RuleCatalog.ShortPeriod));
    }

    [Fact]
    public void Analyze_WinnerHalfAPercentUnderControl_LowDiscountFires()
    {
        var r = new TestMarket()
            .Section("S1", control: 1_000_000)
            .Bid("S1", "甲", 995_000, won: true).Bid("S1", "乙", 997_000).Bid("S1", "丙", 999_000)
            .Analyze();

        Assert.True(r.Fired(RuleCatalog.LowDiscount));
        Assert.False(r.Fired(RuleCatalog.DeepDiscount));
    }

    [Fact]
    public void Analyze_WinnerFivePercentUnderControl_NoDiscountFlag()
    {
        var r = new TestMarket()
            .Section("S1", control: 1_000_000)
            .Bid("S1", "甲", 950_000, won: true).Bid("S1", "乙", 962_000).Bid("S1", "丙", 981_000)
            .Analyze();

        Assert.False(r.Fired(RuleCatalog.LowDiscount));
        Assert.False(r.Fired(RuleCatalog.DeepDiscount));
    }

    [Fact]
    public void Analyze_WinnerFortyPercentUnderControl_DeepDiscountFires()
    {
        var r = new TestMarket()
            .Section("S1", control: 1_000_000)
            .Bid("S1", "甲", 600_000, won: true).Bid("S1", "乙", 930_000).Bid("S1", "丙", 960_000)
            .Analyze();

        Assert.True(r.Fired(RuleCatalog.DeepDiscount));
    }

    [Fact]
    public void Analyze_LowestBidDisqualifiedAndHigherWon_LowestDisqualifiedFires()
    {
        var r = new TestMarket()
            .Bid("S1", "甲", 90_000, status: BidStatus.Disqualified).Bid("S1", "乙", 100_000, won: true).Bid("S1", "丙", 107_000)
            .Analyze();

        Assert.True(r.Fired(RuleCatalog.LowestDisqualified));
        Assert.False(r.Fired(RuleCatalog.OthersDisqualified));
    }

    [Fact]
    public void Analyze_LowestValidWon_LowestDisqualifiedSilent()
    {
        var r = new TestMarket()
            .Bid("S1", "甲", 90_000, won: true).Bid("S1", "乙", 100_000, status: BidStatus.Disqualified).Bid("S1", "丙", 107_000)
            .Analyze();

        Assert.False(r.Fired(RuleCatalog.LowestDisqualified));
    }

    [Fact]
    public void Analyze_AllButWinnerDisqualified_OthersDisqualifiedFires()
    {
        var r = new TestMarket()
            .Bid("S1", "甲", 100_000, won: true)
            .Bid("S1", "乙", 103_000, status: BidStatus.Disqualified).Bid("S1", "丙", 107_000, status: BidStatus.Disqualified)
            .Analyze();

        Assert.True(r.Fired(RuleCatalog.OthersDisqualified));
    }

    [Fact]
    public void Analyze_OneOtherBidValid_OthersDisqualifiedSilent()
    {
        var r = new TestMarket()
            .Bid("S1", "甲", 100_000, won: true)
            .Bid("S1", "乙", 103_000).Bid("S1", "丙", 107_000, status: BidStatus.Disqualified)
            .Analyze();

        Assert.False(r.Fired(RuleCatalog.OthersDisqualified));
    }

    [Fact]
    public void Analyze_WinnerCheckedInAfterOpening_LateBidWonFires()
    {
        var r = new TestMarket()
            .Section("S1", open: "2024-05-10 09:00")
            .Bid("S1", "甲", 100_000, won: true, checkin: "2024-05-10 09:20")
            .Bid("S1", "乙", 103_000, checkin: "2024-05-09 10:00")
            .Analyze();

        var alert = Assert.Single(r.Of(RuleCatalog.LateBidWon));
        Assert.Equal(20L, alert.Evidence.Single(e => e.Key == "minutes_late").Value);
    }

    [Fact]
    public void Analyze_WinnerCheckedInBeforeOpening_LateBidWonSilent()
    {
        var r = new TestMarket()
            .Section("S1", open: "2024-05-10 09:00")
            .Bid("S1", "甲", 100_000, won: true, checkin: "2024-05-10 08:59")
            .Bid("S1", "乙", 103_000, checkin: "2024-05-09 10:00")
            .Analyze();

        Assert.False(r.Fired(RuleCatalog.LateBidWon));
    }

    private static TestMarket CoverMarket(bool coverWinsOnce)
    {
        // 12 firms bid in 24 sections, 3 at a time, and win in turn; 陪 bids in 20 of them.
        var m = new TestMarket();
        for (var s = 0; s < 24; s++)
        {
            var a = $"F{s % 12}";
            var b = $"F{(s + 5) % 12}";
            var section = $"S{s}";
            m.Bid(section, a, 100_000 + (s * 37), won: !(coverWinsOnce && s == 0));
            m.Bid(section, b, 104_000 + (s * 53));
            if (s < 20)
            {
                m.Bid(section, "陪标公司", 109_000 + (s * 71), won: coverWinsOnce && s == 0);
            }
        }

        return m;
    }

    [Fact]
    public void Analyze_ManyBidsNoWin_CoverBidderFires()
    {
        var r = CoverMarket(coverWinsOnce: false).Analyze();
        var alert = Assert.Single(r.Of(RuleCatalog.CoverBidder));
        Assert.Equal(["陪标公司"], r.Names(alert));
    }

    [Fact]
    public void Analyze_ManyBidsOneWin_CoverBidderSilent()
    {
        var r = CoverMarket(coverWinsOnce: true).Analyze();
        Assert.False(r.Fired(RuleCatalog.CoverBidder));
    }
}

public class ScreenAndQualityRuleTests
{
    [Fact]
    public void Analyze_VeryTightBids_LowVariationFires()
    {
        var r = new TestMarket()
            .Bid("S1", "甲", 100_000).Bid("S1", "乙", 100_200).Bid("S1", "丙", 100_500).Bid("S1", "丁", 101_000)
            .Analyze();

        Assert.True(r.Fired(RuleCatalog.ScreenLowVariation));
    }

    [Fact]
    public void Analyze_SpreadBids_LowVariationSilent()
    {
        var r = new TestMarket()
            .Bid("S1", "甲", 100_000).Bid("S1", "乙", 112_000).Bid("S1", "丙", 97_000).Bid("S1", "丁", 121_000)
            .Analyze();

        Assert.False(r.Fired(RuleCatalog.ScreenLowVariation));
        Assert.False(r.Fired(RuleCatalog.ScreenCoverGap));
    }

    [Fact]
    public void Analyze_WinnerFarBelowClusteredCovers_CoverGapFires()
    {
        var r = new TestMarket()
            .Bid("S1", "甲", 80_000).Bid("S1", "乙", 100_000).Bid("S1", "丙", 100_030).Bid("S1", "丁", 100_110).Bid("S1", "戊", 100_200)
            .Analyze();

        Assert.True(r.Fired(RuleCatalog.ScreenCoverGap));
    }

    [Fact]
    public void Analyze_BidTenThousandTimesMedian_UnitErrorWithoutRisk()
    {
        var r = new TestMarket()
            .Bid("S1", "甲", 1_000_000_000).Bid("S1", "乙", 104_000).Bid("S1", "丙", 109_000).Bid("S1", "丁", 113_000)
            .Analyze();

        var alert = Assert.Single(r.Of(RuleCatalog.DecimalSlip));
        Assert.Equal(["甲"], r.Names(alert));
        Assert.Equal(RuleCategory.DataQuality, alert.Rule.Category);
        Assert.DoesNotContain(RuleCatalog.DecimalSlip.Code, r.Scores.SectionRules[0]);
    }

    [Fact]
    public void Analyze_BidThreeTimesMedian_NoUnitError()
    {
        var r = new TestMarket()
            .Bid("S1", "甲", 330_000).Bid("S1", "乙", 104_000).Bid("S1", "丙", 109_000).Bid("S1", "丁", 113_000)
            .Analyze();

        Assert.False(r.Fired(RuleCatalog.DecimalSlip));
    }

    [Fact]
    public void Analyze_CreditCodes_OnlyInvalidOneFlagged()
    {
        const string first17 = "91460100MA5T0000X";
        var valid = first17 + UnifiedSocialCreditCode.CheckCharacter(first17);
        var invalidCheck = valid[..17] + (valid[17] == '1' ? '2' : '1');
        var r = new TestMarket()
            .Bid("S1", "甲", 100_000).Bid("S1", "乙", 104_000).Bid("S1", "丙", 109_000)
            .Code("甲", valid).Code("乙", invalidCheck).Code("丙", "12345")
            .Analyze();

        Assert.True(UnifiedSocialCreditCode.IsValid(valid));
        var flagged = r.Of(RuleCatalog.CreditCode).SelectMany(r.Names).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["丙", "乙"], flagged);
    }

    [Fact]
    public void Analyze_BidWithoutAnyFingerprint_MissingFingerprints()
    {
        var r = new TestMarket()
            .Fp(FingerprintKind.Ip).Fp(FingerprintKind.FileCode)
            .Bid("S1", "甲", 100_000, fingerprints: [(FingerprintKind.Ip, "1.1.1.1")])
            .Bid("S1", "乙", 104_000)
            .Bid("S2", "甲", 100_000, fingerprints: [(FingerprintKind.FileCode, "F1")])
            .Bid("S2", "乙", 104_000, fingerprints: [(FingerprintKind.Ip, "2.2.2.2")])
            .Analyze();

        var alert = Assert.Single(r.Of(RuleCatalog.MissingFingerprints));
        Assert.Equal("S1", r.Table.SectionIds[alert.Section]);
        Assert.Equal(["乙"], r.Names(alert));
    }

    [Fact]
    public void Analyze_NoBidderColumn_OnlyPriceRules()
    {
        var r = new TestMarket(withBidders: false)
            .Bid("S1", "", 123_456.78).Bid("S1", "", 123_456.78).Bid("S1", "", 130_000)
            .Bid("S2", "", 100_003).Bid("S2", "", 110_003).Bid("S2", "", 120_003)
            .Analyze();

        Assert.True(r.Fired(RuleCatalog.IdenticalPrice));
        Assert.True(r.Fired(RuleCatalog.PriceSteps));
        Assert.All(r.Alerts, a => Assert.Empty(a.Bidders));
        Assert.DoesNotContain(r.Alerts, a => a.Rule.Category is RuleCategory.Network);
        Assert.Empty(r.Groups);
    }
}
