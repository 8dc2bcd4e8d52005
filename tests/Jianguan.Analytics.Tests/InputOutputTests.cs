using System.Text;
using System.Text.Json;
using Jianguan.Analytics.Data;
using Jianguan.Analytics.Input;
using Jianguan.Analytics.Output;
using Jianguan.Analytics.Rules;

namespace Jianguan.Analytics.Tests;

public sealed class InputOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("jianguan-engine-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public void Utf8CsvReader_QuotesCommasNewlinesAndCrLf_ReadsFields()
    {
        var bytes = Encoding.UTF8.GetBytes("\uFEFFa,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\r\nlast,,end");
        using var reader = new Utf8CsvReader(new MemoryStream(bytes), bufferSize: 8);
        Assert.True(reader.Read());
        Assert.Equal("a", Encoding.UTF8.GetString(reader[0]));
        Assert.Equal("c", Encoding.UTF8.GetString(reader[2]));
        Assert.True(reader.Read());
        Assert.Equal("x,1", Encoding.UTF8.GetString(reader[0]));
        Assert.Equal("say \"hi\"", Encoding.UTF8.GetString(reader[1]));
        Assert.Equal("two\nlines", Encoding.UTF8.GetString(reader[2]));
        Assert.True(reader.Read());
        Assert.Equal(3, reader.FieldCount);
        Assert.Equal("", Encoding.UTF8.GetString(reader[1]));
        Assert.Equal("end", Encoding.UTF8.GetString(reader[2]));
        Assert.False(reader.Read());
    }

    [Theory]
    [InlineData("2024-03-01 16:05:09", 2024, 3, 1, 16, 5)]
    [InlineData("2024/3/1 9:30", 2024, 3, 1, 9, 30)]
    [InlineData("2024-03-01T08:00:00+08:00", 2024, 3, 1, 8, 0)]
    [InlineData("20240301", 2024, 3, 1, 0, 0)]
    public void Timestamp_Parse_CommonFormats(string text, int y, int mo, int d, int h, int mi)
    {
        var t = Timestamp.Parse(Encoding.UTF8.GetBytes(text));
        Assert.Equal(new DateTime(y, mo, d, h, mi, 0), Timestamp.ToDateTime(t));
    }

    [Fact]
    public void Load_ChineseHeaders_Accepted()
    {
        var path = Write("zh.csv",
            "标段编号,投标单位名称,投标报价(元),是否中标,IP地址\n" +
            "B1,甲建设有限公司,\"1,000,000.00\",1,10.1.1.1\n" +
            "B1,乙建设有限公司,¥1020000,0,10.1.1.1\n" +
            "B1,丙建设有限公司,1050000元,0,10.1.1.9\n");
        var path2 = Write("zh2.csv", "标段（包）编号,投标人名称,投标报价金额\nB2,甲建设有限公司,500000\nB2,丁公司,510000\n");
        var report = new LoadReport();
        var t = CsvLoader.Load([path, path2], report);

        Assert.Equal(0, report.RejectedRows);
        Assert.True(t.HasBidders);
        Assert.Equal(2, t.SectionCount);
        Assert.Equal(5, t.BidCount);
        Assert.Equal(4, t.BidderCount);
        Assert.Equal(1_000_000, t.Price[0]);
        Assert.True(t.Won[0]);
        var r = Engine.Analyze(t);
        var ip = Assert.Single(r.Of(RuleCatalog.UploadIp));
        Assert.Equal("10.1.1.1", r.Table.RawValue(((RawValue)ip.Evidence.Single(e => e.Key == "value").Value!).Bid, FingerprintKind.Ip));
    }

    [Fact]
    public void Load_SemicolonsAndDecimalCommas_SameBidsAsCommaFile()
    {
        var semi = Write("semi.csv", "tender;bidder;bid\nT1;A;1087159,35\nT1;B;\"1.090.000,50\"\nT1;C;1'100'000\n");
        var comma = Write("comma.csv", "tender,bidder,bid\nT1,A,1087159.35\nT1,B,1090000.5\nT1,C,1100000\n");

        var a = CsvLoader.Load([semi], new LoadReport());
        var b = CsvLoader.Load([comma], new LoadReport());

        Assert.Equal(3, a.BidCount);
        Assert.Equal(b.Price, a.Price);
        Assert.Equal(b.BidderNames, a.BidderNames);
    }

    [Fact]
    public void Load_MinimalCsvWithoutBidder_PriceRulesOnly()
    {
        var path = Write("labeled.csv", "tender,bid,label,winner,date\n1,100000,1,1,366\n1,100000,1,0,366\n1,130000,1,0,366\n2,5,0,0,1\n2,6,0,1,1\n");
        var t = CsvLoader.Load([path], new LoadReport());

        Assert.False(t.HasBidders);
        var r = Engine.Analyze(t);
        Assert.True(r.Fired(RuleCatalog.IdenticalPrice));
        Assert.All(r.Alerts, a => Assert.True(a.Rule.Category is RuleCategory.Fingerprint or RuleCategory.Price or RuleCategory.Competition or RuleCategory.DataQuality));
        Assert.Empty(r.Table.BidderNames);
    }

    [Fact]
    public void Load_DemoDirectory_JoinsSectionsAwardsAndProjects()
    {
        Write("projects.csv", "TENDER_PROJECT_CODE,TENDER_PROJECT_NAME,TENDER_PROJECT_TYPE,TENDER_MODE\nP1,某工程,施工,公开招标\n");
        Write("sections.csv", "TENDER_PROJECT_CODE,BID_SECTION_CODE,BID_SECTION_NAME,CONTRACT_RECKON_PRICE,CONTROL_PRICE,NOTICE_SEND_TIME,BID_OPEN_TIME\n" +
            "P1,P1-01,一标段,1100000.00,1000000.00,2024-03-01 16:00:00,2024-03-11 09:00:00\n");
        Write("awards.csv", "TENDER_PROJECT_CODE,BID_SECTION_CODE,WIN_BIDDER_NAME,WIN_BIDDER_CODE,BID_AMOUNT\nP1,P1-01,乙公司,X,996000.00\n");
        Write("bids.csv", "TENDER_PROJECT_CODE,BID_SECTION_CODE,BIDDER_NAME,BIDDER_ORG_CODE,BID_PRICE,CHECKIN_TIME,BID_STATUS,BID_MANAGER,UPLOAD_IP,FILE_CREATION_CODE,DOC_HASH\n" +
            "P1,P1-01,甲公司,91460100MA5T0000X1,990000.00,2024-03-10 10:00:00,无效,张三,1.1.1.1,FC1,H1\n" +
            "P1,P1-01,乙公司,91460100MA5T0000X2,996000.00,2024-03-11 09:30:00,有效,李四,1.1.1.2,FC1,H2\n" +
            "P1,P1-01,丙公司,91460100MA5T0000X3,999000.00,2024-03-10 11:00:00,有效,王五,1.1.1.3,FC3,H3\n");
        Write("truth.csv", "section,tender,ring,collusive,mechanisms\nP1/P1-01,P1-01,R001,1,shared_file_code\n");
        var report = new LoadReport();
        var t = CsvLoader.Load([_dir], report);

        Assert.Equal(4, report.Files.Count);
        Assert.Contains(report.Skipped, f => f.EndsWith("truth.csv", StringComparison.Ordinal));
        Assert.Equal(1_000_000, t.ControlPrice[0]);
        Assert.Equal(1_100_000, t.Estimate[0]);
        Assert.Equal("施工", t.Categories[t.Category[0]]);
        Assert.Equal("公开招标", t.Modes[t.Mode[0]]);
        Assert.True(t.Won[1]);
        Assert.Equal(BidStatus.Disqualified, t.Status[0]);

        var r = Engine.Analyze(t);
        Assert.True(r.Fired(RuleCatalog.FileCode));
        Assert.True(r.Fired(RuleCatalog.ShortPeriod));
        Assert.True(r.Fired(RuleCatalog.LowestDisqualified));
        Assert.True(r.Fired(RuleCatalog.LateBidWon));
        Assert.True(r.Fired(RuleCatalog.LowDiscount));
        var fc = Assert.Single(r.Of(RuleCatalog.FileCode));
        Assert.Equal("FC1", r.Table.RawValue(((RawValue)fc.Evidence.Single(e => e.Key == "value").Value!).Bid, FingerprintKind.FileCode));
    }

    [Fact]
    public void Load_LargeFileParsedInChunks_SameAsSmall()
    {
        // Above the parallel threshold: chunks must split at line starts and keep every row.
        var sb = new StringBuilder("tender,bidder,bid,ip\n");
        var rows = 0;
        for (var s = 0; sb.Length < (17 << 20); s++)
        {
            for (var i = 0; i < 5; i++)
            {
                sb.Append('T').Append(s).Append(",\"Firm, ").Append((s + i) % 997).Append("\",")
                    .Append(100_000 + (i * 1_234) + (s % 100)).Append(',').Append(i == 0 ? "9.9.9.9" : $"10.0.{s % 250}.{i}").Append('\n');
                rows++;
            }
        }

        var path = Write("big.csv", sb.ToString());
        var report = new LoadReport();
        var t = CsvLoader.Load([path], report);

        Assert.Equal(rows, t.BidCount);
        Assert.Equal(rows / 5, t.SectionCount);
        Assert.Equal(0, report.RejectedRows);
        Assert.All(Enumerable.Range(0, t.SectionCount), s => Assert.Equal(5, t.SectionStart[s + 1] - t.SectionStart[s]));
        Assert.Equal("9.9.9.9", t.RawValue(t.SectionStart[123], FingerprintKind.Ip));
        Assert.Equal("Firm, 123", t.BidderNames[t.Bidder[t.SectionStart[123]]]);
    }

    [Fact]
    public void Write_SmallMarket_FilesHaveContractHeadersSortedByScoreAndJsonFields()
    {
        var r = new TestMarket()
            .Bid("S1", "甲", 100_000, fingerprints: [(FingerprintKind.FileCode, "F")]).Bid("S1", "乙", 104_000, fingerprints: [(FingerprintKind.FileCode, "F")])
            .Bid("S1", "丙", 109_000, fingerprints: [(FingerprintKind.FileCode, "G")])
            .Bid("S2", "甲", 100_000, fingerprints: [(FingerprintKind.FileCode, "H")]).Bid("S2", "丁", 106_000, fingerprints: [(FingerprintKind.FileCode, "I")])
            .Bid("S3", "丙", 100_000, fingerprints: [(FingerprintKind.FileCode, "J")]).Bid("S3", "丁", 103_100, fingerprints: [(FingerprintKind.FileCode, "K")])
            .Bid("S3", "戊", 108_700, fingerprints: [(FingerprintKind.FileCode, "L")])
            .Analyze();
        var outDir = Path.Combine(_dir, "out");
        ResultWriter.Write(r, outDir);

        var sections = File.ReadAllLines(Path.Combine(outDir, "sections.csv"));
        Assert.Equal("tender,score,level,rules", sections[0]);
        Assert.StartsWith("S1,", sections[1], StringComparison.Ordinal);
        Assert.Contains("a40.1.file_code", sections[1], StringComparison.Ordinal);
        Assert.Equal(4, sections.Length);
        AssertSortedByScore(sections);

        var bidders = File.ReadAllLines(Path.Combine(outDir, "bidders.csv"));
        Assert.Equal("bidder,score,level,rules", bidders[0]);
        Assert.Equal(6, bidders.Length);
        AssertSortedByScore(bidders);
        Assert.Matches("^(甲|乙),", bidders[1]);

        Assert.Equal("group,members,score,rules", File.ReadAllLines(Path.Combine(outDir, "groups.csv"))[0]);

        var lines = File.ReadAllLines(Path.Combine(outDir, "alerts.jsonl"));
        Assert.NotEmpty(lines);
        var scores = new List<double>();
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            foreach (var field in new[] { "rule", "level", "basis", "tender", "bidders", "evidence" })
            {
                Assert.True(root.TryGetProperty(field, out _), field);
            }

            Assert.Contains(root.GetProperty("level").GetString(), new[] { "red", "orange", "yellow" });
            Assert.Equal(JsonValueKind.Array, root.GetProperty("bidders").ValueKind);
            Assert.Equal(JsonValueKind.Object, root.GetProperty("evidence").ValueKind);
            scores.Add(root.GetProperty("score").GetDouble());
        }

        Assert.Equal(scores.OrderByDescending(s => s), scores);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("a40.1.file_code", first.RootElement.GetProperty("rule").GetString());
        Assert.Equal("F", first.RootElement.GetProperty("evidence").GetProperty("value").GetString());
        Assert.Equal("S1", first.RootElement.GetProperty("tender").GetString());
    }

    private static void AssertSortedByScore(string[] lines)
    {
        var scores = lines.Skip(1).Select(l => double.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
    }
}
