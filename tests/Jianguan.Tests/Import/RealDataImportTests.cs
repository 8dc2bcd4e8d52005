using Jianguan.Features.Trading.Import;

namespace Jianguan.Tests.Import;

/// <summary>The real portal exports in ../shared/data/cn: each imports or is refused with a clear error, never a crash.</summary>
[Trait("Category", "Database")]
public class RealDataImportTests
{
    public static TheoryData<string> ChineseFiles()
    {
        var data = new TheoryData<string>();
        if (SharedData.Root is null || !Directory.Exists(SharedData.Path("cn")))
        {
            data.Add("(shared data absent)");
            return data;
        }

        foreach (var file in Directory.EnumerateFiles(SharedData.Path("cn"), "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
                     .Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(SharedData.Path("cn"), file));
        }

        return data;
    }

    [SharedDataTheory]
    [MemberData(nameof(ChineseFiles))]
    public async Task ImportAsync_RealPortalFile_ImportsOrRefusesClearly(string relative)
    {
        await using var t = await ImportTestDb.CreateAsync();
        var path = SharedData.Path("cn", relative);

        var summary = await t.ImportAsync(path);

        if (summary.Files == 1)
        {
            Assert.Equal(0, summary.Rejected);
            Assert.True(summary.Projects > 0);
            Assert.Equal(summary.Projects, await t.Db.Projects.CountAsync());
            // Decoded, not mojibake: names hold Chinese characters and no replacement characters.
            var names = await t.Db.Projects.Where(p => p.Name != null).Select(p => p.Name!).Take(50).ToListAsync();
            Assert.NotEmpty(names);
            Assert.All(names, n => Assert.DoesNotContain('\uFFFD', n));
            Assert.Contains(names, n => n.Any(c => c is >= '\u4E00' and <= '\u9FFF'));
        }
        else
        {
            Assert.True(summary.Rejected > 0);
            Assert.NotEmpty(summary.Errors);
            Assert.All(summary.Errors, e => Assert.Equal(Path.GetFileName(path), e.File));
            Assert.Contains(summary.Errors, e => e.Line > 0 && e.Field.Length > 0);
            Assert.Equal(0, await t.Db.Projects.CountAsync());

            // The same file with --partial keeps its good rows.
            var partial = await t.ImportAsync(new ImportOptions(Partial: true), path);
            Assert.Equal(1, partial.Files);
            Assert.True(partial.Projects > 0);
            Assert.Equal(summary.Rejected, partial.Rejected);
        }
    }

    [SharedDataFact]
    public async Task ImportAsync_RawGb18030Exports_DecodedAsGb18030()
    {
        await using var t = await ImportTestDb.CreateAsync();

        var summary = await t.ImportAsync(
            SharedData.Path("cn", "raw-gb18030", "lishui_bid_openings_gb18030.csv"),
            SharedData.Path("cn", "raw-gb18030", "hangzhou_bid_openings_2023-10-30_gb18030.csv"));

        Assert.Equal(2, summary.Files);
        var project = await t.Db.Projects.SingleAsync(p => p.Code == "A3311011160013121");
        Assert.Equal("龙泉市剑池片区2023年度老旧小区改造工程", project.Name);
        var hz = await t.Db.Sections.Include(s => s.Project).SingleAsync(s => s.Code == "A3301020070508718001211");
        Assert.Equal(("笕桥街道卫生服务新中心提升改造（二期）工程", "施工项目", 1859),
            (hz.Project!.Name, hz.Project.CategoryDetail, hz.DeclaredBidderCount));
        Assert.Equal(new DateTimeOffset(2023, 10, 30, 9, 30, 0, TimeSpan.FromHours(8)), hz.BidOpenAt);
    }

    [SharedDataFact]
    public async Task ImportAsync_WpsWorkbookWith16384Columns_ReadQuickly()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var summary = await t.ImportAsync(SharedData.Path("cn", "hangzhou_awards_2023-10-30.xlsx"));

        Assert.Equal(1, summary.Files);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"took {watch.Elapsed}");
        var section = await t.Db.Sections.Include(s => s.Project).SingleAsync(s => s.Code == "A3301300180280009001231");
        Assert.Equal(("2023年钱塘区交通安全隐患整治工程", 2017968m), (section.Project!.Name, section.AwardAmount));
        Assert.Equal(new DateTimeOffset(2023, 6, 26, 14, 0, 0, TimeSpan.FromHours(8)), section.BidOpenAt);
    }
}
