using System.Globalization;
using System.Text;
using System.Text.Json;
using Jianguan.Features.Analysis;

namespace Jianguan.Tests.Import;

/// <summary>
/// The bulk paths of the import on both providers (PostgreSQL: chunks of 2,000 fragments, new bids copied, stored bids
/// merged set-based from a staging table): a file spanning several chunks merges into stored bids as row-by-row
/// upserts would (counts, values, a bid named twice), and the analysis summary follows what changed only.
/// </summary>
[Trait("Category", "Database")]
public sealed class BulkMergeTests
{
    private const string Header =
        "TENDER_PROJECT_CODE,BID_SECTION_CODE,BIDDER_NAME,BIDDER_ORG_CODE,BID_PRICE,BID_STATUS,CONTACT_PHONE\n";

    private const int Sections = 1_300;

    /// <summary>Two bids per section, 2,600 rows: more than one PostgreSQL chunk.</summary>
    private static string Market(Func<int, int, decimal> price, Func<int, int, string> phone)
    {
        var text = new StringBuilder(Header);
        for (var s = 0; s < Sections; s++)
        {
            for (var b = 0; b < 2; b++)
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"P{s / 3},S{s % 3},投标公司{(s + b) % 50}号,,{price(s, b)},有效,{phone(s, b)}\n");
            }
        }

        return text.ToString();
    }

    /// <summary>A bidder's contact phone; with <paramref name="changed"/> every 11th section's first bidder has a new one.</summary>
    private static string Phone(int s, int b, bool changed) =>
        (changed && s % 11 == 0 && b == 0 ? "1390000" : "1380000") + ((s + b) % 50).ToString("0000", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Reimport_AcrossChunks_MergesChangesAndCountsThem()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var first = Market((s, b) => 1000 + s + b, (s, b) => Phone(s, b, changed: false));
        var summary = await t.ImportAsync(t.File("first.csv", first));
        Assert.Equal((0, Sections * 2, Sections * 2), (summary.Rejected, summary.Bids, summary.RowsNew));

        // The same file again: nothing new, nothing updated, the summary rows untouched.
        var before = await SnapshotAsync(t);
        var again = await t.ImportAsync(t.File("again.csv", first));
        Assert.Equal((0, 0, Sections * 2), (again.RowsNew, again.RowsUpdated, again.RowsUnchanged));
        Assert.Equal(before, await SnapshotAsync(t));

        // Every 7th section gets new prices for both bids, every 11th a new contact phone for its first bidder (an
        // encrypted column: changed by its blind index); the last section's first bid is named twice, the later
        // fragment winning.
        var changed = Market((s, b) => s % 7 == 0 ? 2000 + s + b : 1000 + s + b, (s, b) => Phone(s, b, changed: true));
        var last = Sections - 1;
        changed += string.Create(CultureInfo.InvariantCulture, $"P{last / 3},S{last % 3},投标公司{last % 50}号,,777,有效,\n");
        var merge = await t.ImportAsync(t.File("changed.csv", changed));

        // Each changed row counts once; the repeated fragment is one more updated row.
        var updated = Enumerable.Range(0, Sections).Sum(s => (s % 7 == 0 ? 2 : 0) + (s % 11 == 0 && s % 7 != 0 ? 1 : 0)) + 1;
        Assert.Equal(0, merge.RowsNew);
        Assert.Equal(updated, merge.RowsUpdated);
        Assert.Equal(Sections * 2 + 1 - updated, merge.RowsUnchanged);

        var bids = await t.Db.Bids.AsNoTracking()
            .Select(b => new { Project = b.Section!.Project!.Code, Section = b.Section.Code, Bidder = b.Bidder!.Name, b.Price, b.ContactPhoneHash })
            .ToListAsync();
        Assert.Equal(Sections * 2, bids.Count);
        for (var s = 0; s < Sections; s++)
        {
            for (var b = 0; b < 2; b++)
            {
                var project = $"P{s / 3}";
                var section = $"S{s % 3}";
                var bidder = $"投标公司{(s + b) % 50}号";
                var stored = bids.Single(x => x.Project == project && x.Section == section && x.Bidder == bidder);
                var expected = s == last && b == 0 ? 777m : s % 7 == 0 ? 2000 + s + b : 1000 + s + b;
                Assert.Equal(expected, stored.Price);
                Assert.Equal(t.Cipher.BlindIndex(Phone(s, b, changed: true), global::Jianguan.Platform.Crypto.BlindNormalisation.Digits), stored.ContactPhoneHash);
            }
        }

        // The summary kept file by file equals a full rebuild.
        var incremental = await SnapshotAsync(t);
        await using (var tx = await t.Db.Database.BeginTransactionAsync())
        {
            await AnalysisSummary.RebuildAsync(t.Db);
            await tx.CommitAsync();
        }

        Assert.Equal(await SnapshotAsync(t), incremental);
    }

    [Fact]
    public async Task SectionsThenBids_InLaterChunks_CopiedOnceAndSummarised()
    {
        await using var t = await ImportTestDb.CreateAsync();

        // The sections first, without bids; then their bids, then the awards (no bids: the stored bidders are not needed).
        var sections = new StringBuilder("TENDER_PROJECT_CODE,BID_SECTION_CODE,BID_SECTION_NAME,CONTROL_PRICE\n");
        for (var s = 0; s < Sections; s++)
        {
            sections.Append(CultureInfo.InvariantCulture, $"P{s / 3},S{s % 3},标段{s},{5000 + s}\n");
        }

        await t.ImportAsync(t.File("sections.csv", sections.ToString()));
        var bids = await t.ImportAsync(t.File("bids.csv", Market((s, b) => 1000 + s + b, (_, _) => "")));
        Assert.Equal((0, Sections * 2, 0), (bids.Rejected, bids.RowsNew, bids.RowsUpdated));
        var awards = new StringBuilder("TENDER_PROJECT_CODE,BID_SECTION_CODE,WIN_BIDDER_NAME,BID_AMOUNT\n");
        for (var s = 0; s < Sections; s++)
        {
            awards.Append(CultureInfo.InvariantCulture, $"P{s / 3},S{s % 3},投标公司{s % 50}号,{1000 + s}\n");
        }

        var award = await t.ImportAsync(t.File("awards.csv", awards.ToString()));
        Assert.Equal((0, 0, Sections), (award.Rejected, award.RowsNew, award.RowsUpdated));
        Assert.Empty(award.Warnings);

        Assert.Equal(Sections * 2, await t.Db.Bids.CountAsync());
        var rows = await t.Db.Set<AnalysisSection>().AsNoTracking().ToListAsync();
        Assert.Equal(Sections, rows.Count);
        Assert.All(rows, r => Assert.Equal((2, 2), (r.Bidders, r.BidRows)));
        Assert.All(rows, r => Assert.NotNull(r.WinnerId));
        Assert.All(rows, r => Assert.Equal(1000 + int.Parse(r.SectionName![2..], CultureInfo.InvariantCulture), r.AwardAmount));
    }

    private static async Task<string> SnapshotAsync(ImportTestDb t) =>
        JsonSerializer.Serialize(await t.Db.Set<AnalysisSection>().AsNoTracking().OrderBy(s => s.SectionId).ToListAsync());
}
