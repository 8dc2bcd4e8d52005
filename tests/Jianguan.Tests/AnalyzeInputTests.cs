using System.Text;
using Jianguan.Commands;
using Jianguan.Features.Warnings;
using Jianguan.Features.Trading.Import;
using Jianguan.Tests.Import;
using MiniExcelLibs;

namespace Jianguan.Tests;

/// <summary><c>analyze</c> over what <c>import</c> reads: OCDS, XLSX, importer CSVs, mixed with the fast CSV path.</summary>
public sealed class AnalyzeInputTests : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(false);
    private readonly string _dir = Directory.CreateTempSubdirectory("jianguan-analyze-input-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// One tender, two lots, six bids (bids extension): in each lot two bidders quote the same (non-round) price;
    /// the award of lot L1 goes to 甲公司.
    /// </summary>
    private const string ReleasePackage = """
        {
          "uri": "https://example.org/p.json", "publishedDate": "2024-03-05T00:00:00Z", "version": "1.1",
          "releases": [{
            "ocid": "ocds-test-1", "id": "r1", "date": "2024-03-05T00:00:00Z", "tag": ["tender", "award"], "initiationType": "tender",
            "parties": [
              {"id": "B", "name": "某市交通局", "roles": ["buyer"]},
              {"id": "T1", "name": "甲公司", "roles": ["tenderer"]},
              {"id": "T2", "name": "乙公司", "roles": ["tenderer"]},
              {"id": "T3", "name": "丙公司", "roles": ["tenderer"]}
            ],
            "buyer": {"id": "B", "name": "某市交通局"},
            "tender": {
              "id": "t1", "title": "道路工程", "mainProcurementCategory": "works", "procurementMethod": "open",
              "value": {"amount": 1500000, "currency": "CNY"},
              "tenderPeriod": {"startDate": "2024-02-01T00:00:00Z", "endDate": "2024-03-01T02:00:00Z"},
              "lots": [
                {"id": "L1", "value": {"amount": 1000000, "currency": "CNY"}},
                {"id": "L2", "value": {"amount": 500000, "currency": "CNY"}}
              ]
            },
            "bids": {"details": [
              {"id": "b1", "status": "valid", "value": {"amount": 951234.56, "currency": "CNY"}, "tenderers": [{"id": "T1", "name": "甲公司"}], "relatedLots": ["L1"]},
              {"id": "b2", "status": "valid", "value": {"amount": 951234.56, "currency": "CNY"}, "tenderers": [{"id": "T2", "name": "乙公司"}], "relatedLots": ["L1"]},
              {"id": "b3", "status": "valid", "value": {"amount": 973456.78, "currency": "CNY"}, "tenderers": [{"id": "T3", "name": "丙公司"}], "relatedLots": ["L1"]},
              {"id": "b4", "status": "valid", "value": {"amount": 481357.91, "currency": "CNY"}, "tenderers": [{"id": "T1", "name": "甲公司"}], "relatedLots": ["L2"]},
              {"id": "b5", "status": "valid", "value": {"amount": 481357.91, "currency": "CNY"}, "tenderers": [{"id": "T2", "name": "乙公司"}], "relatedLots": ["L2"]},
              {"id": "b6", "status": "disqualified", "value": {"amount": 492468.13, "currency": "CNY"}, "tenderers": [{"id": "T3", "name": "丙公司"}], "relatedLots": ["L2"]}
            ]},
            "awards": [{"id": "a1", "status": "active", "suppliers": [{"id": "T1", "name": "甲公司"}], "relatedLots": ["L1"], "value": {"amount": 951234.56, "currency": "CNY"}}]
          }]
        }
        """;

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, Utf8);
        return path;
    }

    private static BidTableView Load(params string[] inputs) => LoadWithMapping(null, inputs);

    private static BidTableView LoadWithMapping(string? mapping, params string[] inputs)
    {
        var report = new AnalyzeInputReport();
        var table = AnalyzeInput.Load(inputs, mapping, report);
        return new BidTableView(table, report);
    }

    private sealed record BidTableView(Analytics.Data.BidTable Table, AnalyzeInputReport Report)
    {
        public int Section(string id) => Array.IndexOf(Table.SectionIds, id);

        public IEnumerable<int> Bids(string section)
        {
            var s = Section(section);
            Assert.True(s >= 0, $"section {section} missing; have {string.Join(", ", Table.SectionIds)}");
            return Enumerable.Range(Table.SectionStart[s], Table.SectionStart[s + 1] - Table.SectionStart[s]);
        }

        public string BidderOf(int bid) => Table.BidderNames[Table.Bidder[bid]];
    }

    [Fact]
    public void Load_OcdsReleasePackage_SectionsBidsWinnerAndStatus()
    {
        var v = Load(Write("package.json", ReleasePackage));

        Assert.Empty(v.Report.Errors);
        Assert.Equal(0, v.Report.Rejected);
        Assert.Equal((2, 6), (v.Table.SectionCount, v.Table.BidCount));
        Assert.Equal((1, 2, 6), (v.Report.ImportedFiles, v.Report.ImportedSections, v.Report.ImportedBids));
        var l1 = v.Section("ocds-test-1/L1");
        Assert.Equal(1000000, v.Table.ControlPrice[l1]);
        Assert.Equal("works", v.Table.Categories[v.Table.Category[l1]]);
        Assert.Equal(["甲公司"], v.Bids("ocds-test-1/L1").Where(i => v.Table.Won[i]).Select(v.BidderOf));
        Assert.DoesNotContain(v.Bids("ocds-test-1/L2"), i => v.Table.Won[i]);
        Assert.Equal(Analytics.Data.BidStatus.Disqualified, v.Table.Status[v.Bids("ocds-test-1/L2").Single(i => v.BidderOf(i) == "丙公司")]);
        Assert.True(v.Table.HasBidders && v.Table.HasWinners && v.Table.HasStatus);
    }

    [Fact]
    public async Task Analyze_OcdsReleasePackage_WritesIdenticalPriceAlertsAndExitsZero()
    {
        var input = Write("package.json", ReleasePackage);
        var output = Path.Combine(_dir, "out");

        Assert.Equal(Cli.Ok, await Cli.RunAsync(["analyze", "--input", input, "--output", output, "--no-model"]));

        var sections = await File.ReadAllLinesAsync(Path.Combine(output, "sections.csv"));
        Assert.Contains(sections, l => l.StartsWith("ocds-test-1/L1,", StringComparison.Ordinal) && l.Contains("a40.4.identical_price", StringComparison.Ordinal));
        Assert.Contains(sections, l => l.StartsWith("ocds-test-1/L2,", StringComparison.Ordinal) && l.Contains("a40.4.identical_price", StringComparison.Ordinal));
        var alerts = await File.ReadAllLinesAsync(Path.Combine(output, "alerts.jsonl"));
        Assert.Contains(alerts, a => a.Contains("\"rule\":\"a40.4.identical_price\"", StringComparison.Ordinal)
            && a.Contains("\"tender\":\"ocds-test-1/L1\"", StringComparison.Ordinal) && a.Contains("甲公司", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Analyze_Xlsx_ReadThroughImporterWithSharedIp()
    {
        var path = Path.Combine(_dir, "bids.xlsx");
        var rows = new List<Dictionary<string, object?>>
        {
            new() { ["项目编号"] = "X1", ["标段编号"] = "X1-01", ["投标人名称"] = "甲公司", ["投标报价"] = 100000.0, ["上传IP"] = "10.1.1.1" },
            new() { ["项目编号"] = "X1", ["标段编号"] = "X1-01", ["投标人名称"] = "乙公司", ["投标报价"] = 104000.0, ["上传IP"] = "10.1.1.1" },
            new() { ["项目编号"] = "X1", ["标段编号"] = "X1-01", ["投标人名称"] = "丙公司", ["投标报价"] = 109000.0, ["上传IP"] = "10.2.2.2" },
        };
        MiniExcel.SaveAs(path, rows);

        var v = Load(path);
        Assert.Empty(v.Report.Errors);
        Assert.Equal(["X1-01"], v.Table.SectionIds);
        Assert.Equal(3, v.Table.BidCount);

        var output = Path.Combine(_dir, "out");
        Assert.Equal(Cli.Ok, await Cli.RunAsync(["analyze", "--input", path, "--output", output, "--no-model"]));
        var alerts = await File.ReadAllTextAsync(Path.Combine(output, "alerts.jsonl"));
        Assert.Contains("a40.2.upload_ip", alerts, StringComparison.Ordinal);
        Assert.Contains("10.1.1.1", alerts, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NationalSpecChineseCsv_ReadThroughImporterWithUnits()
    {
        // Government procurement names the fast loader does not know, and amounts in 万元.
        var path = Write("采购.csv",
            "采购项目编号,采购项目子包编号,供应商名称,供应商代码,投标总报价(万元),最高限价(万元),投标IP\n"
            + "CG2024-7,1,甲公司,914403001922038216,95.123456,100,10.0.0.9\n"
            + "CG2024-7,1,乙公司,,95.123456,100,10.0.0.9\n"
            + "CG2024-7,1,丙公司,,97.5,100,10.0.0.8\n");

        var v = Load(path);

        Assert.Empty(v.Report.Errors);
        Assert.Equal(["CG2024-7/1"], v.Table.SectionIds);
        Assert.Equal(3, v.Table.BidCount);
        Assert.Equal(951234.56, v.Table.Price[v.Bids("CG2024-7/1").Single(i => v.BidderOf(i) == "甲公司")], 6);
        Assert.Equal(1000000, v.Table.ControlPrice[0]);
        Assert.Equal("914403001922038216", v.Table.BidderCodes[v.Table.Bidder[v.Bids("CG2024-7/1").First(i => v.BidderOf(i) == "甲公司")]]);
        Assert.NotNull(v.Table.Fingerprints[(int)Analytics.Data.FingerprintKind.Ip]);
    }

    [Fact]
    public void Load_MixedMinimalCsvAndOcds_OneTable()
    {
        var csv = Write("bids.csv", "tender,bidder,bid,ip\nT1,甲公司,100000,1.1.1.1\nT1,丁公司,104000,1.1.1.1\n");
        var json = Write("package.json", ReleasePackage);
        var spec = Write("spec.csv", "采购项目编号,采购项目子包编号,供应商名称,投标总报价,投标IP\nCG1,1,戊公司,500000,10.0.0.9\nCG1,1,己公司,510000,10.0.0.9\n");

        var v = Load(csv, json, spec);

        Assert.Empty(v.Report.Errors);
        Assert.Equal(4, v.Table.SectionCount);
        Assert.Equal(10, v.Table.BidCount);
        Assert.Equal(2, v.Report.ImportedFiles);
        // One bidder across both paths: interned by name.
        Assert.Equal(6, v.Table.BidderCount);
        Assert.Equal(["甲公司", "丁公司"], v.Bids("T1").Select(v.BidderOf));
        // Evidence text: read back from the CSV for the fast path, kept for the importer's bids.
        Assert.Equal("10.0.0.9", v.Table.RawValue(v.Bids("CG1/1").First(), Analytics.Data.FingerprintKind.Ip));
        var ocdsBid = v.Bids("ocds-test-1/L1").First();
        Assert.Null(v.Table.RawValue(ocdsBid, Analytics.Data.FingerprintKind.Ip));
        Assert.Equal("1.1.1.1", v.Table.RawValue(v.Bids("T1").First(), Analytics.Data.FingerprintKind.Ip));
    }

    [Fact]
    public async Task Analyze_DirectoryWithCsvAndJson_ReadsBothAndSkipsKeyOnlyCsv()
    {
        var dir = Path.Combine(_dir, "in");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "bids.csv"), "tender,bidder,bid\nT1,甲,100000\nT1,乙,100000\n", Utf8);
        await File.WriteAllTextAsync(Path.Combine(dir, "package.json"), ReleasePackage, Utf8);
        await File.WriteAllTextAsync(Path.Combine(dir, "truth.csv"), "section,tender,ring\nT1,T1,R1\n", Utf8);
        await File.WriteAllTextAsync(Path.Combine(dir, "notes.txt"), "not read", Utf8);

        var v = Load(dir);
        Assert.Empty(v.Report.Errors);
        Assert.Equal(3, v.Table.SectionCount);
        Assert.Contains(v.Report.Notes, n => n.Contains("truth.csv", StringComparison.Ordinal));

        Assert.Equal(Cli.Ok, await Cli.RunAsync(["analyze", "--input", dir, "--output", Path.Combine(_dir, "out"), "--no-model"]));
    }

    [Fact]
    public async Task Analyze_BadRows_SkippedNamedWithFileLineFieldAndExitsOne()
    {
        var csv = Write("bad.csv",
            "采购项目编号,采购项目子包编号,供应商名称,投标总报价\nP1,1,甲公司,100000\nP1,1,乙公司,abc\nP1,1,丙公司,120000\n");
        var json = Write("package.json", ReleasePackage.Replace(
            "\"tenderers\": [{\"id\": \"T3\", \"name\": \"丙公司\"}], \"relatedLots\": [\"L1\"]",
            "\"tenderers\": [], \"relatedLots\": [\"L1\"]", StringComparison.Ordinal));

        var v = Load(csv, json);

        Assert.Equal(2, v.Report.Rejected);
        Assert.Contains(v.Report.Errors, e => e.StartsWith(csv + " 第 3 行 / line 3, 投标总报价: ", StringComparison.Ordinal));
        Assert.Contains(v.Report.Errors, e => e.StartsWith(json + " 第 1 行 / line 1, bids.details[2].tenderers: ", StringComparison.Ordinal));
        Assert.Equal(2, v.Bids("P1/1").Count());
        Assert.Equal(5, v.Bids("ocds-test-1/L1").Count() + v.Bids("ocds-test-1/L2").Count());

        var output = Path.Combine(_dir, "out");
        Assert.Equal(Cli.Rejected, await Cli.RunAsync(["analyze", "--input", csv, json, "--output", output, "--no-model"]));
        Assert.True(File.Exists(Path.Combine(output, "sections.csv")));
    }

    [Fact]
    public async Task Analyze_OcdsWithoutBids_NoBidDataExitsOne()
    {
        var json = Write("nobids.json", ReleasePackage[..ReleasePackage.IndexOf("\"bids\"", StringComparison.Ordinal)]
            + "\"awards\": []}]}");
        var v = Load(json);
        Assert.False(v.Report.HasBids);

        Assert.Equal(Cli.Rejected, await Cli.RunAsync(["analyze", "--input", json, "--output", Path.Combine(_dir, "out")]));
        Assert.False(File.Exists(Path.Combine(_dir, "out", "sections.csv")));
    }

    [Fact]
    public void Load_MappingFile_EveryCsvThroughImporter()
    {
        var csv = Write("bids.csv", "tender,bidder,bid\nT1,甲,100000\nT1,乙,100000\n");
        var mapping = Write("mapping.json", """{"columns": {"tender": "TENDER_PROJECT_CODE", "bidder": "BIDDER_NAME", "bid": "BID_PRICE"}}""");

        var v = LoadWithMapping(mapping, csv);

        Assert.Empty(v.Report.Errors);
        Assert.Equal(1, v.Report.ImportedFiles);
        // The importer's single section of a project without section codes.
        Assert.Equal(2, v.Table.BidCount);
        Assert.Equal(1, v.Table.SectionCount);
    }

    /// <summary>The same files through <c>import</c> and the engine's database loader, and through <c>analyze</c>.</summary>
    [Trait("Category", "Database")]
    [SharedDataFact]
    public async Task Load_ArmeniaReleasesFull_SameSectionsAndBidsAsImported()
    {
        var folder = SharedData.Path("ocds", "samples", "armenia", "sample", "releases_full");
        var files = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ToArray();

        await using var t = await ImportTestDb.CreateAsync();
        var summary = await t.ImportAsync(new ImportOptions(Partial: true), files);
        var market = (await MarketTableLoader.LoadAsync(t.Db, null)).Table;

        var v = Load(folder);

        Assert.Equal(files.Length, v.Report.ImportedFiles);
        Assert.Equal(summary.Rejected, v.Report.Rejected);
        // Armenian bids are in dram: both paths leave them out of the engine's table (never mixed with yuan), and
        // the import still stores them.
        Assert.True(await t.Db.Bids.AnyAsync());
        Assert.Equal(market.SectionCount, v.Table.SectionCount);
        Assert.Equal(market.BidCount, v.Table.BidCount);
        Assert.Equal(market.Won.Take(market.BidCount).Count(w => w), v.Table.Won.Take(v.Table.BidCount).Count(w => w));
        Assert.Equal(market.Status.Take(market.BidCount).Count(s => s != Analytics.Data.BidStatus.Valid),
            v.Table.Status.Take(v.Table.BidCount).Count(s => s != Analytics.Data.BidStatus.Valid));
        Assert.Equal(Math.Round(market.Price.Take(market.BidCount).Sum(), 2), Math.Round(v.Table.Price.Take(v.Table.BidCount).Sum(), 2));
    }
}
