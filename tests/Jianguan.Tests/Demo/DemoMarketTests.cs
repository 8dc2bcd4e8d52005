using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Jianguan.Analytics.Data;
using Jianguan.Analytics.Input;
using Jianguan.Features.Demo;
using Jianguan.Features.Trading;

namespace Jianguan.Tests.Demo;

/// <summary>One generated market shared by the tests of this class (small: 2,000 sections).</summary>
public sealed class DemoMarketFixture : IDisposable
{
    public const int Tenders = 2000;
    public const ulong Seed = 20240611;

    public DemoMarketFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "jianguan-demo-" + Guid.NewGuid().ToString("N"));
        Summary = DemoCsv.Write(Directory, Tenders, Seed);
        Projects = Csv.Read(Path.Combine(Directory, "projects.csv"));
        Sections = Csv.Read(Path.Combine(Directory, "sections.csv"));
        Bids = Csv.Read(Path.Combine(Directory, "bids.csv"));
        Awards = Csv.Read(Path.Combine(Directory, "awards.csv"));
        Truth = Csv.Read(Path.Combine(Directory, "truth.csv"));
        Rings = Csv.Read(Path.Combine(Directory, "rings.csv"));
        RingMembers = Rings.Rows.ToDictionary(r => r["ring"], r => r["members"].Split('|').ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        BidsBySection = Bids.Rows.GroupBy(b => b[TradingFields.SectionCode], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        TruthBySection = Truth.Rows.ToDictionary(t => t["tender"], StringComparer.Ordinal);
    }

    public string Directory { get; }
    public DemoSummary Summary { get; }
    public Csv Projects { get; }
    public Csv Sections { get; }
    public Csv Bids { get; }
    public Csv Awards { get; }
    public Csv Truth { get; }
    public Csv Rings { get; }
    public Dictionary<string, HashSet<string>> RingMembers { get; }
    public Dictionary<string, List<Dictionary<string, string>>> BidsBySection { get; }
    public Dictionary<string, Dictionary<string, string>> TruthBySection { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

public sealed class DemoMarketTests(DemoMarketFixture market) : IClassFixture<DemoMarketFixture>
{
    /// <summary>Bid columns that identify a person, a machine or an account: shared across firms only by collusion.</summary>
    private static readonly string[] FingerprintColumns =
    [
        TradingFields.UploadIp, TradingFields.MacAddress, TradingFields.CpuSerial, TradingFields.DiskSerial,
        TradingFields.FileMachineCode, TradingFields.FileCreationCode, TradingFields.DongleSerial, TradingFields.DepositAccount,
        TradingFields.BidManager, TradingFields.PmCertificates, TradingFields.ContactName, TradingFields.ContactPhone,
        TradingFields.LegalRepresent, TradingFields.DocHash,
    ];

    private static readonly Dictionary<string, string[]> ColumnsOfMechanism = new(StringComparer.Ordinal)
    {
        ["shared_ip"] = [TradingFields.UploadIp],
        ["shared_mac"] = [TradingFields.MacAddress, TradingFields.CpuSerial, TradingFields.DiskSerial],
        ["shared_file_code"] = [TradingFields.FileCreationCode],
        ["shared_machine_code"] = [TradingFields.FileMachineCode],
        ["shared_dongle"] = [TradingFields.DongleSerial],
        ["same_deposit"] = [TradingFields.DepositAccount],
        ["same_pm"] = [TradingFields.BidManager],
        ["same_contact"] = [TradingFields.ContactName, TradingFields.ContactPhone],
    };

    [Fact]
    public void Write_SameSeed_ByteIdenticalFiles()
    {
        var again = Path.Combine(Path.GetTempPath(), "jianguan-demo-" + Guid.NewGuid().ToString("N"));
        var other = Path.Combine(Path.GetTempPath(), "jianguan-demo-" + Guid.NewGuid().ToString("N"));
        try
        {
            DemoCsv.Write(again, DemoMarketFixture.Tenders, DemoMarketFixture.Seed);
            DemoCsv.Write(other, DemoMarketFixture.Tenders, DemoMarketFixture.Seed + 1);
            foreach (var file in new[] { "projects.csv", "sections.csv", "bids.csv", "awards.csv", "truth.csv", "rings.csv" })
            {
                Assert.Equal(Hash(Path.Combine(market.Directory, file)), Hash(Path.Combine(again, file)));
            }

            Assert.NotEqual(Hash(Path.Combine(market.Directory, "bids.csv")), Hash(Path.Combine(other, "bids.csv")));
        }
        finally
        {
            Directory.Delete(again, recursive: true);
            Directory.Delete(other, recursive: true);
        }
    }

    [Fact]
    public void Write_Headers_AreTradingFieldCodes()
    {
        var codes = typeof(TradingFields).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var csv in new[] { market.Projects, market.Sections, market.Bids, market.Awards })
        {
            Assert.All(csv.Header, column => Assert.Contains(column, codes));
        }

        Assert.Equal(
            [
                "TENDER_PROJECT_CODE", "TENDER_PROJECT_NAME", "TENDER_PROJECT_TYPE", "REGION_CODE", "TENDERER_NAME", "TENDERER_CODE",
                "TENDER_AGENCY_NAME", "TENDER_AGENCY_CODE", "SUPERVISE_DEPT_NAME", "TENDER_MODE", "CREATE_TIME",
            ],
            market.Projects.Header);
        Assert.Equal(
            ["TENDER_PROJECT_CODE", "BID_SECTION_CODE", "BID_SECTION_NAME", "CONTRACT_RECKON_PRICE", "CONTROL_PRICE", "NOTICE_SEND_TIME", "BID_OPEN_TIME"],
            market.Sections.Header);
        Assert.Equal(21, market.Bids.Header.Length);
        Assert.Equal(
            ["TENDER_PROJECT_CODE", "BID_SECTION_CODE", "WIN_BIDDER_NAME", "WIN_BIDDER_CODE", "BID_AMOUNT", "WIN_DISCOUNT_RATE", "NOTICE_SEND_TIME"],
            market.Awards.Header);
        Assert.Equal(["section", "tender", "ring", "collusive", "mechanisms"], market.Truth.Header);
        Assert.Equal(["ring", "members"], market.Rings.Header);
    }

    [Fact]
    public void Write_Counts_MatchTheRequestAndARealisticMarket()
    {
        Assert.Equal(DemoMarketFixture.Tenders, market.Sections.Rows.Count);
        Assert.Equal(DemoMarketFixture.Tenders, market.Awards.Rows.Count);
        Assert.Equal(market.Summary.Bids, market.Bids.Rows.Count);
        Assert.All(market.BidsBySection.Values, bids => Assert.InRange(bids.Count, 3, 15));
        var share = (double)market.Truth.Rows.Count / market.Sections.Rows.Count;
        Assert.InRange(share, 0.05, 0.10);
        Assert.All(market.Projects.Rows, p => Assert.Contains(p[TradingFields.RegionCode], new[] { "460105", "460106", "460107", "460108" }));
        Assert.All(market.Projects.Rows, p => Assert.Contains(p[TradingFields.ProjectType], new[] { "施工", "监理", "勘察设计", "货物", "服务" }));
        Assert.All(market.Bids.Rows, b => Assert.Contains(b[TradingFields.BidStatus], new[] { "有效", "无效", "撤回" }));
        var sectionCodes = market.Sections.Rows.Select(s => s[TradingFields.SectionCode]).ToList();
        Assert.Equal(sectionCodes.Count, sectionCodes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(market.Sections.Rows, s => Assert.StartsWith(s[TradingFields.ProjectCode] + "-", s[TradingFields.SectionCode], StringComparison.Ordinal));
    }

    [Fact]
    public void Write_CreditCodes_ValidExceptThePlantedShare()
    {
        var demo = new DemoMarket(DemoMarketFixture.Tenders, DemoMarketFixture.Seed);
        Assert.All(demo.Firms, f => Assert.Equal(f.CodeValid, UnifiedSocialCreditCode.IsValid(f.Code.Value)));
        Assert.All(demo.Tenderers.Concat(demo.Agencies), b => Assert.True(UnifiedSocialCreditCode.IsValid(b.Code.Value), b.Code.Value));
        var invalid = demo.Firms.Count(f => !f.CodeValid);
        Assert.InRange(invalid, 1, demo.Firms.Count / 50);

        var bidderCodes = market.Bids.Rows.Select(b => b[TradingFields.BidderOrgCode]).Distinct(StringComparer.Ordinal).ToList();
        var planted = demo.Firms.Where(f => !f.CodeValid).Select(f => f.Code.Value).ToHashSet(StringComparer.Ordinal);
        Assert.All(bidderCodes, c => Assert.Equal(!planted.Contains(c), UnifiedSocialCreditCode.IsValid(c)));
        Assert.Equal(bidderCodes.Count, market.Bids.Rows.Select(b => b[TradingFields.BidderName]).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("91350100M000100Y43", true)]
    [InlineData("91350100M000100Y42", false)]
    [InlineData("91350100M000100Y4", false)]
    [InlineData("91350100M000100I43", false)]
    public void CreditCode_IsValid_ChecksTheCheckCharacter(string code, bool expected) =>
        Assert.Equal(expected, UnifiedSocialCreditCode.IsValid(code));

    [Fact]
    public void CreditCode_Corrupt_IsAlwaysInvalid()
    {
        var code = DemoCreditCode.Create("91", "460100", "12345678");
        Assert.True(UnifiedSocialCreditCode.IsValid(code));
        for (var shift = 0; shift < 30; shift++)
        {
            Assert.False(UnifiedSocialCreditCode.IsValid(DemoCreditCode.Corrupt(code, shift)));
        }
    }

    [Fact]
    public void Truth_Sections_ExistAndNameTheirProject()
    {
        var sections = market.Sections.Rows.ToDictionary(s => s[TradingFields.SectionCode], StringComparer.Ordinal);
        Assert.NotEmpty(market.Truth.Rows);
        foreach (var t in market.Truth.Rows)
        {
            Assert.True(sections.TryGetValue(t["tender"], out var section), t["tender"]);
            Assert.Equal(section[TradingFields.ProjectCode] + "/" + section[TradingFields.SectionCode], t["section"]);
            Assert.Equal("1", t["collusive"]);
            Assert.True(market.RingMembers.ContainsKey(t["ring"]));
            Assert.Contains("cover_bidding", t["mechanisms"].Split('|'));
        }
    }

    [Fact]
    public void Truth_Mechanisms_AreVaried()
    {
        var mechanisms = market.Truth.Rows.SelectMany(t => t["mechanisms"].Split('|')).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string> { "shared_ip", "shared_mac", "price_steps", "identical_price", "rotation", "cover_bidding" }, mechanisms);
        var withFingerprint = market.Truth.Rows.Count(t => t["mechanisms"].Split('|').Any(ColumnsOfMechanism.ContainsKey));
        Assert.InRange(withFingerprint, 1, market.Truth.Rows.Count - 1);
    }

    [Fact]
    public void Collusive_Sections_ShowTheirPlantedMechanisms()
    {
        foreach (var t in market.Truth.Rows)
        {
            var members = market.RingMembers[t["ring"]];
            var bids = market.BidsBySection[t["tender"]];
            var ring = bids.Where(b => members.Contains(b[TradingFields.BidderOrgCode])).ToList();
            Assert.True(ring.Count >= 3, t["tender"]);
            var mechanisms = t["mechanisms"].Split('|');
            foreach (var mechanism in mechanisms)
            {
                if (ColumnsOfMechanism.TryGetValue(mechanism, out var columns))
                {
                    foreach (var column in columns)
                    {
                        Assert.True(
                            ring.GroupBy(b => b[column], StringComparer.Ordinal).Any(g => g.Count() >= 2),
                            $"{t["tender"]}: {mechanism} not visible in {column}");
                    }
                }
            }

            var prices = ring.Select(b => decimal.Parse(b[TradingFields.BidPrice], CultureInfo.InvariantCulture)).Order().ToList();
            var award = market.Awards.Rows.Single(a => a[TradingFields.SectionCode] == t["tender"]);
            Assert.Contains(award[TradingFields.WinBidderCode], members);
            var winning = decimal.Parse(award[TradingFields.BidAmount], CultureInfo.InvariantCulture);
            Assert.Equal(prices[0], winning);
            Assert.All(prices.Skip(1), p => Assert.True(p > winning, $"{t["tender"]}: cover {p} not above {winning}"));
            if (mechanisms.Contains("identical_price"))
            {
                Assert.True(prices.Skip(1).GroupBy(p => p).Any(g => g.Count() >= 2), t["tender"]);
            }

            if (mechanisms.Contains("price_steps"))
            {
                var differences = prices.Zip(prices.Skip(1), (a, b) => b - a).ToList();
                var ratios = prices.Zip(prices.Skip(1), (a, b) => (double)(b / a)).ToList();
                var arithmetic = differences.All(d => d == differences[0]);
                var geometric = ratios.All(r => Math.Abs(r - ratios[0]) < 2e-5);
                Assert.True(arithmetic || geometric, $"{t["tender"]}: no regular steps in {string.Join(' ', prices)}");
            }
        }
    }

    [Fact]
    public void Competitive_Sections_ShareNoFingerprintAcrossFirms()
    {
        foreach (var (section, bids) in market.BidsBySection)
        {
            if (market.TruthBySection.ContainsKey(section))
            {
                continue;
            }

            foreach (var column in FingerprintColumns)
            {
                var values = bids.Select(b => b[column]).Where(v => v.Length > 0).ToList();
                Assert.True(values.Count == values.Distinct(StringComparer.Ordinal).Count(), $"{section}: shared {column}");
            }
        }
    }

    [Fact]
    public void Firms_FingerprintValues_BelongToOneFirmOutsideCollusion()
    {
        var owners = new Dictionary<(string, string), string>();
        foreach (var b in market.Bids.Rows.Where(b => !market.TruthBySection.ContainsKey(b[TradingFields.SectionCode])))
        {
            foreach (var column in FingerprintColumns.Where(c => c is not TradingFields.FileCreationCode and not TradingFields.DocHash))
            {
                var value = b[column];
                if (value.Length == 0)
                {
                    continue;
                }

                if (owners.TryGetValue((column, value), out var owner))
                {
                    Assert.Equal(owner, b[TradingFields.BidderOrgCode]);
                }
                else
                {
                    owners[(column, value)] = b[TradingFields.BidderOrgCode];
                }
            }
        }
    }

    [Fact]
    public void Generate_InMemory_IsTheSameMarketAsTheFiles()
    {
        var projects = DemoMarket.Generate(DemoMarketFixture.Tenders, DemoMarketFixture.Seed).ToList();
        Assert.Equal(market.Projects.Rows.Count, projects.Count);
        var bidRows = market.Bids.Rows.GetEnumerator();
        var sectionRows = market.Sections.Rows.GetEnumerator();
        for (var i = 0; i < projects.Count; i++)
        {
            var p = projects[i];
            var row = market.Projects.Rows[i];
            Assert.Equal(row[TradingFields.ProjectCode], p.Code);
            Assert.Equal(row[TradingFields.ProjectName], p.Name);
            Assert.Equal(row[TradingFields.ProjectType], p.CategoryDetail);
            Assert.Equal(row[TradingFields.ProjectType] is "货物" or "服务" ? TradingCategory.GovernmentProcurement : TradingCategory.Construction, p.Category);
            Assert.Equal(row[TradingFields.TendererCode], p.Tenderer!.CreditCode);
            Assert.Equal(row[TradingFields.SuperviseDeptName], p.SupervisingDepartment);
            Assert.Equal(row[TradingFields.CreateTime], Time(p.PublishedAt));
            foreach (var s in p.Sections)
            {
                Assert.True(sectionRows.MoveNext());
                Assert.Equal(sectionRows.Current[TradingFields.SectionCode], s.Code);
                Assert.Equal(sectionRows.Current[TradingFields.SectionName], s.Name);
                Assert.Equal(sectionRows.Current[TradingFields.ControlPrice], Money(s.ControlPrice));
                Assert.Equal(sectionRows.Current[TradingFields.BidOpenTime], Time(s.BidOpenAt));
                foreach (var b in s.Bids)
                {
                    Assert.True(bidRows.MoveNext());
                    var r = bidRows.Current;
                    Assert.Equal(r[TradingFields.SectionCode], s.Code);
                    Assert.Equal(r[TradingFields.BidderOrgCode], b.Bidder.CreditCode);
                    Assert.Equal(r[TradingFields.BidPrice], Money(b.Price));
                    Assert.Equal(r[TradingFields.CheckinTime], Time(b.SubmittedAt));
                    Assert.Equal(r[TradingFields.BidStatus], b.Status switch { BidStatus.Valid => "有效", BidStatus.Disqualified => "无效", _ => "撤回" });
                    Assert.Equal(r[TradingFields.UploadIp], b.UploadIp);
                    Assert.Equal(r[TradingFields.MacAddress], b.Mac);
                    Assert.Equal(r[TradingFields.FileMachineCode], b.FileMachineCode);
                    Assert.Equal(r[TradingFields.FileCreationCode], b.FileCreationCode);
                    Assert.Equal(r[TradingFields.DepositAccount], b.DepositAccount);
                    Assert.Equal(r[TradingFields.BidManager], b.ProjectManager);
                    Assert.Equal(r[TradingFields.PmCertificates], b.PmCertificate ?? "");
                    Assert.Equal(r[TradingFields.LegalRepresent], b.LegalRepresentative);
                    Assert.Equal(r[TradingFields.DocHash], b.DocHash);
                }
            }
        }

        Assert.False(bidRows.MoveNext());
        var truth = DemoMarket.Truth(DemoMarketFixture.Tenders, DemoMarketFixture.Seed).ToList();
        Assert.Equal(market.Truth.Rows.Select(t => (t["tender"], t["ring"], t["mechanisms"])), truth.Select(t => (t.SectionCode, t.Ring, t.Mechanisms)));
        var rings = DemoMarket.RingsOf(DemoMarketFixture.Tenders, DemoMarketFixture.Seed);
        Assert.Equal(market.Rings.Rows.Select(r => r["members"]), rings.Select(r => string.Join('|', r.MemberCodes)));
    }

    [Fact]
    public void DetMath_ExpAndLog_AgreeWithTheRuntime()
    {
        foreach (var x in new[] { 1e-300, 1e-12, 0.001, 0.5, 0.999, 1.0, 1.5, 2.0, 10.0, 12345.678, 6e6, 1e300 })
        {
            Assert.Equal(Math.Log(x), DetMath.Log(x), Math.Abs(Math.Log(x)) * 1e-14 + 1e-15);
        }

        foreach (var x in new[] { -700.0, -20.0, -1.0, -1e-9, 0.0, 0.3, 1.0, 5.5, 15.7, 300.0, 700.0 })
        {
            Assert.Equal(1.0, DetMath.Exp(x) / Math.Exp(x), 1e-14);
        }
    }

    private static string Money(decimal? value) => value!.Value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset? value) => value!.Value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}

/// <summary>A minimal RFC 4180 reader for the tests (quoted fields, doubled quotes, CRLF).</summary>
public sealed class Csv
{
    private Csv(string[] header, List<Dictionary<string, string>> rows)
    {
        Header = header;
        Rows = rows;
    }

    public string[] Header { get; }
    public List<Dictionary<string, string>> Rows { get; }

    public static Csv Read(string path)
    {
        var text = File.ReadAllText(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        var records = Parse(text);
        var header = records[0];
        var rows = records.Skip(1)
            .Select(r =>
            {
                Assert.Equal(header.Length, r.Length);
                return header.Zip(r).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
            })
            .ToList();
        return new Csv(header, rows);
    }

    private static List<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else
            {
                Assert.False(c is '\r' or '\n', "bare line break outside quotes");
                field.Append(c);
            }
        }

        Assert.True(fields.Count == 0 && field.Length == 0, "the last record must end in CRLF");
        return records;
    }
}
