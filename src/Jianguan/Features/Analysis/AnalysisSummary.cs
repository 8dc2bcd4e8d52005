using Jianguan.Analytics.Data;
using Jianguan.Features.Trading;
using Jianguan.Platform.Time;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Jianguan.Features.Analysis;

/// <summary>
/// One section as the analyses read it (ADR-021): the project's attributes flattened in and the figures of its bids
/// computed once (bidders held, valid bidders, bid rows, dispersion), so that the dashboards never read the bids
/// table for prices and efficiency. Firm names and credit codes are not copied: they are joined from the entity at
/// read time, so a renamed firm cannot leave a stale name behind. Kept by <see cref="AnalysisSummary"/>.
/// </summary>
public sealed class AnalysisSection
{
    public long SectionId { get; set; }
    public Section? Section { get; set; }
    public long ProjectId { get; set; }
    public required string ProjectCode { get; set; }
    public string? ProjectName { get; set; }
    public required string SectionCode { get; set; }
    public string? SectionName { get; set; }
    public TradingCategory Category { get; set; }
    public string? Region { get; set; }
    public string? Department { get; set; }

    /// <summary>The project's supervising member unit: with the category, what a member unit's data scope reads.</summary>
    public int? SupervisingOrganisationId { get; set; }
    public long? TendererId { get; set; }
    public MarketEntity? Tenderer { get; set; }
    public long? AgencyId { get; set; }
    public MarketEntity? Agency { get; set; }
    public long? WinnerId { get; set; }
    public MarketEntity? Winner { get; set; }
    public decimal? ControlPrice { get; set; }
    public decimal? EstimatedPrice { get; set; }
    public decimal? Budget { get; set; }
    public decimal? AwardAmount { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset? NoticeAt { get; set; }
    public DateTimeOffset? BidOpenAt { get; set; }
    public DateTimeOffset? AwardAt { get; set; }
    public int? DeclaredBidders { get; set; }

    /// <summary>The trading day (bid opening, else notice, else the project's publication): what the period filters.</summary>
    public DateTimeOffset? Day { get; set; }

    /// <summary>The year of <see cref="Day"/> in Beijing time (entrants and exits are counted by it in SQL).</summary>
    public int? Year { get; set; }

    /// <summary>Distinct bidders with a bid held for the section.</summary>
    public int Bidders { get; set; }

    /// <summary>Distinct bidders whose bid is valid.</summary>
    public int ValidBidders { get; set; }

    /// <summary>Bid rows held (any status).</summary>
    public int BidRows { get; set; }

    /// <summary>Coefficient of variation of the valid, priced bids in percent (<see cref="Stats.Dispersion"/>).</summary>
    public decimal? Dispersion { get; set; }

    /// <summary>The summary revision that wrote the row (<see cref="AnalysisRevision"/>): what a process's copy reads past.</summary>
    public long Revision { get; set; }
}

/// <summary>
/// The summary's revision counter (ADR-023), one row: every refresh takes the next value at its start (the update
/// holds the row until the refresh commits, so revisions commit in order) and stamps the rows it writes with it.
/// <see cref="Reset"/> is the revision of the last rebuild of the whole table; <see cref="Instance"/> tells one
/// database from another when both are at the same revision.
/// </summary>
public sealed class AnalysisRevision
{
    public int Id { get; set; }
    public required string Instance { get; set; }
    public long Value { get; set; }
    public long Reset { get; set; }
}

/// <summary>A section whose summary row a refresh removed (the section is no longer stored), with that revision.</summary>
public sealed class AnalysisRemoval
{
    public long SectionId { get; set; }
    public long Revision { get; set; }
}

/// <summary>Trading rows saved through the change tracker, whose summary rows follow them.</summary>
public sealed class PendingRows
{
    public List<Section> Sections { get; } = [];
    public List<Bid> Bids { get; } = [];
    public List<TradingProject> Projects { get; } = [];

    /// <summary>Firms were saved: the summary rows join their names and credit codes, so the revision moves.</summary>
    public bool Entities { get; set; }
}

internal sealed class AnalysisSectionConfiguration : IEntityTypeConfiguration<AnalysisSection>
{
    public void Configure(EntityTypeBuilder<AnalysisSection> b)
    {
        b.ToTable("AnalysisSections");
        b.HasKey(s => s.SectionId);
        b.Property(s => s.SectionId).ValueGeneratedNever();
        b.Property(s => s.ProjectCode).HasMaxLength(200);
        b.Property(s => s.ProjectName).HasMaxLength(500);
        b.Property(s => s.SectionCode).HasMaxLength(200);
        b.Property(s => s.SectionName).HasMaxLength(500);
        b.Property(s => s.Region).HasMaxLength(100);
        b.Property(s => s.Department).HasMaxLength(200);
        b.HasOne(s => s.Section).WithOne().HasForeignKey<AnalysisSection>(s => s.SectionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(s => s.Tenderer).WithMany().HasForeignKey(s => s.TendererId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(s => s.Agency).WithMany().HasForeignKey(s => s.AgencyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(s => s.Winner).WithMany().HasForeignKey(s => s.WinnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(s => s.Day);
        b.HasIndex(s => new { s.Category, s.Day });
        b.HasIndex(s => s.ProjectId);
        b.HasIndex(s => s.Revision);
    }
}

internal sealed class AnalysisRevisionConfiguration : IEntityTypeConfiguration<AnalysisRevision>
{
    public void Configure(EntityTypeBuilder<AnalysisRevision> b)
    {
        b.ToTable("AnalysisRevisions");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Instance).HasMaxLength(36);
    }
}

internal sealed class AnalysisRemovalConfiguration : IEntityTypeConfiguration<AnalysisRemoval>
{
    public void Configure(EntityTypeBuilder<AnalysisRemoval> b)
    {
        b.ToTable("AnalysisRemovals");
        b.HasKey(r => r.SectionId);
        b.Property(r => r.SectionId).ValueGeneratedNever();
        b.HasIndex(r => r.Revision);
    }
}

/// <summary>
/// Keeps <see cref="AnalysisSection"/> equal to the trading tables (ADR-021): the import refreshes the sections a file
/// touched inside the file's transaction (<see cref="RefreshAfterImportAsync"/>), and <see cref="RebuildAsync"/>
/// recomputes every row (<c>jianguan analysis rebuild</c>; also run by the migration step when the table is empty and
/// sections exist). Both compute a row with the same function, <see cref="Build"/>, and write the rows with
/// <see cref="AnalysisSummaryRows"/> (binary COPY on PostgreSQL, a prepared INSERT on SQLite; no change tracking).
/// </summary>
public static class AnalysisSummary
{
    /// <summary>Sections refreshed per round trip.</summary>
    public const int Batch = 2000;

    /// <summary>
    /// After an import file's rows are stored, in its transaction: the sections it wrote, the sections of the projects
    /// it wrote (a project's category, region, budget … are copied into its sections' rows) and the rows naming a firm
    /// that the file's entity merges moved to another entity.
    /// </summary>
    public static async Task RefreshAfterImportAsync(JianguanDbContext db, IReadOnlyCollection<long> sections, IReadOnlyCollection<long> projects,
        IReadOnlyCollection<long> mergedEntities, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(projects);
        ArgumentNullException.ThrowIfNull(mergedEntities);
        var ids = new HashSet<long>(sections);
        foreach (var chunk in projects.Chunk(Batch))
        {
            ids.UnionWith(await db.Sections.AsNoTracking().Where(s => chunk.Contains(s.ProjectId)).Select(s => s.Id).ToListAsync(ct));
        }

        foreach (var chunk in mergedEntities.Chunk(Batch))
        {
            ids.UnionWith(await db.Set<AnalysisSection>().AsNoTracking()
                .Where(s => (s.WinnerId != null && chunk.Contains(s.WinnerId.Value)) || (s.TendererId != null && chunk.Contains(s.TendererId.Value))
                    || (s.AgencyId != null && chunk.Contains(s.AgencyId.Value)))
                .Select(s => s.SectionId)
                .ToListAsync(ct));
        }

        await RefreshAsync(db, ids, ct);
    }

    /// <summary>
    /// The trading rows a context is about to save (sections, bids, projects added, changed or removed), or null when
    /// there are none; read after the save by <see cref="RefreshAsync(JianguanDbContext, PendingRows, CancellationToken)"/>
    /// (generated ids are known then).
    /// </summary>
    public static PendingRows? Pending(ChangeTracker tracker)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        if (!tracker.HasChanges())
        {
            return null;
        }

        var pending = new PendingRows();
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            switch (entry.Entity)
            {
                case Section s:
                    pending.Sections.Add(s);
                    break;
                case Bid b:
                    pending.Bids.Add(b);
                    break;
                case TradingProject p:
                    pending.Projects.Add(p);
                    break;
                case MarketEntity:
                    pending.Entities = true;
                    break;
            }
        }

        return pending.Sections.Count + pending.Bids.Count + pending.Projects.Count == 0 && !pending.Entities ? null : pending;
    }

    /// <summary>After the save: the rows of the sections saved, of the sections of the bids and projects saved.</summary>
    public static async Task RefreshAsync(JianguanDbContext db, PendingRows pending, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(pending);
        await RefreshAfterImportAsync(db, [.. pending.Sections.Select(s => s.Id).Concat(pending.Bids.Select(b => b.SectionId))],
            [.. pending.Projects.Select(p => p.Id)], [], ct);
    }

    /// <summary>
    /// Recomputes the rows of these sections (removing those of sections no longer stored) under the next revision
    /// (taken even when there are none: an import may have renamed firms, which the rows join), in the caller's
    /// transaction or one of its own.
    /// </summary>
    public static async Task<int> RefreshAsync(JianguanDbContext db, IEnumerable<long> sectionIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(sectionIds);
        return await InTransactionAsync(db, async () =>
        {
            var revision = await NextRevisionAsync(db, rebuild: false, ct);
            var written = 0;
            foreach (var chunk in sectionIds.Order().Chunk(Batch))
            {
                await db.Set<AnalysisSection>().Where(s => chunk.Contains(s.SectionId)).ExecuteDeleteAsync(ct);
                var rows = await InsertAsync(db, chunk, revision, ct);
                written += rows.Count;
                if (rows.Count < chunk.Length)
                {
                    await LogRemovalsAsync(db, chunk.Except(rows), revision, ct);
                }
            }

            return written;
        }, ct);
    }

    /// <summary>Empties the table and computes every row again under a revision that resets every copy; returns the number of rows.</summary>
    public static async Task<int> RebuildAsync(JianguanDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await InTransactionAsync(db, async () =>
        {
            var revision = await NextRevisionAsync(db, rebuild: true, ct);
            await db.Set<AnalysisSection>().ExecuteDeleteAsync(ct);
            var written = 0;
            long after = 0;
            while (true)
            {
                var chunk = await db.Sections.AsNoTracking().Where(s => s.Id > after).OrderBy(s => s.Id).Select(s => s.Id).Take(Batch).ToArrayAsync(ct);
                if (chunk.Length == 0)
                {
                    break;
                }

                written += (await InsertAsync(db, chunk, revision, ct)).Count;
                after = chunk[^1];
            }

            return written;
        }, ct);
    }

    /// <summary>
    /// The revision counter's row (created on first use): the database's instance, the last committed revision and the
    /// revision of the last rebuild.
    /// </summary>
    public static async Task<AnalysisRevision> RevisionAsync(JianguanDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        while (true)
        {
            if (await db.Set<AnalysisRevision>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == 1, ct) is { } row)
            {
                return row;
            }

            await CreateRevisionRowAsync(db, ct);
        }
    }

    /// <summary>
    /// Takes the next revision: the update holds the counter's row until the caller's transaction ends, so a second
    /// refresh waits for the first to commit and revisions become visible in order. A rebuild also marks the revision
    /// as a reset (a copy older than it reloads everything).
    /// </summary>
    private static async Task<long> NextRevisionAsync(JianguanDbContext db, bool rebuild, CancellationToken ct)
    {
        var sql = rebuild
            ? """UPDATE "AnalysisRevisions" SET "Value" = "Value" + 1, "Reset" = "Value" + 1 WHERE "Id" = 1 RETURNING "Value" """
            : """UPDATE "AnalysisRevisions" SET "Value" = "Value" + 1 WHERE "Id" = 1 RETURNING "Value" """;
        while (true)
        {
            if ((await db.Database.SqlQueryRaw<long>(sql).ToListAsync(ct)) is [var value])
            {
                return value;
            }

            await CreateRevisionRowAsync(db, ct);
        }
    }

    private static Task<int> CreateRevisionRowAsync(JianguanDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync(
            """INSERT INTO "AnalysisRevisions" ("Id", "Instance", "Value", "Reset") VALUES (1, {0}, 0, 0) ON CONFLICT ("Id") DO NOTHING""",
            [Guid.NewGuid().ToString("D")], ct);

    private static async Task LogRemovalsAsync(JianguanDbContext db, IEnumerable<long> sections, long revision, CancellationToken ct)
    {
        foreach (var id in sections)
        {
            await db.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO "AnalysisRemovals" ("SectionId", "Revision") VALUES ({0}, {1})
                ON CONFLICT ("SectionId") DO UPDATE SET "Revision" = excluded."Revision"
                """,
                [id, revision], ct);
        }
    }

    private static async Task<T> InTransactionAsync<T>(JianguanDbContext db, Func<Task<T>> work, CancellationToken ct)
    {
        var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var result = await work();
            if (owned is not null)
            {
                await owned.CommitAsync(ct);
            }

            return result;
        }
        finally
        {
            if (owned is not null)
            {
                await owned.DisposeAsync();
            }
        }
    }

    /// <summary>Builds the table when it is empty while sections exist (a database migrated from before ADR-021).</summary>
    public static async Task EnsureBuiltAsync(JianguanDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await db.Set<AnalysisSection>().AnyAsync(ct) && await db.Sections.AnyAsync(ct))
        {
            await RebuildAsync(db, ct);
        }
    }

    /// <summary>
    /// The row of one section from its section, project and bids: the one definition both paths use. Amounts in a
    /// currency other than yuan (<see cref="Currencies.IsYuan"/>: the section's, the project's budget and each bid's
    /// own currency column) are stored as null, so the analyses' sums, discounts and dispersions never mix them with
    /// yuan; the bids still count as bidders.
    /// </summary>
    public static AnalysisSection Build(Section s, TradingProject p, IEnumerable<(long BidderId, decimal? Price, bool Valid)> bids)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(bids);
        var list = bids.ToList();
        var day = s.BidOpenAt ?? s.NoticeAt ?? p.PublishedAt;
        return new AnalysisSection
        {
            SectionId = s.Id,
            ProjectId = p.Id,
            ProjectCode = p.Code,
            ProjectName = p.Name,
            SectionCode = s.Code,
            SectionName = s.Name,
            Category = p.Category,
            Region = p.Region,
            Department = p.SupervisingDepartment,
            SupervisingOrganisationId = p.SupervisingOrganisationId,
            TendererId = p.TendererId,
            AgencyId = p.AgencyId,
            WinnerId = s.WinnerId,
            ControlPrice = Currencies.IsYuan(s.ControlPriceCurrency) ? s.ControlPrice : null,
            EstimatedPrice = Currencies.IsYuan(s.EstimatedPriceCurrency) ? s.EstimatedPrice : null,
            Budget = Currencies.IsYuan(p.BudgetCurrency) ? p.Budget : null,
            AwardAmount = Currencies.IsYuan(s.AwardCurrency) ? s.AwardAmount : null,
            PublishedAt = p.PublishedAt,
            NoticeAt = s.NoticeAt,
            BidOpenAt = s.BidOpenAt,
            AwardAt = s.AwardAt,
            DeclaredBidders = s.DeclaredBidderCount,
            Day = day,
            Year = day is { } d ? ChinaTime.DateOf(d).Year : null,
            Bidders = list.Select(b => b.BidderId).Distinct().Count(),
            ValidBidders = list.Where(b => b.Valid).Select(b => b.BidderId).Distinct().Count(),
            BidRows = list.Count,
            Dispersion = Stats.Dispersion([.. list.Where(b => b.Valid && b.Price is > 0m).Select(b => b.Price!.Value)]),
        };
    }

    /// <summary>Writes the rows of the chunk's stored sections under the revision; returns their section ids.</summary>
    private static async Task<List<long>> InsertAsync(JianguanDbContext db, long[] chunk, long revision, CancellationToken ct)
    {
        // The chunk's id range beside the list: a range the planner reads through the index even on tables the
        // transaction is filling without statistics, where "= ANY(list)" alone scanned the whole table per chunk on
        // PostgreSQL (at 100,000 sections the bids read took 66 s of the import's 100 s of summary refresh).
        var (first, last) = (chunk.Min(), chunk.Max());
        var sections = await db.Sections.AsNoTracking()
            .Where(s => s.Id >= first && s.Id <= last && chunk.Contains(s.Id))
            .Select(s => new
            {
                Section = new Section
                {
                    Id = s.Id,
                    ProjectId = s.ProjectId,
                    Code = s.Code,
                    Name = s.Name,
                    ControlPrice = s.ControlPrice,
                    EstimatedPrice = s.EstimatedPrice,
                    NoticeAt = s.NoticeAt,
                    BidOpenAt = s.BidOpenAt,
                    DeclaredBidderCount = s.DeclaredBidderCount,
                    WinnerId = s.WinnerId,
                    AwardAmount = s.AwardAmount,
                    AwardAt = s.AwardAt,
                    ControlPriceCurrency = s.ControlPriceCurrency,
                    EstimatedPriceCurrency = s.EstimatedPriceCurrency,
                    AwardCurrency = s.AwardCurrency,
                },
                Project = new TradingProject
                {
                    Id = s.ProjectId,
                    Code = s.Project!.Code,
                    Name = s.Project.Name,
                    Category = s.Project.Category,
                    Region = s.Project.Region,
                    SupervisingDepartment = s.Project.SupervisingDepartment,
                    SupervisingOrganisationId = s.Project.SupervisingOrganisationId,
                    TendererId = s.Project.TendererId,
                    AgencyId = s.Project.AgencyId,
                    Budget = s.Project.Budget,
                    PublishedAt = s.Project.PublishedAt,
                    BudgetCurrency = s.Project.BudgetCurrency,
                },
            })
            .ToListAsync(ct);
        if (sections.Count == 0)
        {
            return [];
        }

        var bids = (await db.Bids.AsNoTracking()
                .Where(b => b.SectionId >= first && b.SectionId <= last && chunk.Contains(b.SectionId))
                .Select(b => new { b.SectionId, b.BidderId, Price = b.Currency == null || b.Currency == Currencies.Yuan ? b.Price : null, Valid = b.Status == BidStatus.Valid })
                .ToListAsync(ct))
            .ToLookup(b => b.SectionId, b => (b.BidderId, b.Price, b.Valid));
        var rows = sections.Select(x => Build(x.Section, x.Project, bids[x.Section.Id])).ToList();
        foreach (var row in rows)
        {
            row.Revision = revision;
        }

        await AnalysisSummaryRows.WriteAsync(db, rows, ct);
        return [.. rows.Select(r => r.SectionId)];
    }
}
