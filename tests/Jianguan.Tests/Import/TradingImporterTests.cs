using System.Text;
using Jianguan.Analytics.Data;
using Jianguan.Features.Trading;
using Jianguan.Features.Trading.Import;
using Jianguan.Platform.Tabular;
using MiniExcelLibs;

namespace Jianguan.Tests.Import;

[Trait("Category", "Database")]
public class TradingImporterTests
{
    private const string Huawei = "914403001922038216";
    private const string Alibaba = "91330100716105852F";
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private const string BidsHeader =
        "TENDER_PROJECT_CODE,BID_SECTION_CODE,BIDDER_NAME,BIDDER_ORG_CODE,BID_PRICE,CHECKIN_TIME,BID_STATUS,UPLOAD_IP,MAC_ADDRESS\n";

    private static string Bids(params string[] rows) => BidsHeader + string.Join("\n", rows) + "\n";

    [Fact]
    public async Task ImportAsync_BidFileInTradingFields_WritesTree()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var path = t.File("bids.csv", Bids(
            $"P1,S1,华为技术有限公司,{Huawei},\"1,234,567.50\",2023/8/30 09:15,有效,10.0.0.1,00-1B-44-11-3A-B7",
            $"P1,S1,阿里巴巴（中国）有限公司,{Alibaba},1200000,2023-08-30 09:20,废标,10.0.0.1,00-1B-44-11-3A-B7",
            "P1,S2,杭州某建设有限公司,,980000,,,,"));

        var summary = await t.ImportAsync(path);

        Assert.Empty(summary.Errors);
        Assert.Equal((1, 1, 2, 3, 3, 0), (summary.Files, summary.Projects, summary.Sections, summary.Bids, summary.Entities, summary.Rejected));
        var bid = await t.Db.Bids.Include(b => b.Bidder).Include(b => b.Section).SingleAsync(b => b.Bidder!.CreditCode == Huawei);
        Assert.Equal(1234567.50m, bid.Price);
        Assert.Equal(new DateTimeOffset(2023, 8, 30, 9, 15, 0, China), bid.SubmittedAt);
        Assert.Equal(BidStatus.Valid, bid.Status);
        Assert.Equal("10.0.0.1", bid.UploadIp);
        Assert.Equal("S1", bid.Section!.Code);
        Assert.Equal(Huawei, bid.Bidder!.Key);
        Assert.True(bid.Bidder.CreditCodeValid);
        Assert.Equal(BidStatus.Disqualified, (await t.Db.Bids.SingleAsync(b => b.Bidder!.CreditCode == Alibaba)).Status);
        var noCode = await t.Db.MarketEntities.SingleAsync(e => e.CreditCode == null);
        Assert.Equal("name:杭州某建设有限公司", noCode.Key);
        var batch = await t.Db.ImportBatches.SingleAsync();
        Assert.Equal(("bids.csv", "CSV", 3, 0), (batch.FileName, batch.Format, batch.Bids, batch.Rejected));
        Assert.Equal(64, batch.Sha256.Length);
    }

    [Fact]
    public async Task ImportAsync_BadPrice_WholeFileRejectedWithLineAndField()
    {
        await using var t = await ImportTestDb.CreateAsync();
        await t.ImportAsync(t.File("first.csv", Bids("P0,S0,先导公司,,100,,,,")));
        var before = await t.CountsAsync();
        var path = t.File("bad.csv", Bids(
            "P1,S1,甲公司,,100,,,,",
            "P1,S1,乙公司,,abc,,,,",
            "P1,S1,丙公司,,300,,,,"));

        var summary = await t.ImportAsync(path);

        Assert.Equal(before, await t.CountsAsync());
        Assert.Equal(0, summary.Files);
        Assert.Equal(1, summary.Rejected);
        var error = summary.Errors[0];
        Assert.Equal(("bad.csv", 3L, "BID_PRICE"), (error.File, error.Line, error.Field));
        Assert.Equal("投标报价不是数字 / bid price is not a number: 'abc'", error.Reason);
        Assert.Contains(summary.Errors, e => e.Reason.Contains("--partial", StringComparison.Ordinal));
        Assert.Equal(1, (await t.Db.ImportBatches.SingleAsync(b => b.FileName == "bad.csv")).Rejected);
    }

    [Fact]
    public async Task ImportAsync_Partial_GoodRowsLandBadRowsReported()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var path = t.File("mixed.csv", Bids(
            "P1,S1,甲公司,,100,,,,",
            "P1,S1,乙公司,,abc,2023-13-45,,,",
            ",S1,丙公司,,300,,,,",
            "P1,S1,丁公司,,400,,,,"));

        var summary = await t.ImportAsync(new ImportOptions(Partial: true), path);

        Assert.Equal((1, 2, 2), (summary.Files, summary.Bids, summary.Rejected));
        Assert.Equal(2, await t.Db.Bids.CountAsync());
        Assert.Contains(summary.Errors, e => e.Line == 3 && e.Field == "CHECKIN_TIME");
        Assert.Contains(summary.Errors, e => e.Line == 4 && e.Field == "TENDER_PROJECT_CODE" && e.Reason.StartsWith("缺少项目编号", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ImportAsync_SameFileTwice_NothingChanges()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var path = t.File("bids.csv", Bids(
            $"P1,S1,华为技术有限公司,{Huawei},100,2023/8/30 09:15,有效,,",
            "P1,S1,坏代码公司,91330100716105852E,200,,,,",
            "P2,S1,甲公司,,300,,,,"));

        var first = await t.ImportAsync(path);
        var counts = await t.CountsAsync();
        var second = await t.ImportAsync(path);

        Assert.Equal(counts, await t.CountsAsync());
        Assert.Equal((first.Files, first.Projects, first.Sections, first.Bids, first.Entities, first.Rejected),
            (second.Files, second.Projects, second.Sections, second.Bids, second.Entities, second.Rejected));
        Assert.Equal((1, 2, 2, 3, 3, 0), (second.Files, second.Projects, second.Sections, second.Bids, second.Entities, second.Rejected));
        Assert.Equal(2, await t.Db.ImportBatches.CountAsync());
    }

    [Fact]
    public async Task ImportAsync_NullInLaterFile_DoesNotEraseStoredValue()
    {
        await using var t = await ImportTestDb.CreateAsync();
        await t.ImportAsync(t.File("sections.csv",
            "TENDER_PROJECT_CODE,TENDER_PROJECT_NAME,BID_SECTION_CODE,CONTROL_PRICE,BID_OPEN_TIME\nP1,老城改造,S1,5000000,2023-08-30 09:30\n"));
        await t.ImportAsync(t.File("later.csv",
            "TENDER_PROJECT_CODE,TENDER_PROJECT_NAME,BID_SECTION_CODE,CONTROL_PRICE,WIN_BIDDER_NAME,BID_AMOUNT\nP1,,S1,,甲公司,4500000\n"));

        var section = await t.Db.Sections.Include(s => s.Project).Include(s => s.Winner).SingleAsync();
        Assert.Equal("老城改造", section.Project!.Name);
        Assert.Equal(5_000_000m, section.ControlPrice);
        Assert.Equal(new DateTimeOffset(2023, 8, 30, 9, 30, 0, China), section.BidOpenAt);
        Assert.Equal("甲公司", section.Winner!.Name);
        Assert.Equal(4_500_000m, section.AwardAmount);
    }

    [Fact]
    public async Task ImportAsync_InvalidCreditCode_KeptAndFlagged()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var summary = await t.ImportAsync(t.File("bids.csv", Bids("P1,S1,某某 建设　有限公司,91330100716105852E,100,,,,")));

        Assert.Equal(0, summary.Rejected);
        var entity = await t.Db.MarketEntities.SingleAsync();
        Assert.Equal("91330100716105852E", entity.CreditCode);
        Assert.False(entity.CreditCodeValid);
        Assert.Equal("name:某某 建设 有限公司", entity.Key);
        var issue = await t.Db.DataQualityIssues.SingleAsync();
        Assert.Equal(("entity", entity.Key, "CreditCode", "91330100716105852E"), (issue.Subject, issue.SubjectKey, issue.Field, issue.Value));
        Assert.Equal(t.Clock.GetUtcNow(), issue.DetectedAt);
    }

    [Fact]
    public async Task ImportAsync_PortalSummaryWithChineseHeaders_Mapped()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var path = t.File("portal.csv",
            "项目编号,项目名称,项目类型,工程分类,项目所在地,招标方式,招标控制价（万元）,中标金额,下浮率,投标单位数量,开标时间,中标单位,统一社会信用代码,网址,资质要求\n"
            + $"A001,某路改造,施工项目,市政公用,遂昌,公开招标,\"1,250.5\",\"11,000,000\",12.5%,18.0,2023年8月30日,华为技术有限公司,{Huawei},http://x/1,一级\n"
            + "A002,某局物业服务采购,政府采购,,丽水,竞争性磋商,-,无,,７,2023/8/30 14:00,,,http://x/2,\n");

        var summary = await t.ImportAsync(path);

        Assert.Empty(summary.Errors);
        var a1 = await t.Db.Sections.Include(s => s.Project).Include(s => s.Winner).SingleAsync(s => s.Code == "A001");
        Assert.Equal(("某路改造", TradingCategory.Construction, "施工项目/市政公用", "遂昌", "公开招标"),
            (a1.Project!.Name, a1.Project.Category, a1.Project.CategoryDetail, a1.Project.Region, a1.Project.TenderMode));
        Assert.Equal(12_505_000m, a1.ControlPrice);
        Assert.Equal(11_000_000m, a1.AwardAmount);
        Assert.Equal(12.5m, a1.AwardDiscountRate);
        Assert.Equal(18, a1.DeclaredBidderCount);
        Assert.Equal(Huawei, a1.Winner!.CreditCode);
        Assert.Equal("http://x/1", a1.Project.SourceUrl);
        var a2 = await t.Db.Sections.Include(s => s.Project).SingleAsync(s => s.Code == "A002");
        Assert.Equal(TradingCategory.GovernmentProcurement, a2.Project!.Category);
        Assert.Null(a2.ControlPrice);
        Assert.Null(a2.AwardAmount);
        Assert.Equal(7, a2.DeclaredBidderCount);
        Assert.Single(t.Warnings, w => w.Contains("资质要求", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ImportAsync_IdColumnWithoutCode_UsedAsProjectCode()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var summary = await t.ImportAsync(t.File("luan.csv", "id,关系id,项目名称,控制价\nX_001,R-1,某工程,1500000.0\n"));

        Assert.Empty(summary.Errors);
        Assert.Equal("R-1", (await t.Db.Projects.SingleAsync()).Code);
    }

    [Fact]
    public async Task ImportAsync_MinimalAnalysisLayout_TenderIsProjectAndSection()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var path = t.File("analysis.csv",
            "tender,bidder,bid,winner,date,estimate,status,ip,mac,cpu,disk,machine_code,file_code,dongle,deposit_account,pm_id,contact_phone,legal_rep,doc_hash\n"
            + "T9,甲公司,100,0,2023-08-30,120,valid,1.1.1.1,m1,c1,d1,mc1,fc1,dg1,acc1,pm1,138,张三,h1\n"
            + "T9,乙公司,95,1,2023-08-30,120,valid,1.1.1.1,m1,c2,d2,mc2,fc2,dg2,acc2,pm2,139,李四,h2\n");

        var summary = await t.ImportAsync(path);

        Assert.Empty(summary.Errors);
        var section = await t.Db.Sections.Include(s => s.Project).Include(s => s.Winner).SingleAsync();
        Assert.Equal(("T9", "T9", "乙公司", 120m), (section.Project!.Code, section.Code, section.Winner!.Name, section.EstimatedPrice));
        var bid = await t.Db.Bids.Include(b => b.Bidder).SingleAsync(b => b.Bidder!.Name == "甲公司");
        Assert.Equal(("m1", "mc1", "fc1", "dg1", "acc1", "pm1", "张三", "h1"),
            (bid.Mac, bid.FileMachineCode, bid.FileCreationCode, bid.DongleSerial, bid.DepositAccount, bid.PmCertificate, bid.LegalRepresentative, bid.DocHash));
        Assert.Equal("张三", bid.Bidder!.LegalRepresentative);
    }

    [Fact]
    public async Task ImportAsync_CandidateRows_RankedCandidates()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var summary = await t.ImportAsync(t.File("candidates.csv",
            "招标项目编号,标段（包）编号,中标候选人名称,中标候选人代码,中标候选人排名,投标价格,评分结果\n"
            + $"P1,S1,华为技术有限公司,{Huawei},1,100,95.5\nP1,S1,乙公司,,2,101,90\n"));

        Assert.Empty(summary.Errors);
        var ranked = await t.Db.Candidates.Include(c => c.Entity).OrderBy(c => c.Rank).ToListAsync();
        Assert.Equal(["华为技术有限公司", "乙公司"], ranked.Select(c => c.Entity!.Name));
        Assert.Equal(95.5m, ranked[0].Score);
        Assert.Equal(100m, ranked[0].Price);
    }

    [Fact]
    public async Task ImportAsync_MappingFile_MapsAnyLayout()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var mapping = t.File("mapping.json", """
            {
              "columns": { "标号": "TENDER_PROJECT_CODE", "单位": "BIDDER_NAME", "报价": "BID_PRICE", "备注": "" },
              "defaults": { "TENDER_PROJECT_TYPE": "政府采购", "REGION_CODE": "海口" },
              "scale": { "报价": 10000 }
            }
            """);
        var path = t.File("odd.csv", "标号,单位,报价,备注\nHK-1,甲公司,12.5,无\n");

        var summary = await t.ImportAsync(new ImportOptions(MappingFile: mapping), path);

        Assert.Empty(summary.Errors);
        Assert.Empty(t.Warnings);
        var bid = await t.Db.Bids.Include(b => b.Section!.Project).SingleAsync();
        Assert.Equal(125_000m, bid.Price);
        Assert.Equal((TradingCategory.GovernmentProcurement, "海口"), (bid.Section!.Project!.Category, bid.Section.Project.Region));
    }

    [Fact]
    public async Task ImportAsync_DocumentedChineseExample_Works()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var mapping = t.File("haikou-mapping.json", """
            {
              "columns": { "标号": "TENDER_PROJECT_CODE", "投标供应商全称": "BIDDER_NAME", "报价（万元）": "BID_PRICE",
                           "开标日期": "BID_OPEN_TIME", "备注": "" },
              "defaults": { "TENDER_PROJECT_TYPE": "政府采购", "REGION_CODE": "海口市" }
            }
            """);
        var path = t.File("投标明细.csv", "标号,投标供应商全称,报价（万元）,开标日期,备注\nHK-2026-01,海南某某科技有限公司,36.8,2026年3月2日 9时30分,\n");

        var summary = await t.ImportAsync(new ImportOptions(MappingFile: mapping), path);

        Assert.Empty(summary.Errors);
        var bid = await t.Db.Bids.Include(b => b.Section!.Project).SingleAsync();
        Assert.Equal(368_000m, bid.Price);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 30, 0, China), bid.Section!.BidOpenAt);
        Assert.Equal(("海口市", TradingCategory.GovernmentProcurement), (bid.Section.Project!.Region, bid.Section.Project.Category));
    }

    [Fact]
    public async Task ImportAsync_BadMappingFile_Throws()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var mapping = t.File("mapping.json", """{"columns": {"x": "NOT_A_FIELD"}}""");
        await Assert.ThrowsAsync<ImportMappingException>(() => t.ImportAsync(new ImportOptions(MappingFile: mapping), t.File("a.csv", "a\n1\n")));
    }

    [Fact]
    public async Task ImportAsync_Gb18030File_Detected()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var path = t.Bytes("gbk.csv", TextSniffer.Gb18030.GetBytes("项目编号,项目名称,控制价\nG1,龙泉市剑池片区老旧小区改造工程,1285300\n"));

        var summary = await t.ImportAsync(path);

        Assert.Empty(summary.Errors);
        Assert.Equal("龙泉市剑池片区老旧小区改造工程", (await t.Db.Projects.SingleAsync()).Name);
    }

    [Fact]
    public async Task ImportAsync_TabAndSemicolonFiles_Read()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var summary = await t.ImportAsync(
            t.File("tabs.tsv", "项目编号\t项目名称\nT1\t甲\n"),
            t.File("semi.csv", "项目编号;项目名称;中标金额\nT2;乙;1,5\n"));

        Assert.Equal(1, summary.Rejected); // "1,5" is not a number in this product: decimal commas are not accepted
        Assert.Equal("甲", (await t.Db.Projects.SingleAsync(p => p.Code == "T1")).Name);
    }

    [Fact]
    public async Task ImportAsync_Xlsx_ReadsTypedCellsBelowTitleRow()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var path = t.PathOf("openings.xlsx");
        var rows = new List<Dictionary<string, object?>>
        {
            new() { ["A"] = "2023年8月开标记录", ["B"] = null, ["C"] = null, ["D"] = null },
            new() { ["A"] = "项目编号", ["B"] = "项目名称", ["C"] = "开标时间", ["D"] = "招标控制价" },
            new() { ["A"] = "X1", ["B"] = "某工程", ["C"] = new DateTime(2023, 8, 30, 9, 30, 0), ["D"] = 1285300.5 },
            new() { ["A"] = "X2", ["B"] = "=cmd|' /C calc'!A0", ["C"] = "2023/8/31", ["D"] = "-" },
        };
        MiniExcel.SaveAs(path, rows, printHeader: false);

        var summary = await t.ImportAsync(path);

        Assert.Empty(summary.Errors);
        var x1 = await t.Db.Sections.SingleAsync(s => s.Code == "X1");
        Assert.Equal(new DateTimeOffset(2023, 8, 30, 9, 30, 0, China), x1.BidOpenAt);
        Assert.Equal(1285300.5m, x1.ControlPrice);
        Assert.Equal("=cmd|' /C calc'!A0", (await t.Db.Projects.SingleAsync(p => p.Code == "X2")).Name);
        Assert.Equal("XLSX", (await t.Db.ImportBatches.SingleAsync()).Format);
    }

    [Fact]
    public async Task ImportAsync_XlsxSeveralSheets_EachTableRead()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var path = t.PathOf("book.xlsx");
        var sheets = new Dictionary<string, object>
        {
            ["项目"] = new List<Dictionary<string, object?>> { new() { ["项目编号"] = "B1", ["项目名称"] = "甲工程" } },
            ["说明"] = new List<Dictionary<string, object?>> { new() { ["备注"] = "本表由系统导出" } },
            ["投标"] = new List<Dictionary<string, object?>>
            {
                new() { ["项目编号"] = "B1", ["投标人名称"] = "甲公司", ["投标报价"] = 100.0 },
                new() { ["项目编号"] = "B1", ["投标人名称"] = "乙公司", ["投标报价"] = "abc" },
            },
        };
        MiniExcel.SaveAs(path, sheets);

        var summary = await t.ImportAsync(new ImportOptions(Partial: true), path);

        Assert.Equal((1, 1, 1), (summary.Files, summary.Bids, summary.Rejected));
        Assert.Contains(summary.Errors, e => e.File == "book.xlsx[投标]" && e.Line == 3 && e.Field == "投标报价");
        Assert.Contains(t.Warnings, w => w.Contains("book.xlsx[说明]", StringComparison.Ordinal));
        Assert.Equal("甲工程", (await t.Db.Projects.SingleAsync()).Name);
    }

    [Fact]
    public async Task ImportAsync_Utf8BomAndCrlf_Read()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var path = t.Bytes("bom.csv", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("项目编号,项目名称\r\nP1,\"带,逗号的\r\n名称\"\r\n")]);

        var summary = await t.ImportAsync(path);

        Assert.Empty(summary.Errors);
        Assert.Equal("带,逗号的\r\n名称", (await t.Db.Projects.SingleAsync()).Name);
    }

    [Fact]
    public async Task ImportAsync_FormulaLikeText_KeptAsText()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var summary = await t.ImportAsync(t.File("formula.csv", Bids("P1,S1,\"=cmd|' /C calc'!A0\",,+100,,,,\"@SUM(A1)\"")));

        Assert.Empty(summary.Errors);
        var bid = await t.Db.Bids.Include(b => b.Bidder).SingleAsync();
        Assert.Equal("=cmd|' /C calc'!A0", bid.Bidder!.Name);
        Assert.Equal("@SUM(A1)", bid.Mac);
    }

    [Fact]
    public async Task ImportAsync_HostileInputs_ErrorsNotExceptions()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var garbage = new byte[20000];
        new Random(5).NextBytes(garbage);
        var files = new[]
        {
            t.File("huge-field.csv", BidsHeader + "P1,S1,甲," + new string('9', 2_000_000) + "\n"),
            t.File("long-name.csv", Bids("P1,S1," + new string('名', 10_000) + ",,100,,,,")),
            t.Bytes("garbage.csv", garbage),
            t.Bytes("garbage.bin", garbage),
            t.Bytes("old.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0]),
            t.Bytes("fake.xlsx", [(byte)'P', (byte)'K', 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
            t.File("empty.csv", ""),
            t.File("header-only.csv", "项目编号,项目名称\n"),
            t.File("no-key.csv", "名称,金额\n甲,1\n"),
            t.File("unterminated.csv", "项目编号,项目名称\nA,\"never closed\nB,x\n"),
            t.File("control.csv", "项目编号,项目名称\nA,bad\u0001name\n"),
            t.File("negative.csv", Bids("P1,S1,甲,,-5,,,,")),
            t.File("overflow.csv", Bids("P1,S1,甲,,1e30,,,,")),
            t.Bytes("bad-utf8.csv", [.. Encoding.UTF8.GetBytes("项目编号,项目名称\n" + string.Concat(Enumerable.Range(0, 11_000).Select(i => $"{i:D90},名称\n"))), 0xC3, 0x28, (byte)'\n']),
        };

        var summary = await t.ImportAsync(files);

        Assert.Equal(1, summary.Files); // header-only.csv: a valid file with no rows
        Assert.Equal((0, 0), ((await t.CountsAsync()).Projects, (await t.CountsAsync()).Bids));
        foreach (var f in files.Select(Path.GetFileName).Where(n => n != "header-only.csv"))
        {
            Assert.Contains(summary.Errors, e => e.File == f);
        }

        Assert.Contains(summary.Errors, e => e.File == "long-name.csv" && e.Field == "BIDDER_NAME" && e.Line == 2);
        Assert.Contains(summary.Errors, e => e.File == "old.xls" && e.Reason.Contains(".xlsx", StringComparison.Ordinal));
        Assert.Contains(summary.Errors, e => e.File == "unterminated.csv" && e.Line == 2);
        Assert.All(summary.Errors, e => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}.*/ [a-z]", e.Reason));
    }

    [Fact]
    public async Task ImportAsync_LaterFileFails_EarlierFileStays()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var summary = await t.ImportAsync(
            t.File("good.csv", Bids("P1,S1,甲,,100,,,,")),
            t.File("bad.csv", Bids("P2,S1,乙,,oops,,,,")),
            t.File("third.csv", "项目编号\nP3\n"));

        Assert.Equal((2, 1), (summary.Files, summary.Rejected));
        Assert.Equal(["P1", "P3"], await t.Db.Projects.OrderBy(p => p.Code).Select(p => p.Code).ToListAsync());
    }

    [Fact]
    public async Task ImportAsync_SqliteBulkSettings_RestoredOnTheConnection()
    {
        await using var t = await ImportTestDb.CreateAsync();
        if (!t.Db.Database.IsSqlite())
        {
            return;
        }

        async Task<string> SettingsAsync()
        {
            await t.Db.Database.OpenConnectionAsync();
            try
            {
                await using var cmd = t.Db.Database.GetDbConnection().CreateCommand();
                cmd.CommandText = "SELECT (SELECT cache_size FROM pragma_cache_size()) || '/' || (SELECT synchronous FROM pragma_synchronous())";
                return (string)(await cmd.ExecuteScalarAsync())!;
            }
            finally
            {
                await t.Db.Database.CloseConnectionAsync();
            }
        }

        var before = await SettingsAsync();
        await t.ImportAsync(t.File("a.csv", "项目编号\nP1\n"));

        Assert.Equal(before, await SettingsAsync());
    }

    [Fact]
    public async Task ImportAsync_MissingFile_ReportedNotThrown()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var summary = await TradingImporter.ImportAsync(t.Db, [new ImportSource("gone.csv", "/nonexistent/gone.csv")], new ImportOptions());
        Assert.Equal(1, summary.Rejected);
        Assert.Equal("gone.csv", summary.Errors.Single().File);
    }

    [Fact]
    public async Task ImportAsync_ManyErrors_ListCapped()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var rows = Enumerable.Range(0, 500).Select(i => $"P{i},S1,甲,,x{i},,,,").ToArray();

        var summary = await t.ImportAsync(t.File("many.csv", Bids(rows)));

        Assert.Equal(500, summary.Rejected);
        Assert.True(summary.Errors.Count <= TradingImporter.MaxListedErrorsPerFile + 2);
        Assert.Contains(summary.Errors, e => e.Reason.Contains("300 more errors", StringComparison.Ordinal));
    }
}
