using System.Globalization;
using System.Text;
using System.Text.Json;
using Jianguan.Features.Analysis;
using Jianguan.Features.Trading.Import;

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

    /// <summary>
    /// PostgreSQL chunks of 2,000 fragments or 20,000 bids (the writer's default is larger): the files below then span
    /// several chunks.
    /// </summary>
    private static readonly ImportOptions Chunked = new() { Chunk = (2_000, 20_000) };

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
        var summary = await t.ImportAsync(Chunked, t.File("first.csv", first));
        Assert.Equal((0, Sections * 2, Sections * 2), (summary.Rejected, summary.Bids, summary.RowsNew));

        // The same file again: nothing new, nothing updated, the summary rows untouched.
        var before = await SnapshotAsync(t);
        var again = await t.ImportAsync(Chunked, t.File("again.csv", first));
        Assert.Equal((0, 0, Sections * 2), (again.RowsNew, again.RowsUpdated, again.RowsUnchanged));
        Assert.Equal(before, await SnapshotAsync(t));

        // Every 7th section gets new prices for both bids, every 11th a new contact phone for its first bidder (an
        // encrypted column: changed by its blind index); the last section's first bid is named twice, the later
        // fragment winning.
        var changed = Market((s, b) => s % 7 == 0 ? 2000 + s + b : 1000 + s + b, (s, b) => Phone(s, b, changed: true));
        var last = Sections - 1;
        changed += string.Create(CultureInfo.InvariantCulture, $"P{last / 3},S{last % 3},投标公司{last % 50}号,,777,有效,\n");
        var merge = await t.ImportAsync(Chunked, t.File("changed.csv", changed));

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

        await t.ImportAsync(Chunked, t.File("sections.csv", sections.ToString()));
        var bids = await t.ImportAsync(Chunked, t.File("bids.csv", Market((s, b) => 1000 + s + b, (_, _) => "")));
        Assert.Equal((0, Sections * 2, 0), (bids.Rejected, bids.RowsNew, bids.RowsUpdated));
        var awards = new StringBuilder("TENDER_PROJECT_CODE,BID_SECTION_CODE,WIN_BIDDER_NAME,BID_AMOUNT\n");
        for (var s = 0; s < Sections; s++)
        {
            awards.Append(CultureInfo.InvariantCulture, $"P{s / 3},S{s % 3},投标公司{s % 50}号,{1000 + s}\n");
        }

        var award = await t.ImportAsync(Chunked, t.File("awards.csv", awards.ToString()));
        Assert.Equal((0, 0, Sections), (award.Rejected, award.RowsNew, award.RowsUpdated));
        Assert.Empty(award.Warnings);

        Assert.Equal(Sections * 2, await t.Db.Bids.CountAsync());
        var rows = await t.Db.Set<AnalysisSection>().AsNoTracking().ToListAsync();
        Assert.Equal(Sections, rows.Count);
        Assert.All(rows, r => Assert.Equal((2, 2), (r.Bidders, r.BidRows)));
        Assert.All(rows, r => Assert.NotNull(r.WinnerId));
        Assert.All(rows, r => Assert.Equal(1000 + int.Parse(r.SectionName![2..], CultureInfo.InvariantCulture), r.AwardAmount));
    }

    private const string SectionHeader = "TENDER_PROJECT_CODE,TENDER_PROJECT_NAME,BID_SECTION_CODE,BID_SECTION_NAME,CONTROL_PRICE\n";

    /// <summary>2,500 sections of 834 projects (three a project): more than one PostgreSQL chunk.</summary>
    private const int ListedSections = 2_500;

    /// <summary>
    /// The sections table: with <paramref name="changed"/>, every 5th project has a new name (on each of its rows), every
    /// 7th section a new control price, section 10 is named twice in a row (the later price wins), and a new project
    /// with two sections comes in the middle of the file.
    /// </summary>
    private static string SectionTable(bool changed)
    {
        var text = new StringBuilder(SectionHeader);
        for (var s = 0; s < ListedSections; s++)
        {
            var p = s / 3;
            var name = changed && p % 5 == 0 ? $"项目{p}（变更）" : $"项目{p}";
            text.Append(CultureInfo.InvariantCulture, $"P{p},{name},S{s % 3},标段{s},{ControlPrice(s, changed)}\n");
            if (changed && s == 10)
            {
                text.Append(CultureInfo.InvariantCulture, $"P{p},{name},S{s % 3},标段{s},4321\n");
            }

            if (changed && s == 1_000)
            {
                text.Append("PNEW,新项目,S0,新标段0,100\nPNEW,新项目,S1,新标段1,200\n");
            }
        }

        return text.ToString();
    }

    private static decimal ControlPrice(int s, bool changed) => changed && s % 7 == 0 ? 9000 + s : 5000 + s;

    [Fact]
    public async Task Reimport_ChangedSectionsAndProjects_UpdatesExactlyThoseAndKeepsTheRest()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var first = await t.ImportAsync(Chunked, t.File("sections.csv", SectionTable(changed: false)));
        Assert.Equal((0, ListedSections, 0), (first.Rejected, first.RowsNew, first.RowsUpdated));
        var stored = await RowsAsync(t);
        Assert.Equal(834 + ListedSections, stored.Count);

        // The same file again changes nothing: no row rewritten (PostgreSQL: the same row versions), the same ids.
        var again = await t.ImportAsync(Chunked, t.File("again.csv", SectionTable(changed: false)));
        Assert.Equal((0, 0, ListedSections), (again.RowsNew, again.RowsUpdated, again.RowsUnchanged));
        Assert.Equal(stored, await RowsAsync(t));

        var summaryBefore = await SnapshotAsync(t);
        var merge = await t.ImportAsync(Chunked, t.File("changed.csv", SectionTable(changed: true)));

        // A row counts as updated when its section changed or it is the first row of a renamed project; the repeated
        // section 10 is one more updated row, the new project's two rows are new.
        var updated = Enumerable.Range(0, ListedSections).Count(s => s % 7 == 0 || (s / 3 % 5 == 0 && s % 3 == 0)) + 1;
        Assert.Equal((0, 2, updated, ListedSections - (updated - 1)), (merge.Rejected, merge.RowsNew, merge.RowsUpdated, merge.RowsUnchanged));

        var after = await RowsAsync(t);
        Assert.Equal(stored.Count + 3, after.Count);
        foreach (var (key, before) in stored)
        {
            var now = after[key];
            Assert.Equal(before.Id, now.Id);
            var p = int.Parse(key[(key.IndexOf('P', StringComparison.Ordinal) + 1)..].Split('/')[0], CultureInfo.InvariantCulture);
            bool changed;
            if (key.StartsWith("project:", StringComparison.Ordinal))
            {
                changed = p % 5 == 0;
                Assert.Equal(changed ? $"项目{p}（变更）" : $"项目{p}", now.Value);
            }
            else
            {
                var s = int.Parse(now.Value.Split('|')[0][2..], CultureInfo.InvariantCulture);
                changed = s % 7 == 0 || s == 10;
                var price = s == 10 ? 4321m : ControlPrice(s, changed: true);
                Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"标段{s}|{price:0.00}"), now.Value);
            }

            // Only the changed rows were written (a row version exists on PostgreSQL only).
            if (before.Version is not null)
            {
                Assert.True(changed != (before.Version == now.Version), $"{key}: changed {changed}, version {before.Version} → {now.Version}");
            }
        }

        // The new project and its sections come after every stored row.
        var newIds = after.Where(r => r.Key.Contains("PNEW", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, newIds.Count);
        Assert.All(newIds, r => Assert.DoesNotContain(r.Value.Id, stored.Values.Where(v => v.Kind == r.Value.Kind).Select(v => v.Id)));

        // The summary kept file by file equals a full rebuild, and changed with the file.
        var incremental = await SnapshotAsync(t);
        Assert.NotEqual(summaryBefore, incremental);
        await using (var tx = await t.Db.Database.BeginTransactionAsync())
        {
            await AnalysisSummary.RebuildAsync(t.Db);
            await tx.CommitAsync();
        }

        Assert.Equal(await SnapshotAsync(t), incremental);

        // Importing the changed file once more changes only section 10 (P3/S1), back and forth by its two rows.
        var twice = await t.ImportAsync(Chunked, t.File("changed-again.csv", SectionTable(changed: true)));
        Assert.Equal((0, 2), (twice.RowsNew, twice.RowsUpdated));
        var final = await RowsAsync(t);
        const string Twice = "section:P3/S1";
        Assert.Equal(after.Where(r => r.Key != Twice).OrderBy(r => r.Key, StringComparer.Ordinal),
            final.Where(r => r.Key != Twice).OrderBy(r => r.Key, StringComparer.Ordinal));
        Assert.Equal(after[Twice] with { Version = null }, final[Twice] with { Version = null });
    }

    [Fact]
    public async Task ChangedFile_RefusedAfterItsFirstChunk_ChangesNothing()
    {
        await using var t = await ImportTestDb.CreateAsync();
        await t.ImportAsync(Chunked, t.File("sections.csv", SectionTable(changed: false)));
        var stored = await RowsAsync(t);
        var summary = await SnapshotAsync(t);

        // Row 2,400 has a blank section code: the rows before it were written (on PostgreSQL, a whole chunk), then the
        // file is rolled back.
        var lines = SectionTable(changed: true).Split('\n').ToList();
        lines[2_400] = "P799,项目799,,标段2400,1";
        var refused = await t.ImportAsync(Chunked, t.File("refused.csv", string.Join('\n', lines)));

        Assert.Equal(1, refused.Rejected);
        Assert.Equal((0, 0), (refused.RowsNew, refused.RowsUpdated));
        Assert.Equal(stored, await RowsAsync(t));
        Assert.Equal(summary, await SnapshotAsync(t));
    }

    private sealed record StoredRow(string Kind, long Id, string Value, string? Version);

    /// <summary>
    /// Every project ("project:P1" → name) and section ("section:P1/S0" → name|control price) with its id and, on
    /// PostgreSQL, its row version (xmin: a new one at every write of the row).
    /// </summary>
    private static async Task<Dictionary<string, StoredRow>> RowsAsync(ImportTestDb t)
    {
        var postgres = !t.Db.Database.IsSqlite();
        var version = postgres ? "x.xmin::text" : "NULL";
        var rows = new Dictionary<string, StoredRow>(StringComparer.Ordinal);
        var connection = t.Db.Database.GetDbConnection();
        await t.Db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText =
                $"""
                SELECT 'project:' || x."Code", 'project', x."Id", x."Name", {version} FROM "TradingProjects" x
                UNION ALL
                SELECT 'section:' || p."Code" || '/' || x."Code", 'section', x."Id", x."Name" || '|' || {(postgres ? "to_char(x.\"ControlPrice\", 'FM999999990.00')" : "printf('%.2f', x.\"ControlPrice\")")}, {version}
                FROM "Sections" x JOIN "TradingProjects" p ON p."Id" = x."ProjectId"
                """;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0), new StoredRow(reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4)));
            }
        }
        finally
        {
            await t.Db.Database.CloseConnectionAsync();
        }

        return rows;
    }

    /// <summary>The summary rows as JSON in section order, without their revision stamps (which refresh wrote them).</summary>
    private static async Task<string> SnapshotAsync(ImportTestDb t) =>
        JsonSerializer.Serialize((await t.Db.Set<AnalysisSection>().AsNoTracking().OrderBy(s => s.SectionId).ToListAsync())
            .Select(s => { s.Revision = 0; return s; }));
}
