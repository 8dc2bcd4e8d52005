using System.Text.Json;
using Jianguan.Features.Profiles;
using Jianguan.Features.Warnings;

namespace Jianguan.Tests.Alerts;

/// <summary>Evidence shown in Chinese: labels with the statistic's meaning, codes named, shares as percentages.</summary>
public sealed class AlertLabelsTests
{
    private static IReadOnlyList<(string Key, string Label, string Text)> Rows(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return AlertLabels.EvidenceRows(doc.RootElement.Clone());
    }

    [Fact]
    public void EvidenceRows_LowVariation_ChineseLabelsKeysKept()
    {
        var rows = Rows("""{"category":"price_screen","cv":0.012345,"spread":0.05,"threshold":0.03,"bids":5}""");

        Assert.Equal(["category", "cv", "spread", "threshold", "bids"], rows.Select(r => r.Key));
        Assert.Equal("报价筛查", rows[0].Text);
        Assert.StartsWith("变异系数 (CV)：", rows[1].Label, StringComparison.Ordinal);
        Assert.Equal("0.012345", rows[1].Text);
        Assert.Equal("阈值", rows[3].Label);
        Assert.All(rows, r => Assert.NotEqual(r.Key, r.Label));
    }

    [Fact]
    public void EvidenceRows_CodesArraysObjectsAndShares_InWords()
    {
        var rows = Rows("""
            {"field":"file_code","value":"FC-1","fields":["mac","ip"],"markers":["cv","subset_cv"],"discount":0.0123,
             "thresholds":{"cohesion":0.6,"exclusivity":0.5},"reference_kind":"control_price","kind":"geometric","rd":"inf","x_new":null}
            """).ToDictionary(r => r.Key);

        Assert.Equal("文件创建标识码", rows["field"].Text);
        Assert.Equal("MAC地址、上传IP", rows["fields"].Text);
        Assert.Equal("变异系数 (CV)、子集变异系数", rows["markers"].Text);
        Assert.Equal("1.23%", rows["discount"].Text);
        Assert.Equal("共同投标密度 (cohesion) 0.6；排他性 (exclusivity) 0.5", rows["thresholds"].Text);
        Assert.Equal("控制价", rows["reference_kind"].Text);
        Assert.Equal("等比", rows["kind"].Text);
        Assert.StartsWith("无穷大", rows["rd"].Text, StringComparison.Ordinal);
        Assert.Equal(("x_new", "—"), (rows["x_new"].Label, rows["x_new"].Text));
    }
    [Theory]
    [InlineData("Imhof 2019; Huber & Imhof 2019；《招标投标法实施条例》第三十九条", "《招标投标法实施条例》第三十九条", "Imhof 2019；Huber & Imhof 2019")]
    [InlineData("《招标投标法实施条例》第四十条第一项", "《招标投标法实施条例》第四十条第一项", null)]
    [InlineData("Imhof 2019（bid/estimate）", null, "Imhof 2019（bid/estimate）")]
    public void SplitBasis_PapersAreMethodsNotLaw(string basis, string? legal, string? method) =>
        Assert.Equal((legal, method), AlertLabels.SplitBasis(basis));

    [Fact]
    public async Task EvidenceLabels_EveryKeyTheEngineWritesOnADemoMarket_HasAChineseLabel()
    {
        var dir = Directory.CreateTempSubdirectory("jianguan-labels-").FullName;
        try
        {
            Assert.Equal(Cli.Ok, await Cli.RunAsync(["demo", "generate", "--tenders", "3000", "--seed", "3", "--out", Path.Combine(dir, "m")]));
            var list = Path.Combine(dir, "blacklist.csv");
            var firm = File.ReadLines(Path.Combine(dir, "m", "bids.csv")).Skip(1).First();
            await File.WriteAllTextAsync(list, "主体名称,列入日期,列入原因\n" + firm.Split(',')[ColumnOf(dir, "BIDDER_NAME")] + ",2000-01-01,串通投标\n");
            Assert.Equal(Cli.Ok, await Cli.RunAsync(["analyze", "--input", Path.Combine(dir, "m"), "--output", Path.Combine(dir, "out"), "--blacklist", list]));

            var keys = new SortedSet<string>(StringComparer.Ordinal);
            var rules = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var line in File.ReadLines(Path.Combine(dir, "out", "alerts.jsonl")))
            {
                using var doc = JsonDocument.Parse(line);
                rules.Add(doc.RootElement.GetProperty("rule").GetString()!);
                foreach (var p in doc.RootElement.GetProperty("evidence").EnumerateObject())
                {
                    keys.Add(p.Name);
                }
            }

            Assert.Contains("flag.blacklisted", rules);
            Assert.True(rules.Count >= 15, string.Join(", ", rules));
            Assert.Equal([], keys.Where(k => AlertLabels.EvidenceLabel(k) == k).ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int ColumnOf(string dir, string header) =>
        Array.IndexOf(File.ReadLines(Path.Combine(dir, "m", "bids.csv")).First().Split(','), header);
}

/// <summary>The law printed under 法律依据: every article a rule cites has its text, an item shows that item.</summary>
public sealed class LegalArticlesTests
{
    [Fact]
    public void EveryRuleCitingAnArticle_GetsItsText()
    {
        foreach (var rule in Jianguan.Analytics.Rules.RuleCatalog.All)
        {
            var (legal, _) = AlertLabels.SplitBasis(rule.Basis);
            if (legal is null || !legal.Contains('条', StringComparison.Ordinal) || rule.Category == Jianguan.Analytics.Rules.RuleCategory.DataQuality)
            {
                continue;
            }

            var articles = LegalArticles.Cited(legal);
            Assert.True(articles.Count > 0, $"{rule.Code}: no text for {legal}");
            Assert.All(articles, a => Assert.True(a.Text.Length > 20, a.Citation));
        }
    }

    [Fact]
    public void Item_ShowsLeadAndThatItem_LawCarriedToLaterParts()
    {
        var articles = LegalArticles.Cited("《招标投标法实施条例》第四十条第（四）项；第三十九条");

        Assert.Equal(["《招标投标法实施条例》第四十条第（四）项", "《招标投标法实施条例》第三十九条"], articles.Select(a => a.Citation));
        Assert.Equal("有下列情形之一的，视为投标人相互串通投标：……（四）不同投标人的投标文件异常一致或者投标报价呈规律性差异；", articles[0].Text);
        Assert.Contains("（五）投标人之间为谋取中标或者排斥特定投标人而采取的其他联合行动。", articles[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoArticlesInOnePart_Excerpts_Marked()
    {
        var articles = LegalArticles.Cited("《招标投标法实施条例》第六十七条、第六十八条（取消投标资格）");

        Assert.Equal(2, articles.Count);
        Assert.All(articles, a => Assert.EndsWith("（节选）", a.Text, StringComparison.Ordinal));
        Assert.Empty(LegalArticles.Cited("数据质量（不计入风险分，不参与价格筛查）"));
    }
}

/// <summary>The group network drawing: a pair is a low strip, not a ring in a tall empty box.</summary>
public sealed class NetworkChartTests
{
    [Fact]
    public void TwoMembers_SideBySideInALowStrip_ThreeMembers_Ring()
    {
        GroupMemberInfo[] two = [new(1, "甲公司", 80, 10, 2, false), new(2, "乙公司", 60, 8, 0, false)];
        var pair = Jianguan.Features.Profiles.NetworkCharts.Network(two, [new NetworkEdge(1, 2, 7)]);
        var ring = Jianguan.Features.Profiles.NetworkCharts.Network([.. two, new(3, "丙公司", 10, 3, 1, false)], []);

        Assert.True(pair.Height <= 200, $"height {pair.Height}");
        Assert.Equal(pair.Nodes[0].Y, pair.Nodes[1].Y);
        Assert.True(pair.Nodes[0].X < pair.Nodes[1].X);
        Assert.All(pair.Nodes, n => Assert.InRange(n.LabelY, 0, pair.Height));
        Assert.Single(pair.Links);
        Assert.Equal(520, ring.Height);
    }
}
