using System.IO.Compression;
using System.Net;
using System.Text;
using Jianguan.Features.Trading.Import;
using Jianguan.Platform.Calendar;
using Jianguan.Tests.Import;
using Jianguan.Tests.Ocds;
using Jianguan.Tests.Web;

namespace Jianguan.Tests.Security;

/// <summary>
/// Malformed and hostile input for every importer (CSV, XLSX, OCDS JSON/JSONL, calendar year file, mapping JSON):
/// seeded mutations of real files, huge fields, wrong encodings. Every outcome is either a clean import or a clear
/// error (file, line, field, reason) with nothing written; never an unhandled exception.
/// </summary>
public class HostileInputTests
{
    static HostileInputTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static Encoding Gb18030 => Encoding.GetEncoding("GB18030");

    /// <summary>Byte flips, truncations and duplicated lines of <paramref name="original"/>, fixed seed.</summary>
    internal static IEnumerable<(string Kind, byte[] Bytes)> Mutants(byte[] original, int seed, bool lines = true)
    {
        var rng = new Random(seed);
        for (var i = 0; i < 3; i++)
        {
            var bytes = (byte[])original.Clone();
            for (var k = 0; k < 1 + rng.Next(8); k++)
            {
                bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
            }

            yield return ($"flip{i}", bytes);
        }

        for (var i = 0; i < 2; i++)
        {
            yield return ($"truncate{i}", original[..rng.Next(1, original.Length)]);
        }

        if (!lines)
        {
            yield break;
        }

        var split = Split(original);
        for (var i = 0; i < 2; i++)
        {
            var at = rng.Next(split.Count);
            var copy = new List<byte[]>(split);
            copy.Insert(at, split[at]);
            copy.Insert(at, split[at]);
            yield return ($"duplicate{i}", [.. copy.SelectMany(l => l)]);
        }
    }

    private static List<byte[]> Split(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lines.Add(bytes[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < bytes.Length)
        {
            lines.Add(bytes[start..]);
        }

        return lines;
    }

    /// <summary>The first <paramref name="count"/> lines of a real file: enough rows to exercise the reader, quick to import.</summary>
    private static byte[] Head(string path, int count) => [.. Split(File.ReadAllBytes(path)).Take(count).SelectMany(l => l)];

    /// <summary>Imports one file; when it is refused, the errors name the file and say why, and nothing was written.</summary>
    private static async Task<ImportSummary> AssertCleanOutcomeAsync(ImportTestDb t, string path, string label)
    {
        var before = await t.CountsAsync();
        ImportSummary summary;
        try
        {
            summary = await t.ImportAsync(path);
        }
        catch (Exception e)
        {
            Assert.Fail($"{label}: unhandled {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            throw;
        }

        if (summary.Files == 0)
        {
            Assert.True(summary.Rejected > 0 || summary.Errors.Count > 0, $"{label}: refused without a reason");
            Assert.All(summary.Errors, e =>
            {
                Assert.Equal(Path.GetFileName(path), e.File);
                Assert.False(string.IsNullOrWhiteSpace(e.Reason), $"{label}: empty reason");
                Assert.True(e.Line >= 0, $"{label}: negative line");
            });
            Assert.Equal(before, await t.CountsAsync());
        }

        return summary;
    }

    private static async Task MutateAndImportAsync(byte[] original, string extension, int seed, bool lines = true)
    {
        await using var t = await ImportTestDb.CreateAsync();
        var refused = 0;
        foreach (var (kind, bytes) in Mutants(original, seed, lines))
        {
            var path = t.Bytes($"{kind}{extension}", bytes);
            var summary = await AssertCleanOutcomeAsync(t, path, $"{kind}{extension} (seed {seed})");
            refused += summary.Files == 0 ? 1 : 0;
        }

        // Flipped and truncated files must not all slip through unnoticed.
        Assert.True(refused > 0, $"no mutant of the {extension} file was refused (seed {seed})");
    }

    [Trait("Category", "Database")]
    [SharedDataTheory]
    [InlineData(1)]
    [InlineData(2)]
    public Task Csv_MutatedRealPortalFile_CleanOutcome(int seed) =>
        MutateAndImportAsync(Head(SharedData.Path("cn", "lishui_bid_opening_tenders_2023-08-30.csv"), 40), ".csv", seed);

    [Trait("Category", "Database")]
    [SharedDataFact]
    public Task Csv_MutatedGb18030PortalFile_CleanOutcome() =>
        MutateAndImportAsync(Head(SharedData.Path("cn", "raw-gb18030", "lishui_bid_openings_gb18030.csv"), 40), ".csv", 3);

    [Trait("Category", "Database")]
    [SharedDataFact]
    public Task Xlsx_MutatedRealWorkbook_CleanOutcome() =>
        MutateAndImportAsync(File.ReadAllBytes(SharedData.Path("cn", "luan_bid_openings_2023-10-09.xlsx")), ".xlsx", 4, lines: false);

    [Trait("Category", "Database")]
    [SharedDataFact]
    public Task OcdsJson_MutatedReleasePackage_CleanOutcome() =>
        MutateAndImportAsync(File.ReadAllBytes(OcdsTestData.Fixture("release-package-1.json")), ".json", 5);

    [Trait("Category", "Database")]
    [SharedDataFact]
    public async Task OcdsJsonl_MutatedReleases_CleanOutcome()
    {
        // JSON Lines made of real releases, one per line.
        var package = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(OcdsTestData.Fixture("release-package-1.json")))!;
        var lines = package["releases"]!.AsArray().Select(r => r!.ToJsonString()).ToList();
        await MutateAndImportAsync(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"), ".jsonl", 6);
    }

    [SharedDataFact]
    public void CalendarYearFile_MutatedRealFiles_ParsedOrRefusedWithHolidayFileException()
    {
        var refused = 0;
        foreach (var year in new[] { 2020, 2024, 2026 })
        {
            var original = File.ReadAllBytes(SharedData.Path("calendar", "holiday-cn", $"{year}.json"));
            foreach (var (kind, bytes) in Mutants(original, year))
            {
                try
                {
                    HolidayFileParser.Parse(Encoding.UTF8.GetString(bytes));
                }
                catch (HolidayFileException e)
                {
                    Assert.False(string.IsNullOrWhiteSpace(e.Message), $"{year} {kind}");
                    refused++;
                }
            }
        }

        Assert.True(refused > 0);
    }

    [Fact]
    public void MappingJson_Mutated_ParsedOrRefusedWithImportMappingException()
    {
        const string mapping = """
            {
              "columns": { "标号": "TENDER_PROJECT_CODE", "投标供应商全称": "BIDDER_NAME", "报价（万元）": "BID_PRICE", "开标日期": "BID_OPEN_TIME", "备注": "" },
              "defaults": { "REGION_CODE": "460100" },
              "scale": { "报价（万元）": 10000 }
            }
            """;
        ImportMapping.Parse(mapping);
        var refused = 0;
        foreach (var seed in new[] { 11, 12, 13, 14 })
        {
            foreach (var (kind, bytes) in Mutants(Encoding.UTF8.GetBytes(mapping), seed))
            {
                try
                {
                    ImportMapping.Parse(Encoding.UTF8.GetString(bytes));
                }
                catch (ImportMappingException e)
                {
                    Assert.False(string.IsNullOrWhiteSpace(e.Message), kind);
                    refused++;
                }
            }
        }

        Assert.True(refused > 0);
    }

    // ---- huge fields ----

    private const string Header = "TENDER_PROJECT_CODE,BID_SECTION_CODE,BIDDER_NAME,BID_PRICE\n";

    [Trait("Category", "Database")]
    [Fact]
    public async Task Csv_TenMegabyteField_RefusedWithLineAndField()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var path = t.File("huge.csv", Header + "P1,S1,甲公司,100\nP1,S1," + new string('乙', 10 * 1024 * 1024 / 3) + ",200\n");

        var summary = await AssertCleanOutcomeAsync(t, path, "huge.csv");

        Assert.Equal(0, summary.Files);
        Assert.Contains(summary.Errors, e => e.Line == 3);
    }

    [Trait("Category", "Database")]
    [Fact]
    public async Task Csv_TenMegabyteLineWithoutSeparators_Refused()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var path = t.File("line.csv", Header + new string('x', 10 * 1024 * 1024) + "\n");

        var summary = await AssertCleanOutcomeAsync(t, path, "line.csv");

        Assert.Equal(0, summary.Files);
    }

    [Trait("Category", "Database")]
    [Fact]
    public async Task Json_TenMegabyteString_Refused()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var release = """{"ocid":"ocds-x-1","id":"1","date":"2023-01-01T00:00:00Z","tag":["tender"],"tender":{"id":"t","title":"TITLE"}}"""
            .Replace("TITLE", new string('a', 10 * 1024 * 1024), StringComparison.Ordinal);
        var json = await AssertCleanOutcomeAsync(t, t.File("huge.json", $$"""{"releases":[{{release}}]}"""), "huge.json");
        var jsonl = await AssertCleanOutcomeAsync(t, t.File("huge.jsonl", release + "\n"), "huge.jsonl");

        // OCDS display texts are clipped to their column rather than costing the whole project (OcdsMapper.Clip).
        var names = await t.Db.Projects.Select(p => p.Name).ToListAsync();
        Assert.All(names, n => Assert.True(n is null || n.Length <= 500));
        Assert.True(json.Files + jsonl.Files == 0 || names.Count > 0);
    }

    // ---- wrong encodings ----

    private const string ChineseCsv = Header + "HN-2023-001,01,海南椰城建设工程有限公司,1000000\nHN-2023-001,01,海口琼山路桥有限公司,990000\n";

    [Trait("Category", "Database")]
    [Fact]
    public async Task Csv_Gb18030LabelledUtf8ByBom_RefusedOrDecodedWithoutMojibake()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var path = t.Bytes("labelled.csv", [0xEF, 0xBB, 0xBF, .. Gb18030.GetBytes(ChineseCsv)]);

        var summary = await AssertCleanOutcomeAsync(t, path, "labelled.csv");

        await AssertNoMojibakeAsync(t, summary);
    }

    [Trait("Category", "Database")]
    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    public async Task Csv_Utf16_RefusedOrDecodedWithoutMojibake(string encoding)
    {
        await using var t = await ImportTestDb.CreateAsync();
        var e = Encoding.GetEncoding(encoding);
        var path = t.Bytes("utf16.csv", [.. e.GetPreamble(), .. e.GetBytes(ChineseCsv)]);

        var summary = await AssertCleanOutcomeAsync(t, path, "utf16.csv");

        await AssertNoMojibakeAsync(t, summary);
    }

    [Trait("Category", "Database")]
    [Theory]
    [InlineData("GB18030", ".json")]
    [InlineData("utf-16", ".json")]
    [InlineData("GB18030", ".jsonl")]
    public async Task Json_NotUtf8_RefusedClearly(string encoding, string extension)
    {
        await using var t = await ImportTestDb.CreateAsync();
        var release = """{"ocid":"ocds-x-1","id":"1","date":"2023-01-01T00:00:00Z","tag":["tender"],"tender":{"id":"t","title":"海口市美兰区道路改造工程"}}""";
        var text = extension == ".json" ? $$"""{"releases":[{{release}}]}""" : release + "\n";
        var e = encoding == "GB18030" ? Gb18030 : Encoding.GetEncoding(encoding);
        var path = t.Bytes("enc" + extension, [.. e.GetPreamble(), .. e.GetBytes(text)]);

        var summary = await AssertCleanOutcomeAsync(t, path, "enc" + extension);

        await AssertNoMojibakeAsync(t, summary);
    }

    private static async Task AssertNoMojibakeAsync(ImportTestDb t, ImportSummary summary)
    {
        if (summary.Files == 0)
        {
            Assert.NotEmpty(summary.Errors);
            return;
        }

        var names = await t.Db.MarketEntities.Select(e => e.Name).ToListAsync();
        names.AddRange(await t.Db.Projects.Where(p => p.Name != null).Select(p => p.Name!).ToListAsync());
        Assert.All(names, n => Assert.DoesNotContain('\uFFFD', n));
        Assert.All(names, n => Assert.Matches("^[\\p{IsCJKUnifiedIdeographs}\\p{L}\\p{N}\\s（）()·\\-]+$", n));
    }

    // ---- formula injection in XLSX exports ----

    [Theory]
    [InlineData("=cmd|' /C calc'!A0")]
    [InlineData("+cmd|' /C calc'!A0")]
    [InlineData("-2+3+cmd|' /C calc'!A0")]
    [InlineData("@SUM(1+1)*cmd|' /C calc'!A0")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    public async Task ErrorWorkbook_FormulaLikeValues_StoredAsTextNeverFormulas(string value)
    {
        using var stream = new MemoryStream();
        await ImportErrorWorkbook.WriteAsync(stream, [new ImportError(value + ".csv", 2, value, value)]);

        stream.Position = 0;
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
        var sheets = zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(sheets);
        var xml = string.Concat(sheets.Select(e => new StreamReader(e.Open()).ReadToEnd()));
        var shared = zip.GetEntry("xl/sharedStrings.xml") is { } s ? new StreamReader(s.Open()).ReadToEnd() : "";
        Assert.DoesNotContain("<f>", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<f ", xml, StringComparison.Ordinal);
        var cells = System.Text.RegularExpressions.Regex.Matches(xml + shared, "<(?:x:)?(?:t|v)(?: [^>]*)?>([^<]*)</(?:x:)?(?:t|v)>")
            .Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.DoesNotContain(cells, c => c.Length > 0 && c[0] is '=' or '+' or '-' or '@' or '\t' or '\r');
        Assert.Contains(cells, c => c.StartsWith('\'') && c.Contains(value.TrimStart('\t', '\r'), StringComparison.Ordinal));
    }
}

/// <summary>Hostile input through the forms and pages: login, import upload, calendar admin; escaped output.</summary>
[Trait("Category", "Database")]
public class HostileFormTests(JianguanFactory factory) : IClassFixture<JianguanFactory>
{
    private const string Script = "<script>alert(1)</script>";
    private const string Attribute = "\" onerror=\"alert(1)";

    private static void AssertEscaped(string html)
    {
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\" onerror=\"alert(1)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportedScriptInTextFields_PagesShowItEscaped()
    {
        var prefix = "X" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var center = await JianguanFactory.WithAntiforgeryHeaderAsync(await factory.CreateUserAndLoginAsync(Roles.TradingCenter));
        var csv = "TENDER_PROJECT_CODE,TENDER_PROJECT_NAME,BID_SECTION_CODE,BID_SECTION_NAME,BIDDER_NAME,BID_PRICE,MAC_ADDRESS\n"
            + $"{prefix},\"道路{Script}工程\",01,\"{Attribute.Replace("\"", "\"\"", StringComparison.Ordinal)}\",\"<img src=x onerror=alert(1)>公司\",100,\"{Script}\"\n"
            + $"{prefix},\"道路{Script}工程\",01,施工,乙公司,101,\"{Script}\"\n";
        using var content = new MultipartFormDataContent { { new StringContent(csv), "files", "bids.csv" } };
        var import = await center.PostAsync("/api/trading/import", content);
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);

        var admin = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);
        var list = await admin.GetStringAsync($"/Trading/Projects?q={prefix}");
        Assert.Contains("&lt;script&gt;", list, StringComparison.Ordinal);
        AssertEscaped(list);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        var project = await db.Projects.SingleAsync(p => p.Code == prefix);
        var section = await db.Sections.SingleAsync(s => s.ProjectId == project.Id);
        foreach (var url in new[] { $"/Trading/Projects/{project.Id}", $"/Trading/Sections/{section.Id}", $"/Trading/Sections?q={prefix}" })
        {
            var html = await admin.GetStringAsync(url);
            AssertEscaped(html);
        }
    }

    [Fact]
    public async Task ImportPage_HostileFileNameAndContent_EscapedNever500()
    {
        var client = await factory.CreateUserAndLoginAsync(Roles.TradingCenter);
        var token = await JianguanFactory.GetAntiforgeryTokenAsync(client, "/Trading/Import");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("TENDER_PROJECT_CODE,BID_SECTION_CODE,BIDDER_NAME,BID_PRICE\nP,S,公司,=cmd|' /C calc'!A0\n")), "files", "<img src=x onerror=alert(1)>.csv" },
            { new ByteArrayContent([0xFF, 0xFE, 0x00, 0x3C, 0x00]), "files", "../../etc/passwd.csv" },
        };

        var response = await client.PostAsync("/Trading/Import", content);
        var html = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode < 500, $"status {(int)response.StatusCode}");
        AssertEscaped(html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;.csv", html, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public async Task ImportPage_MutatedRealFiles_Never500()
    {
        var client = await factory.CreateUserAndLoginAsync(Roles.TradingCenter);
        var original = File.ReadAllBytes(SharedData.Path("cn", "luan_bid_openings_2023-10-09.xlsx"));
        foreach (var (kind, bytes) in HostileInputTests.Mutants(original, 21, lines: false).Take(3))
        {
            var token = await JianguanFactory.GetAntiforgeryTokenAsync(client, "/Trading/Import");
            using var content = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new ByteArrayContent(bytes), "files", kind + ".xlsx" },
            };
            var response = await client.PostAsync("/Trading/Import", content);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{kind}: {(int)response.StatusCode}");
        }
    }

    [Theory]
    [InlineData(Script, Script)]
    [InlineData("<img src=x onerror=alert(1)>", "x")]
    [InlineData("admin' OR '1'='1", "' OR 1=1 --")]
    public async Task Login_HostileCredentials_RefusedEscapedNever500(string userName, string password)
    {
        var client = factory.CreateAnonymousClient();
        var response = await JianguanFactory.PostFormAsync(client, "/Account/Login", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertEscaped(html);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Login_HugeFields_RefusedNever500()
    {
        var client = factory.CreateAnonymousClient();
        var token = await JianguanFactory.GetAntiforgeryTokenAsync(client, "/Account/Login");
        using var body = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = new string('a', 1024 * 1024),
            ["Input.Password"] = new string('b', 1024 * 1024),
        });

        var response = await client.PostAsync("/Account/Login", body);

        Assert.True((int)response.StatusCode is 200 or 400 or 413, $"status {(int)response.StatusCode}");
        Assert.Null(response.Headers.Location);
    }

    [SharedDataFact]
    public async Task CalendarAdmin_MutatedAndMisencodedYearFiles_400WithReasonNothingStored()
    {
        var client = await factory.CreateUserAndLoginAsync(Roles.OfficeAdmin);
        var original = File.ReadAllBytes(SharedData.Path("calendar", "holiday-cn", "2025.json"));
        var text = Encoding.UTF8.GetString(original);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var files = HostileInputTests.Mutants(original, 31).ToList();
        files.Add(("gb18030", Encoding.GetEncoding("GB18030").GetBytes(text)));
        files.Add(("utf16", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]));
        files.Add(("script", Encoding.UTF8.GetBytes(text.Replace("元旦", Script, StringComparison.Ordinal).Replace("\"year\"", "\"year<img src=x onerror=alert(1)>\"", StringComparison.Ordinal))));
        files.Add(("huge", Encoding.UTF8.GetBytes(new string(' ', 300 * 1024) + text)));
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JianguanDbContext>();
        foreach (var (kind, bytes) in files)
        {
            var before = await db.HolidayYears.AsNoTracking().Select(h => h.Year).ToListAsync();
            var token = await JianguanFactory.GetAntiforgeryTokenAsync(client, "/Admin/Calendar");
            using var content = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new ByteArrayContent(bytes), "file", "2025.json" },
            };
            var response = await client.PostAsync("/Admin/Calendar", content);
            var html = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Redirect, $"{kind}: {(int)response.StatusCode}");
            AssertEscaped(html);
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                Assert.Matches("[\\u4e00-\\u9fff]", html);
                Assert.Equal(before, await db.HolidayYears.AsNoTracking().Select(h => h.Year).ToListAsync());
            }
        }
    }
}
