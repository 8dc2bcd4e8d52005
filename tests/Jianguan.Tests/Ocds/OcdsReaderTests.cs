using System.Text;
using Jianguan.Analytics.Data;
using Jianguan.Features.Trading;
using Jianguan.Features.Trading.Import;
using Jianguan.Features.Trading.Import.Ocds;

namespace Jianguan.Tests.Ocds;

/// <summary>The reader on small hand-made files: shapes, line numbers, mapping and bad input.</summary>
public sealed class OcdsReaderTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("jianguan-ocds-").FullName;
    private int counter;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string File(string content, string extension = ".json") => Bytes(new UTF8Encoding(false).GetBytes(content), extension);

    private string Bytes(byte[] content, string extension = ".json")
    {
        var path = Path.Combine(folder, $"f{++counter}{extension}");
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    private static List<ReadItem> Read(string path) => [.. OcdsReader.Read(path, "input.json")];

    private static List<ProjectData> Projects(List<ReadItem> items) => [.. items.Where(i => i.Data is not null).Select(i => i.Data!)];

    private static List<ImportError> Errors(List<ReadItem> items) => [.. items.Where(i => i.Error is not null).Select(i => i.Error!)];

    private static string Release(string ocid, string id, string date, string body = "") =>
        $$"""{"ocid":"{{ocid}}","id":"{{id}}","date":"{{date}}","tag":["tender"]{{(body.Length > 0 ? "," + body : string.Empty)}}}""";

    // ---- detection

    [Fact]
    public void CanRead_ReleasePackage_True() =>
        Assert.True(OcdsReader.CanRead(File($$"""{"uri":"x","version":"1.1","releases":[{{Release("o", "1", "2020-01-01T00:00:00Z")}}]}""")));

    [Fact]
    public void CanRead_JsonLines_True() =>
        Assert.True(OcdsReader.CanRead(File(Release("a", "1", "2020-01-01T00:00:00Z") + "\n" + Release("b", "1", "2020-01-01T00:00:00Z") + "\n", ".jsonl")));

    [Fact]
    public void CanRead_Utf16WithMark_True() =>
        Assert.True(OcdsReader.CanRead(Bytes([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("""{"records":[]}""")])));

    [Theory]
    [InlineData("项目编号,项目名称\nP1,道路\n")]
    [InlineData("""{"name":"not ocds","rows":[1,2]}""")]
    [InlineData("")]
    public void CanRead_OtherContent_False(string content) => Assert.False(OcdsReader.CanRead(File(content)));

    [Fact]
    public void CanRead_ZipWorkbook_False() => Assert.False(OcdsReader.CanRead(Bytes([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], ".xlsx")));

    [Fact]
    public void CanRead_MissingFile_False() => Assert.False(OcdsReader.CanRead(Path.Combine(folder, "absent.json")));

    // ---- shapes and line numbers

    [Fact]
    public void Read_ReleasePackage_CompilesEachOcidAndNumbersByPosition()
    {
        var path = File($$"""
            {"uri":"https://example.org/package.json","version":"1.1","releases":[
              {{Release("A", "2", "2020-02-01T00:00:00Z", """ "tender":{"id":"t","title":"new title"}""")}},
              {{Release("B", "1", "2020-01-05T00:00:00Z", """ "tender":{"id":"t","title":"B"}""")}},
              {{Release("A", "1", "2020-01-01T00:00:00Z", """ "tender":{"id":"t","title":"old title","value":{"amount":100,"currency":"CNY"}}""")}}
            ]}
            """);

        var items = Read(path);

        Assert.Empty(Errors(items));
        var projects = Projects(items);
        Assert.Equal(["A", "B"], projects.Select(p => p.Code));
        Assert.Equal([1L, 2L], items.Select(i => i.Line));
        var a = projects[0];
        Assert.Equal("new title", a.Name);
        Assert.Equal(100m, a.Budget);
        Assert.Equal(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), a.PublishedAt);
        Assert.Equal("https://example.org/package.json", a.SourceUrl);
        var section = Assert.Single(a.Sections);
        Assert.Equal("1", section.Code);
        Assert.Equal(100m, section.ControlPrice);
    }

    [Fact]
    public void Read_JsonLinesOfReleases_LineNumbersArePhysicalLines()
    {
        var path = File(string.Join('\n',
            Release("A", "1", "2020-01-01T00:00:00Z"),
            Release("B", "1", "2020-01-01T00:00:00Z"),
            Release("A", "2", "2020-01-02T00:00:00Z", """ "tender":{"title":"A2"}"""),
            string.Empty));

        var items = Read(path);

        Assert.Equal([("A", 1L), ("B", 2L)], items.Select(i => (i.Data!.Code, i.Line)));
        Assert.Equal("A2", items[0].Data!.Name);
    }

    [Fact]
    public void Read_JsonLinesWithBrokenLine_ReportsItAndReadsTheOthers()
    {
        var path = File(string.Join('\n',
            Release("A", "1", "2020-01-01T00:00:00Z"),
            """{"ocid":"B","id":"1",""",
            Release("C", "1", "2020-01-01T00:00:00Z"),
            "not json at all",
            Release("D", "1", "2020-01-01T00:00:00Z")));

        var items = Read(path);

        Assert.Equal(["A", "C", "D"], Projects(items).Select(p => p.Code).Order());
        var errors = Errors(items);
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Contains("malformed or truncated JSON", e.Reason, StringComparison.Ordinal));
        Assert.Equal([2L, 4L], errors.Select(e => e.Line));
    }

    [Fact]
    public void Read_JsonLinesOfPackages_LineIsThePackageLine()
    {
        var path = File(
            $$"""{"version":"1.1","releases":[{{Release("A", "1", "2020-01-01T00:00:00Z")}},{"id":"x"}]}""" + "\n"
            + $$"""{"version":"1.1","releases":[{{Release("B", "1", "2020-01-01T00:00:00Z")}},{"id":"y"}]}""" + "\n");

        var items = Read(path);

        Assert.Equal([(1L, "releases[1].ocid"), (2L, "releases[1].ocid")], Errors(items).Select(e => (e.Line, e.Field)));
        Assert.Equal([("A", 1L), ("B", 2L)], items.Where(i => i.Data is not null).Select(i => (i.Data!.Code, i.Line)));
    }

    [Fact]
    public void Read_SingleLinePackage_LinesAreReleasePositions()
    {
        var path = File($$"""{"releases":[{{Release("A", "1", "2020-01-01T00:00:00Z")}},{"id":"x"},{{Release("B", "1", "2020-01-01T00:00:00Z")}}]}""");

        var items = Read(path);

        var error = Assert.Single(Errors(items));
        Assert.Equal((2L, "releases[1].ocid"), (error.Line, error.Field));
        Assert.Contains("发布缺少 ocid / the release has no ocid", error.Reason, StringComparison.Ordinal);
        Assert.Equal([1L, 3L], items.Where(i => i.Data is not null).Select(i => i.Line));
    }

    [Fact]
    public void Read_ArrayOfReleases_ReadsEach()
    {
        var path = File($"[{Release("A", "1", "2020-01-01T00:00:00Z")},{Release("B", "1", "2020-01-01T00:00:00Z")},42]");

        var items = Read(path);

        Assert.Equal(["A", "B"], Projects(items).Select(p => p.Code));
        Assert.Equal(3L, Assert.Single(Errors(items)).Line);
    }

    [Fact]
    public void Read_BareRelease_OneProjectOnLineOne()
    {
        var item = Assert.Single(Read(File(Release("A", "1", "2020-01-01T00:00:00Z", """ "tender":{"title":"T"}"""))));
        Assert.Equal((1L, "A", "T"), (item.Line, item.Data!.Code, item.Data.Name));
    }

    [Fact]
    public void Read_CompiledReleaseLines_MappedWithoutMerging()
    {
        var path = File(
            """{"ocid":"A","id":"A-1","date":"2020-01-01T00:00:00Z","tag":["compiled"],"tender":{"title":"one"}}""" + "\n"
            + """{"ocid":"A","id":"A-2","date":"2020-01-02T00:00:00Z","tag":["compiled"],"tender":{"title":"two"}}""" + "\n");

        Assert.Equal(["one", "two"], Projects(Read(path)).Select(p => p.Name));
    }

    [Fact]
    public void Read_RecordPackage_UsesCompiledReleaseAndPosition()
    {
        var recordA = """
            {"ocid":"A","releases":[{"url":"https://example.org/a-1.json","date":"2019-05-01T00:00:00Z","tag":["tender"]}],
             "compiledRelease":{"ocid":"A","id":"A-1","date":"2019-05-01T00:00:00Z","tag":["compiled"],"tender":{"title":"from compiled"}}}
            """;
        var b1 = Release("B", "1", "2020-01-01T00:00:00Z", """ "tender":{"title":"b1"}""");
        var b2 = Release("B", "2", "2020-02-01T00:00:00Z", """ "tender":{"title":"b2"}""");
        var recordC = """{"ocid":"C","releases":[{"url":"https://example.org/c-1.json","date":"2019-05-01T00:00:00Z","tag":["tender"]}]}""";
        var path = File($$"""{"version":"1.1","records":[{{recordA}},{"ocid":"B","releases":[{{b1}},{{b2}}]},{{recordC}}]}""");

        var items = Read(path);

        var projects = Projects(items);
        Assert.Equal(("A", "from compiled", "https://example.org/a-1.json"), (projects[0].Code, projects[0].Name, projects[0].SourceUrl));
        Assert.Equal(new DateTimeOffset(2019, 5, 1, 0, 0, 0, TimeSpan.Zero), projects[0].PublishedAt);
        Assert.Equal(("B", "b2"), (projects[1].Code, projects[1].Name));
        var error = Assert.Single(Errors(items));
        Assert.Equal((3L, "records[2]"), (error.Line, error.Field));
        Assert.Equal([1L, 2L, 3L], items.Select(i => i.Line));
    }

    [Fact]
    public void Read_VersionedReleaseAlone_UsesItsLastValues()
    {
        var versioned = OcdsMerger.Versioned(
        [
            System.Text.Json.Nodes.JsonNode.Parse(Release("A", "1", "2020-01-01T00:00:00Z", """ "tender":{"title":"first"}"""))!.AsObject(),
            System.Text.Json.Nodes.JsonNode.Parse(Release("A", "2", "2020-01-02T00:00:00Z", """ "tender":{"title":"second"}"""))!.AsObject(),
        ], "1.1");

        var project = Assert.Single(Projects(Read(File(versioned.ToJsonString()))));

        Assert.Equal(("A", "second"), (project.Code, project.Name));
    }

    // ---- mapping

    [Fact]
    public void Read_BidsExtension_BidsPerLotWithStatusesAndWinners()
    {
        var path = File("""
            {"ocid":"ocds-x-1","id":"1","date":"2021-03-01T10:00:00+08:00","tag":["award"],
             "parties":[
               {"id":"buyer","name":"某市住房和城乡建设局","roles":["buyer"],"address":{"region":"海南省"}},
               {"id":"agent","name":"某招标代理有限公司","roles":["procuringEntity"]},
               {"id":"T1","name":"甲建设有限公司","identifier":{"scheme":"CN-USCC","id":"91460100MA5T0XXX1A"},"roles":["tenderer"]},
               {"id":"T2","name":"Acme Ltd","identifier":{"scheme":"GB-COH","id":"01234567"},"roles":["tenderer"]},
               {"id":"T3","name":"丙公司","roles":["tenderer"]},
               {"id":"T4","name":"丁公司","roles":["tenderer"]}],
             "buyer":{"id":"buyer","name":"Buyer"},
             "tender":{"id":"T","title":"道路工程","mainProcurementCategory":"works","procurementMethod":"open",
               "procuringEntity":{"id":"agent"},"awardCriteria":"priceOnly",
               "tenderPeriod":{"startDate":"2021-01-10T09:00:00+08:00","endDate":"2021-02-01T09:30:00+08:00"},
               "lots":[{"id":"L1","title":"一标段","value":{"amount":1000000,"currency":"CNY"}},{"id":"L2","title":"二标段","value":{"amount":0}}]},
             "bids":{"details":[
               {"id":"b1","tenderers":[{"id":"T1"}],"value":{"amount":950000},"date":"2021-02-01T09:00:00+08:00","status":"valid","relatedLots":["L1"],"rank":1},
               {"id":"b2","tenderers":[{"id":"T2","name":"ignored"}],"value":{"amount":"960000.50"},"status":"disqualified","relatedLots":["L1"]},
               {"id":"b3","tenderers":[{"id":"T3"},{"id":"T4"}],"value":{"amount":800},"status":"withdrawn","relatedLots":["L2"]},
               {"id":"b4","tenderers":[{"id":"T1"}],"status":"invited","relatedLots":["L2"]},
               {"id":"b5","tenderers":[{"id":"T1"}],"value":{"amount":700},"status":"someLocalCode","relatedLots":["L2"]}]},
             "awards":[
               {"id":"a0","status":"cancelled","suppliers":[{"id":"T2"}],"relatedLots":["L1"]},
               {"id":"a1","status":"active","suppliers":[{"id":"T1"}],"value":{"amount":950000},"date":"2021-03-01T10:00:00+08:00","relatedLots":["L1"]}]}
            """);

        var items = Read(path);

        Assert.Empty(Errors(items));
        var project = Assert.Single(Projects(items));
        Assert.Equal(TradingCategory.Construction, project.Category);
        Assert.Equal("works", project.CategoryDetail);
        Assert.Equal("open", project.TenderMode);
        Assert.Equal("海南省", project.Region);
        Assert.Equal(new PartyRef("某市住房和城乡建设局"), project.Tenderer);
        Assert.Equal(new PartyRef("某招标代理有限公司"), project.Agency);
        Assert.Equal(new DateTimeOffset(2021, 1, 10, 9, 0, 0, TimeSpan.FromHours(8)), project.PublishedAt);

        Assert.Equal(["L1", "L2"], project.Sections.Select(s => s.Code));
        var l1 = project.Sections[0];
        Assert.Equal(("一标段", 1000000m, 1000000m, "priceOnly"), (l1.Name, l1.ControlPrice, l1.EstimatedPrice, l1.EvaluationMethod));
        Assert.Equal(new DateTimeOffset(2021, 2, 1, 9, 30, 0, TimeSpan.FromHours(8)), l1.BidOpenAt);
        Assert.Equal(new PartyRef("甲建设有限公司", "91460100MA5T0XXX1A"), l1.Winner);
        Assert.Equal((950000m, new DateTimeOffset(2021, 3, 1, 10, 0, 0, TimeSpan.FromHours(8))), (l1.AwardAmount, l1.AwardAt));
        Assert.Equal(
            [("甲建设有限公司", "91460100MA5T0XXX1A", 950000m, (BidStatus?)BidStatus.Valid), ("Acme Ltd", "GB-COH-01234567", 960000.50m, BidStatus.Disqualified)],
            l1.Bids.Select(b => (b.Bidder.Name, b.Bidder.CreditCode, b.Price, b.Status)));
        Assert.Equal(new DateTimeOffset(2021, 2, 1, 9, 0, 0, TimeSpan.FromHours(8)), l1.Bids[0].SubmittedAt);
        var candidate = Assert.Single(l1.Candidates);
        Assert.Equal((1, "甲建设有限公司"), (candidate.Rank, candidate.Entity.Name));

        var l2 = project.Sections[1];
        Assert.Null(l2.ControlPrice);
        Assert.Null(l2.Winner);
        Assert.Equal(
            [("丙公司", 800m, (BidStatus?)BidStatus.Withdrawn), ("丁公司", 800m, BidStatus.Withdrawn), ("甲建设有限公司", 700m, BidStatus.Unknown)],
            l2.Bids.Select(b => (b.Bidder.Name, b.Price, b.Status)));
    }

    [Fact]
    public void Read_TenderersWithoutBidDetails_BidsWithoutPrice()
    {
        var path = File(Release("A", "1", "2020-01-01T00:00:00Z", """
            "parties":[{"id":"p1","name":"One"},{"id":"p2","name":"Two"}],
            "tender":{"id":"t","numberOfTenderers":3,"tenderers":[{"id":"p1"},{"id":"p2"}],"value":{"amount":50}},
            "bids":{"details":[{"id":"b","tenderers":[{"id":"p2"}],"value":{"amount":45}}]}
            """));

        var section = Assert.Single(Assert.Single(Projects(Read(path))).Sections);

        Assert.Equal(3, section.DeclaredBidderCount);
        Assert.Equal([("Two", 45m), ("One", (decimal?)null)], section.Bids.Select(b => (b.Bidder.Name, b.Price)));
    }

    [Theory]
    [InlineData("goods", true, TradingCategory.GovernmentProcurement)]
    [InlineData("services", true, TradingCategory.GovernmentProcurement)]
    [InlineData("services", false, TradingCategory.Other)]
    [InlineData("consultingServices", true, TradingCategory.Other)]
    public void Read_ProcurementCategory_MapsToTradingCategory(string category, bool withBuyer, TradingCategory expected)
    {
        var buyer = withBuyer ? "\"buyer\":{\"name\":\"Public body\"}," : string.Empty;
        var path = File(Release("A", "1", "2020-01-01T00:00:00Z", buyer + $$""" "tender":{"mainProcurementCategory":"{{category}}"}"""));

        var project = Assert.Single(Projects(Read(path)));

        Assert.Equal((expected, category), (project.Category, project.CategoryDetail));
    }

    [Fact]
    public void Read_Version10WithoutCategory_ConstructionFromCpv45AndOrganisationsInline()
    {
        var path = File("""
            {"releases":[{"ocid":"A","id":"1","date":"2015-01-01T00:00:00Z","tag":["award"],
              "buyer":{"name":"City","identifier":{"scheme":"CN-USCC","id":"11460100MB0000000X"}},
              "tender":{"id":"t","items":[{"id":"1","classification":{"scheme":"CPV","id":"45233140-2"}}],
                "tenderers":[{"name":"Roads Co","identifier":{"id":"914601007335834XXX"}}]},
              "awards":[{"id":"a","suppliers":[{"name":"Roads Co"}],"value":{"amount":12.5}}]}]}
            """);

        var project = Assert.Single(Projects(Read(path)));

        Assert.Equal(TradingCategory.Construction, project.Category);
        Assert.Null(project.CategoryDetail);
        Assert.Equal(new PartyRef("City", "11460100MB0000000X"), project.Tenderer);
        var section = Assert.Single(project.Sections);
        Assert.Equal(("Roads Co", 12.5m), (section.Winner!.Name, section.AwardAmount));
        Assert.Equal("Roads Co", Assert.Single(section.Bids).Bidder.Name);
    }

    [Fact]
    public void Read_LanguageVariantsOnly_UsesChineseThenEnglish()
    {
        var path = File(Release("A", "1", "2020-01-01T00:00:00Z", """
            "buyer":{"id":"b"},"parties":[{"id":"b","name_en":"Agency","name_zh":"机构"}],
            "tender":{"title_fr":"Travaux","title_en":"Works"}
            """));

        var project = Assert.Single(Projects(Read(path)));

        Assert.Equal(("Works", "机构"), (project.Name, project.Tenderer!.Name));
    }

    // ---- bad input

    [Fact]
    public void Read_AmountNotNumber_ErrorWithPathAndFragmentWithoutIt()
    {
        var path = File($$"""{"releases":[{{Release("A", "1", "2020-01-01T00:00:00Z", """ "tender":{"title":"T","value":{"amount":"abc"}}""")}}]}""");

        var items = Read(path);

        var error = Assert.Single(Errors(items));
        Assert.Equal(new ImportError("input.json", 1, "tender.value.amount", "金额不是数字 / amount is not a number"), error);
        var project = Assert.Single(Projects(items));
        Assert.Null(project.Budget);
        Assert.Null(Assert.Single(project.Sections).ControlPrice);
    }

    [Fact]
    public void Read_WrongTypesAndBadDates_ErrorsNoException()
    {
        var path = File(Release("A", "1", "2020-01-01T00:00:00Z", """
            "tender":"oops","awards":{"id":"1"},"parties":[{"id":"p"}],"bids":{"details":[{"tenderers":[{"id":"p"}],"date":"03/04/2016","value":{"amount":1e400}}]}
            """));

        var items = Read(path);

        Assert.Single(Projects(items));
        Assert.Equal(
            ["awards", "bids.details[0].date", "bids.details[0].tenderers", "bids.details[0].tenderers[0].name", "bids.details[0].value.amount", "tender"],
            Errors(items).Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Contains(Errors(items), e => e.Reason == "金额超出范围 / amount is out of range");
    }

    [Fact]
    public void Read_DateWithoutOffset_TakenAsUtc()
    {
        var path = File(Release("A", "1", "2020-01-01", """ "tender":{"tenderPeriod":{"startDate":"2020-01-02T08:30:00.123456789","endDate":"2020-01-09T08:30:00+0800"}}"""));

        var section = Assert.Single(Assert.Single(Projects(Read(path))).Sections);

        Assert.Equal(new DateTimeOffset(2020, 1, 2, 8, 30, 0, 123, TimeSpan.Zero).AddTicks(4567), section.NoticeAt);
        Assert.Equal(new DateTimeOffset(2020, 1, 9, 8, 30, 0, TimeSpan.FromHours(8)), section.BidOpenAt);
    }

    [Fact]
    public void Read_TruncatedPackage_ErrorNamesPositionAndEarlierReleasesSurvive()
    {
        var path = File("{\"releases\":[\n" + Release("A", "1", "2020-01-01T00:00:00Z") + ",\n" + "{\"ocid\":\"B\",\"tender\":{\"ti");

        var items = Read(path);

        Assert.Equal("A", Assert.Single(Projects(items)).Code);
        var error = Assert.Single(Errors(items));
        Assert.Equal((3L, "releases[1]"), (error.Line, error.Field));
        Assert.Contains("line 3", error.Reason, StringComparison.Ordinal);
        Assert.Contains("JSON 格式错误或文件不完整", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotOcdsObject_Error()
    {
        var error = Assert.Single(Errors(Read(File("""{"name":"x","rows":[]}"""))));
        Assert.Contains("not an OCDS release, record or package", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_OneErrorNoException()
    {
        var error = Assert.Single(Errors(Read(Path.Combine(folder, "absent.json"))));
        Assert.Contains("cannot open the file", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OcidTooLong_Error()
    {
        var error = Assert.Single(Errors(Read(File(Release(new string('x', 201), "1", "2020-01-01T00:00:00Z")))));
        Assert.Equal("ocid", error.Field);
    }

    [Fact]
    public void Read_HugeStrings_ClippedWithoutException()
    {
        var huge = new string('长', 3_000_000);
        var path = File(Release("A", "1", "2020-01-01T00:00:00Z", $$""" "tender":{"title":"{{huge}}","description":"{{huge}}"},"buyer":{"name":"{{huge}}"}"""));

        var project = Assert.Single(Projects(Read(path)));

        Assert.Equal(OcdsMapper.NameMax, project.Name!.Length);
        Assert.Equal(OcdsMapper.EntityNameMax, project.Tenderer!.Name.Length);
    }

    [Fact]
    public void Read_DuplicateKeys_NoException()
    {
        var items = Read(File("""{"ocid":"A","id":"1","date":"2020-01-01T00:00:00Z","tender":{"title":"a","title":"b"}}"""));
        Assert.Single(items);
    }

    [Fact]
    public void Read_ThousandsOfBadReleases_StopsAfterTheLimit()
    {
        var path = File("{\"releases\":[" + string.Join(',', Enumerable.Repeat("{\"id\":\"x\"}", 1500)) + "]}");

        var errors = Errors(Read(path));

        Assert.Equal(OcdsFileParser.MaxErrors + 1, errors.Count);
        Assert.Contains("reading stopped", errors[^1].Reason, StringComparison.Ordinal);
    }

    // ---- encodings

    [Fact]
    public void Read_Utf8WithMark_Read() =>
        Assert.Equal("标题", Assert.Single(Projects(Read(Bytes([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Release("A", "1", "2020-01-01T00:00:00Z", """ "tender":{"title":"标题"}"""))])))).Name);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Read_Utf16_Transcoded(bool withMark)
    {
        var encoding = new UnicodeEncoding(bigEndian: false, byteOrderMark: withMark);
        var path = Bytes([.. encoding.GetPreamble(), .. encoding.GetBytes(Release("A", "1", "2020-01-01T00:00:00Z", """ "tender":{"title":"标题"}"""))]);

        Assert.Equal("标题", Assert.Single(Projects(Read(path))).Name);
    }

    [Fact]
    public void Read_Gb18030WithoutEncoding_RefusedNamingTheByte()
    {
        var gb18030 = CodePagesEncoding("GB18030");
        var path = Bytes(gb18030.GetBytes(Release("A", "1", "2020-01-01T00:00:00Z", """ "tender":{"title":"道路"}""")));

        var error = Assert.Single(Errors(Read(path)));
        Assert.Contains("文件不是 UTF-8 编码", error.Reason, StringComparison.Ordinal);
        Assert.Contains("byte offset 88", error.Reason, StringComparison.Ordinal);

        var project = Assert.Single(Projects([.. OcdsReader.Read(path, "gb.json", gb18030)]));
        Assert.Equal("道路", project.Name);
    }

    // ---- streaming

    [Fact]
    public void Read_TinyBuffers_SameResultAsOneRead()
    {
        var releases = Enumerable.Range(0, 200).Select(i => Release($"O{i % 50}", $"{i}", $"2020-01-{1 + (i % 28):00}T00:00:00Z",
            $$$""" "tender":{"title":"标题 {{{i}}} \" \\ \u00e9","value":{"amount":{{{i}}}.5}}"""));
        var path = File("{\"uri\":\"u\",\"releases\":[\n" + string.Join(",\n", releases) + "\n],\"version\":\"1.1\"}");

        using var parser = OcdsFileParser.Open(path, "input.json", null, maxValueBytes: 1 << 20, initialBuffer: 16);
        var small = new List<ReadItem>();
        while (parser.Step(small))
        {
        }

        var normal = Read(path);
        Assert.Equal(50, Projects(normal).Count);
        Assert.Equal(normal.Select(i => (i.Line, i.Data!.Code, i.Data.Name)), small.Select(i => (i.Line, i.Data!.Code, i.Data.Name)));
    }

    [Fact]
    public void Read_ValueLargerThanLimit_ErrorNoException()
    {
        var path = File(Release("A", "1", "2020-01-01T00:00:00Z", $$""" "tender":{"title":"{{new string('x', 5000)}}"}"""));

        using var parser = OcdsFileParser.Open(path, "input.json", null, maxValueBytes: 1024, initialBuffer: 64);
        var items = new List<ReadItem>();
        while (parser.Step(items))
        {
        }

        Assert.Contains("larger than", Assert.Single(items).Error!.Reason, StringComparison.Ordinal);
    }

    private static Encoding CodePagesEncoding(string name)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(name);
    }
}
