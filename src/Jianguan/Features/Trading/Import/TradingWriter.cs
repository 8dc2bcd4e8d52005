using Jianguan.Analytics.Input;
using System.Data;
using System.Data.Common;
using Jianguan.Platform.Crypto;
using Microsoft.EntityFrameworkCore.Storage;

namespace Jianguan.Features.Trading.Import;

/// <summary>What one file's accepted rows touched (distinct database rows).</summary>
public sealed class TouchedRows
{
    public HashSet<long> Projects { get; } = [];
    public HashSet<long> Sections { get; } = [];
    public HashSet<(long Section, long Bidder)> Bids { get; } = [];
    public HashSet<long> Entities { get; } = [];
}

/// <summary>
/// Writes fragments into the database inside one transaction per file, merging by natural key: a null in a fragment
/// never erases a stored value, so importing the same file twice changes nothing. Prepared upserts on the context's
/// connection (<c>INSERT … ON CONFLICT … DO UPDATE SET c = COALESCE(excluded.c, c) WHERE …changed…</c>, valid on
/// SQLite and PostgreSQL) and in-memory key → id maps, because a million bids through the change tracker would take
/// minutes. See <see cref="WriterStatement"/> for the per-provider execution (SQLite engine binding, PostgreSQL
/// batches).
/// </summary>
public sealed partial class TradingWriter : IAsyncDisposable
{
    private readonly JianguanDbContext db;
    private readonly IDbContextTransaction transaction;
    private readonly bool sqlite;
    private readonly ModelLimits limits;
    private readonly DateTimeOffset now;
    private readonly List<WriterStatement> statements = [];
    private readonly WriterBatch deferred;
    private readonly FieldCipher cipher;

    // Per file: a rollback discards what these maps point to, and a new writer starts empty.
    private readonly Dictionary<string, (long Id, EntityState State)> entities = new(StringComparer.Ordinal);
    private readonly Dictionary<PartyRef, long> partyRefs = [];
    private readonly Dictionary<string, (long Id, ProjectState State)> projects = new(StringComparer.Ordinal);
    private readonly Dictionary<(long, string), (long Id, SectionState State)> sections = [];
    private readonly HashSet<string> flaggedEntities = new(StringComparer.Ordinal);

    private readonly WriterStatement entity;
    private readonly WriterStatement entityLookup;
    private readonly WriterStatement project;
    private readonly WriterStatement projectLookup;
    private readonly WriterStatement section;
    private readonly WriterStatement sectionLookup;
    private readonly WriterStatement bid;
    private readonly WriterStatement candidate;
    private readonly WriterStatement contract;
    private readonly WriterStatement issue;
    private bool finished;
    private string? restorePragmas;

    // The plain upserts (without the key lookup of WithId), for the PostgreSQL chunk path.
    private string entitySql = "";
    private string projectSql = "";
    private string sectionSql = "";

    private static string Keep(ref string field, string sql)
    {
        field = sql;
        return sql;
    }

    private TradingWriter(JianguanDbContext db, IDbContextTransaction transaction, ModelLimits limits, DateTimeOffset now)
    {
        this.db = db;
        this.transaction = transaction;
        this.limits = limits;
        this.now = now;
        cipher = db.Cipher;
        sqlite = db.Database.IsSqlite();
        deferred = new WriterBatch(db.Database.GetDbConnection(), transaction.GetDbTransaction());

        // Each upsert updates only when the fragment says something new (the WHERE of DO UPDATE), so re-importing a
        // file, or a bid file naming known sections, reads instead of rewriting rows. RETURNING then yields no row,
        // and the key lookup below (or, on PostgreSQL, the same statement) supplies the id.
        entity = Prepare(
            WithId(
            Keep(ref entitySql, """
            INSERT INTO "MarketEntities" ("Key", "Name", "CreditCode", "CreditCodeValid", "LegalRepresentative", "LegalRepresentativeHash", "NameKey")
            VALUES (@Key, @Name, @CreditCode, @CreditCodeValid, @LegalRepresentative, @LegalRepresentativeHash, @NameKey)
            ON CONFLICT ("Key") DO UPDATE SET
              "Name" = excluded."Name",
              "NameKey" = excluded."NameKey",
              "CreditCode" = COALESCE(excluded."CreditCode", "MarketEntities"."CreditCode"),
              "CreditCodeValid" = CASE WHEN excluded."CreditCode" IS NULL THEN "MarketEntities"."CreditCodeValid" ELSE excluded."CreditCodeValid" END,
            """ + MergeEncrypted("MarketEntities", "LegalRepresentative") + """

            WHERE excluded."Name" IS DISTINCT FROM "MarketEntities"."Name" OR
              excluded."NameKey" IS DISTINCT FROM "MarketEntities"."NameKey" OR
            """ + Changed("MarketEntities", "CreditCode", "LegalRepresentativeHash") + """

            RETURNING COALESCE("MergedIntoId", "Id") AS "Id"
            """), "MarketEntities", "\"Key\" = @Key"),
            ("Key", DbType.String), ("Name", DbType.String), ("CreditCode", DbType.String), ("CreditCodeValid", DbType.Boolean),
            ("LegalRepresentative", DbType.String), ("LegalRepresentativeHash", DbType.String), ("NameKey", DbType.String));

        // A firm merged into its coded entity (MergedIntoId) resolves to that entity: its bids land there.
        entityLookup = Prepare("""SELECT COALESCE("MergedIntoId", "Id") FROM "MarketEntities" WHERE "Key" = @Key""", ("Key", DbType.String));

        // PublishedAt is not among them: the earliest date wins (MergeEarliest).
        string[] projectColumns =
        [
            "Name", "CategoryDetail", "Region", "TendererId", "AgencyId", "SupervisingDepartment", "TenderMode", "Budget",
            "SourceUrl",
        ];
        project = Prepare(
            WithId(
            Keep(ref projectSql, """
            INSERT INTO "TradingProjects" ("Code", "Name", "Category", "CategoryDetail", "Region", "TendererId", "AgencyId",
              "SupervisingDepartment", "TenderMode", "Budget", "PublishedAt", "SourceUrl", "BudgetCurrency")
            VALUES (@Code, @Name, COALESCE(@Category, 'Other'), @CategoryDetail, @Region, @TendererId, @AgencyId,
              @SupervisingDepartment, @TenderMode, @Budget, @PublishedAt, @SourceUrl, @BudgetCurrency)
            ON CONFLICT ("Code") DO UPDATE SET
            """ + MergeCurrency("TradingProjects", ("Budget", "BudgetCurrency")) + ",\n" + MergeEarliest("TradingProjects", "PublishedAt") + ",\n"
            + Merge("TradingProjects", projectColumns) + """
            , "Category" = COALESCE(@Category, "TradingProjects"."Category")
            WHERE (@Category IS NOT NULL AND @Category IS DISTINCT FROM "TradingProjects"."Category") OR
            """ + ChangedCurrency("TradingProjects", ("Budget", "BudgetCurrency")) + " OR\n" + ChangedEarliest("TradingProjects", "PublishedAt")
            + " OR\n" + Changed("TradingProjects", projectColumns) + """

            RETURNING "Id"
            """), "TradingProjects", "\"Code\" = @Code"),
            ("Code", DbType.String), ("Name", DbType.String), ("Category", DbType.String), ("CategoryDetail", DbType.String),
            ("Region", DbType.String), ("TendererId", DbType.Int64), ("AgencyId", DbType.Int64),
            ("SupervisingDepartment", DbType.String), ("TenderMode", DbType.String), ("Budget", MoneyType),
            ("PublishedAt", TimeType), ("SourceUrl", DbType.String), ("BudgetCurrency", DbType.String));
        projectLookup = Prepare("""SELECT "Id" FROM "TradingProjects" WHERE "Code" = @Code""", ("Code", DbType.String));

        string[] sectionColumns =
        [
            "Name", "ControlPrice", "EstimatedPrice", "NoticeAt", "BidOpenAt", "DeclaredBidderCount", "EvaluationMethod", "WinnerId",
            "AwardAmount", "AwardDiscountRate", "AwardAt", "BenchmarkPrice", "SignedOn",
        ];
        (string, string)[] sectionCurrencies =
            [("ControlPrice", "ControlPriceCurrency"), ("EstimatedPrice", "EstimatedPriceCurrency"), ("AwardAmount", "AwardCurrency")];
        section = Prepare(
            WithId(
            Keep(ref sectionSql, """
            INSERT INTO "Sections" ("ProjectId", "Code", "Name", "ControlPrice", "EstimatedPrice", "NoticeAt", "BidOpenAt",
              "DeclaredBidderCount", "EvaluationMethod", "WinnerId", "AwardAmount", "AwardDiscountRate", "AwardAt", "BenchmarkPrice",
              "SignedOn", "ControlPriceCurrency", "EstimatedPriceCurrency", "AwardCurrency")
            VALUES (@ProjectId, @Code, @Name, @ControlPrice, @EstimatedPrice, @NoticeAt, @BidOpenAt,
              @DeclaredBidderCount, @EvaluationMethod, @WinnerId, @AwardAmount, @AwardDiscountRate, @AwardAt, @BenchmarkPrice,
              @SignedOn, @ControlPriceCurrency, @EstimatedPriceCurrency, @AwardCurrency)
            ON CONFLICT ("ProjectId", "Code") DO UPDATE SET
            """ + MergeCurrency("Sections", sectionCurrencies) + ",\n" + Merge("Sections", sectionColumns) + """

            WHERE
            """ + ChangedCurrency("Sections", sectionCurrencies) + " OR\n" + Changed("Sections", sectionColumns) + """

            RETURNING "Id"
            """), "Sections", "\"ProjectId\" = @ProjectId AND \"Code\" = @Code"),
            ("ProjectId", DbType.Int64), ("Code", DbType.String), ("Name", DbType.String), ("ControlPrice", MoneyType),
            ("EstimatedPrice", MoneyType), ("NoticeAt", TimeType), ("BidOpenAt", TimeType), ("DeclaredBidderCount", DbType.Int32),
            ("EvaluationMethod", DbType.String), ("WinnerId", DbType.Int64), ("AwardAmount", MoneyType),
            ("AwardDiscountRate", MoneyType), ("AwardAt", TimeType), ("BenchmarkPrice", MoneyType), ("SignedOn", TimeType),
            ("ControlPriceCurrency", DbType.String), ("EstimatedPriceCurrency", DbType.String), ("AwardCurrency", DbType.String));
        sectionLookup = Prepare(
            """SELECT "Id" FROM "Sections" WHERE "ProjectId" = @ProjectId AND "Code" = @Code""",
            ("ProjectId", DbType.Int64), ("Code", DbType.String));

        string[] bidColumns =
        [
            "Price", "Rate", "SubmittedAt", "UploadIp", "Mac", "CpuSerial", "DiskSerial", "FileMachineCode", "FileCreationCode",
            "DongleSerial", "DocHash",
        ];

        // Encrypted columns (docs/security.md) with their blind indexes. A ciphertext differs at every write, so
        // change is judged on the blind index: re-importing a file leaves the stored ciphertext alone.
        string[] encryptedBidColumns =
        [
            "PmCertificate", "PmCertificateHash", "ContactPhone", "ContactPhoneHash", "DepositAccount", "DepositAccountHash",
            "ProjectManager", "ProjectManagerHash", "ContactPerson", "ContactPersonHash", "LegalRepresentative", "LegalRepresentativeHash",
        ];
        bid = Prepare(
            $"""
            INSERT INTO "Bids" ("SectionId", "BidderId", "Status", {string.Join(", ", bidColumns.Concat(encryptedBidColumns).Select(c => $"\"{c}\""))}, "Currency")
            VALUES (@SectionId, @BidderId, COALESCE(@Status, 'Valid'), {string.Join(", ", bidColumns.Concat(encryptedBidColumns).Select(c => "@" + c))}, @Currency)
            ON CONFLICT ("SectionId", "BidderId") DO UPDATE SET
            """ + MergeCurrency("Bids", ("Price", "Currency")) + ",\n" + Merge("Bids", bidColumns) + """
            ,
            """ + MergeEncrypted("Bids", "PmCertificate", "ContactPhone", "DepositAccount", "ProjectManager", "ContactPerson", "LegalRepresentative") + """
            , "Status" = COALESCE(@Status, "Bids"."Status")
            WHERE (@Status IS NOT NULL AND @Status IS DISTINCT FROM "Bids"."Status") OR
            """ + ChangedCurrency("Bids", ("Price", "Currency")) + " OR\n" + Changed("Bids", [.. bidColumns, "PmCertificateHash", "ContactPhoneHash", "DepositAccountHash", "ProjectManagerHash",
                "ContactPersonHash", "LegalRepresentativeHash"]),
            [
                ("SectionId", DbType.Int64), ("BidderId", DbType.Int64), ("Status", DbType.String), ("Price", MoneyType),
                ("Rate", MoneyType), ("SubmittedAt", TimeType),
                .. bidColumns.Skip(3).Concat(encryptedBidColumns).Select(c => (c, DbType.String)),
                ("Currency", DbType.String),
            ]);

        candidate = Prepare(
            """
            INSERT INTO "Candidates" ("SectionId", "EntityId", "Rank", "Price", "Score", "Currency")
            VALUES (@SectionId, @EntityId, @Rank, @Price, @Score, @Currency)
            ON CONFLICT ("SectionId", "EntityId") DO UPDATE SET "Rank" = excluded."Rank",
            """ + MergeCurrency("Candidates", ("Price", "Currency")) + ",\n" + Merge("Candidates", "Price", "Score") + """

            WHERE excluded."Rank" IS DISTINCT FROM "Candidates"."Rank" OR
            """ + ChangedCurrency("Candidates", ("Price", "Currency")) + " OR\n" + Changed("Candidates", "Price", "Score"),
            ("SectionId", DbType.Int64), ("EntityId", DbType.Int64), ("Rank", DbType.Int32), ("Price", MoneyType), ("Score", MoneyType),
            ("Currency", DbType.String));

        string[] contractColumns = ["AwardCode", "Title", "Value", "SignedOn", "SupplierId"];
        contract = Prepare(
            """
            INSERT INTO "Contracts" ("SectionId", "Code", "AwardCode", "Title", "Value", "SignedOn", "SupplierId", "Currency")
            VALUES (@SectionId, @Code, @AwardCode, @Title, @Value, @SignedOn, @SupplierId, @Currency)
            ON CONFLICT ("SectionId", "Code") DO UPDATE SET
            """ + MergeCurrency("Contracts", ("Value", "Currency")) + ",\n" + Merge("Contracts", contractColumns) + """

            WHERE
            """ + ChangedCurrency("Contracts", ("Value", "Currency")) + " OR\n" + Changed("Contracts", contractColumns),
            ("SectionId", DbType.Int64), ("Code", DbType.String), ("AwardCode", DbType.String), ("Title", DbType.String),
            ("Value", MoneyType), ("SignedOn", TimeType), ("SupplierId", DbType.Int64), ("Currency", DbType.String));

        // The first detection time stays: re-importing a file must not rewrite history.
        issue = Prepare(
            """
            INSERT INTO "DataQualityIssues" ("Subject", "SubjectKey", "Field", "Value", "Reason", "DetectedAt")
            VALUES (@Subject, @SubjectKey, @Field, @Value, @Reason, @DetectedAt)
            ON CONFLICT ("Subject", "SubjectKey", "Field") DO UPDATE SET "Value" = excluded."Value", "Reason" = excluded."Reason"
            """,
            ("Subject", DbType.String), ("SubjectKey", DbType.String), ("Field", DbType.String), ("Value", DbType.String),
            ("Reason", DbType.String), ("DetectedAt", TimeType));
    }

    /// <summary>What the accepted fragments touched so far.</summary>
    public TouchedRows Touched { get; } = new();

    /// <summary>Where this file's time went (reported by the importer).</summary>
    internal ImportPhases Phases { get; } = new();

    // The sections and projects whose rows this file inserted or changed, and the sections that got or changed a
    // bid: the analysis summary rows to recompute. A re-import that changes nothing recomputes none.
    private readonly HashSet<long> changedSections = [];
    private readonly HashSet<long> changedProjects = [];

    /// <summary>Rows that added a project, section or bid not stored before.</summary>
    public int RowsNew { get; private set; }

    /// <summary>Rows that only changed stored values.</summary>
    public int RowsUpdated { get; private set; }

    /// <summary>Rows whose every value was stored already (the whole file on a second import).</summary>
    public int RowsUnchanged { get; private set; }

    /// <summary>
    /// Sections that had an opening record (bids) before this file and got more bids from it: (project code,
    /// section code, bids before, bids added), in the order met.
    /// </summary>
    public IReadOnlyList<(string Project, string Section, int Before, int Added)> Appended =>
        [.. appended.Values.Select(a => (a.Project, a.Section, a.Before, a.Added))];

    private readonly Dictionary<long, HashSet<long>> priorBidders = [];
    private readonly Dictionary<long, (string Project, string Section)> sectionCodes = [];
    private readonly Dictionary<long, (string Project, string Section, int Before, int Added)> appended = [];
    private bool rowNew;
    private bool rowChanged;

    private void Changed(WriterStatement statement)
    {
        if (statement.Changes is > 0)
        {
            rowChanged = true;
        }
    }

    // The types of the ADO.NET path (PostgreSQL: numeric, timestamptz); the SQLite path binds by value.
    private const DbType MoneyType = DbType.Decimal;
    private const DbType TimeType = DbType.DateTimeOffset;

    /// <summary>Opens the connection and the file's transaction; tunes SQLite for a bulk session.</summary>
    public static async Task<TradingWriter> BeginAsync(
        JianguanDbContext db, ModelLimits limits, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            string? restore = null;
            if (db.Database.IsSqlite())
            {
                // NORMAL is durable under WAL (set by Database.MigrateAsync): a power cut may lose the last commit,
                // never corrupt the file. The larger page cache keeps the unique indexes in memory. The connection
                // may be a pooled one of the web application: its own settings come back when the file is done.
                await using var pragma = db.Database.GetDbConnection().CreateCommand();
                pragma.CommandText = "PRAGMA synchronous; PRAGMA cache_size;";
                var previous = new List<long>();
                await using (var reader = await pragma.ExecuteReaderAsync(ct))
                {
                    do
                    {
                        while (await reader.ReadAsync(ct))
                        {
                            previous.Add(reader.GetInt64(0));
                        }
                    }
                    while (await reader.NextResultAsync(ct));
                }

                restore = previous.Count == 2
                    ? string.Create(CultureInfo.InvariantCulture, $"PRAGMA synchronous={previous[0]}; PRAGMA cache_size={previous[1]};")
                    : null;
                pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-131072;";
                await pragma.ExecuteNonQueryAsync(ct);
            }

            var tx = await db.Database.BeginTransactionAsync(ct);
            if (!db.Database.IsSqlite())
            {
                // The file's commit does not wait for its WAL flush (the transaction alone; the server's setting is
                // untouched): a server crash right after the commit may lose the file as a whole, never a part of it,
                // and the file can be imported again. The same trade-off as SQLite's synchronous=NORMAL above.
                // No JIT compilation for the file's statements: they are short lookups and merges, but the tables the
                // transaction fills have no statistics yet, so their estimated costs pass jit_above_cost as the tables
                // grow, and compiling then cost about 0.3 s per statement (a lookup of 10,000 sections: 0.35 s, of
                // which 0.30 s JIT, against 0.02 s without).
                await using var local = db.Database.GetDbConnection().CreateCommand();
                local.Transaction = tx.GetDbTransaction();
                local.CommandText = "SET LOCAL synchronous_commit = off; SET LOCAL jit = off";
                await local.ExecuteNonQueryAsync(ct);
            }

            return new TradingWriter(db, tx, limits, now) { restorePragmas = restore };
        }
        catch
        {
            await db.Database.CloseConnectionAsync();
            throw;
        }
    }

    /// <summary>
    /// Writes one fragment; returns the errors that refused it (nothing of it is then written). A database failure
    /// is not caught here: the transaction is then unusable and the caller rolls the file back.
    /// </summary>
    public async ValueTask<IReadOnlyList<ImportError>> WriteAsync(ProjectData data, string file, long line, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var errors = Validate(data, file, line);
        if (errors.Count > 0)
        {
            return errors;
        }

        if (Chunked)
        {
            await BufferAsync(data, ct);
            return [];
        }

        (rowNew, rowChanged) = (false, false);

        var tendererId = data.Tenderer is null ? null : (long?)await EntityAsync(data.Tenderer, ct);
        var agencyId = data.Agency is null ? null : (long?)await EntityAsync(data.Agency, ct);
        var projectId = await ProjectAsync(data, tendererId, agencyId, ct);
        foreach (var s in data.Sections)
        {
            var winnerId = s.Winner is null ? null : (long?)await EntityAsync(s.Winner, ct);
            var sectionId = await SectionAsync(projectId, data.Code.Trim(), s, winnerId, ct);
            await QueueCurrencyIssueAsync(data.Code.Trim(), s, ct);
            foreach (var b in s.Bids)
            {
                var bidderId = await EntityAsync(b.Bidder, ct);
                await BidAsync(sectionId, bidderId, b, ct);
            }

            foreach (var c in s.Candidates)
            {
                var entityId = await EntityAsync(c.Entity, ct);
                candidate.Set(0, sectionId);
                candidate.Set(1, entityId);
                candidate.Set(2, (long)c.Rank);
                candidate.Set(3, c.Price);
                candidate.Set(4, c.Score);
                candidate.Set(5, c.Currency);
                await candidate.DeferAsync(ct);
                Changed(candidate);
            }

            foreach (var c in s.Contracts)
            {
                var supplierId = c.Supplier is null ? null : (long?)await EntityAsync(c.Supplier, ct);
                SetContract(sectionId, c, supplierId);
                await contract.DeferAsync(ct);
                Changed(contract);
            }
        }

        if (rowNew)
        {
            RowsNew++;
        }
        else if (rowChanged)
        {
            RowsUpdated++;
        }
        else
        {
            RowsUnchanged++;
        }

        return [];
    }

    /// <summary>
    /// Records the batch and commits everything of this file. <paramref name="inTransaction"/> (the audit entry of the
    /// file) runs last inside the file's transaction, so the file and its entry commit together or not at all.
    /// </summary>
    public async Task CommitAsync(ImportBatch batch, Func<CancellationToken, Task>? inTransaction = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var start = ImportPhases.Start();
        await FlushAsync(ct);
        await deferred.FlushAsync(ct);
        Phases.Add("commit: deferred statements", start);
        start = ImportPhases.Start();
        await MergeEntitiesAsync(ct);
        Phases.Add("commit: entity merges", start);
        start = ImportPhases.Start();
        await LinkSupervisingOrganisationsAsync(ct);
        Phases.Add("commit: supervising units", start);

        // The analysis summary of the rows this file stored, in the file's transaction (ADR-021).
        start = ImportPhases.Start();
        await Jianguan.Features.Analysis.AnalysisSummary.RefreshAfterImportAsync(db, changedSections, changedProjects, [.. merges.Select(m => m.FromId)], ct);
        Phases.Add("commit: analysis summary", start);
        start = ImportPhases.Start();
        await InsertBatchAsync(db, transaction.GetDbTransaction(), batch, sqlite, ct);
        if (inTransaction is not null)
        {
            await inTransaction(ct);
        }

        Phases.Add("commit: batch record and audit", start);
        start = ImportPhases.Start();
        await transaction.CommitAsync(ct);
        Phases.Add("commit: commit", start);
        finished = true;
    }

    /// <summary>
    /// A project names its supervising department (SUPERVISE_DEPT_NAME); when a member unit has that name, the
    /// project joins the unit's data scope (ADR-006). Projects already linked keep their unit. Runs before the summary
    /// refresh, which then rewrites the rows of the projects linked.
    /// </summary>
    private async Task LinkSupervisingOrganisationsAsync(CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = """
            UPDATE "TradingProjects" SET "SupervisingOrganisationId" =
              (SELECT o."Id" FROM "Organisations" o WHERE o."Name" = "TradingProjects"."SupervisingDepartment")
            WHERE "SupervisingOrganisationId" IS NULL AND "SupervisingDepartment" IS NOT NULL
              AND EXISTS (SELECT 1 FROM "Organisations" o WHERE o."Name" = "TradingProjects"."SupervisingDepartment")
            RETURNING "Id"
            """;

        // The linked projects' summary rows carry the unit (a member unit's scope reads it there).
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            changedProjects.Add(reader.GetInt64(0));
        }
    }

    public async Task RollbackAsync()
    {
        if (!finished)
        {
            finished = true;
            await transaction.RollbackAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await deferred.DisposeAsync();
        foreach (var statement in statements)
        {
            statement.Dispose();
        }

        if (!finished)
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }

        await transaction.DisposeAsync();
        if (restorePragmas is not null)
        {
            await using var pragma = db.Database.GetDbConnection().CreateCommand();
            pragma.CommandText = restorePragmas;
            await pragma.ExecuteNonQueryAsync(CancellationToken.None);
        }

        await db.Database.CloseConnectionAsync();
    }

    /// <summary>Records a file that landed nothing (refused or rolled back), in its own small transaction.</summary>
    public static async Task RecordRefusedAsync(
        JianguanDbContext db, ImportBatch batch, Func<CancellationToken, Task>? inTransaction = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await InsertBatchAsync(db, tx.GetDbTransaction(), batch, db.Database.IsSqlite(), ct);
            if (inTransaction is not null)
            {
                await inTransaction(ct);
            }

            await tx.CommitAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task InsertBatchAsync(JianguanDbContext db, DbTransaction tx, ImportBatch batch, bool sqlite, CancellationToken ct)
    {
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText =
            """
            INSERT INTO "ImportBatches" ("FileName", "Sha256", "Format", "ImportedAt", "ImportedBy", "Projects", "Sections", "Bids", "Entities", "Rejected")
            VALUES (@FileName, @Sha256, @Format, @ImportedAt, @ImportedBy, @Projects, @Sections, @Bids, @Entities, @Rejected)
            """;
        Add(cmd, "FileName", DbType.String, Truncate(batch.FileName, 500));
        Add(cmd, "Sha256", DbType.String, batch.Sha256);
        Add(cmd, "Format", DbType.String, batch.Format);
        Add(cmd, "ImportedAt", sqlite ? DbType.Int64 : DbType.DateTimeOffset,
            sqlite ? UnixMillisecondsConverter.ToStore(batch.ImportedAt) : batch.ImportedAt.ToUniversalTime());
        Add(cmd, "ImportedBy", DbType.String, batch.ImportedBy is null ? DBNull.Value : Truncate(batch.ImportedBy, 256));
        Add(cmd, "Projects", DbType.Int32, batch.Projects);
        Add(cmd, "Sections", DbType.Int32, batch.Sections);
        Add(cmd, "Bids", DbType.Int32, batch.Bids);
        Add(cmd, "Entities", DbType.Int32, batch.Entities);
        Add(cmd, "Rejected", DbType.Int32, batch.Rejected);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The natural key of a market entity: its credit code when valid, else its normalised name; with the normalised
    /// code as stored (even when invalid). The file input of <c>jianguan analyze</c> merges bidders by the same key.
    /// </summary>
    internal static (string Key, string? Code, bool Valid) EntityKey(PartyRef e)
    {
        var code = e.CreditCode is null ? null : UnifiedSocialCreditCode.Normalise(e.CreditCode);
        if (code is { Length: 0 })
        {
            code = null;
        }

        var valid = code is not null && UnifiedSocialCreditCode.IsValid(code);
        return (valid ? code! : "name:" + TextNormaliser.NormaliseName(e.Name.Trim()), code, valid);
    }

    /// <summary>The name part of an entity key: what a name-only entity's key is, and what finds its coded entity.</summary>
    internal static string NameKey(string name) => "name:" + TextNormaliser.NormaliseName(name.Trim());

    private async ValueTask<long> EntityAsync(PartyRef e, CancellationToken ct)
    {
        // Bid rows repeat the same bidder thousands of times: the reference as read is the cheapest key.
        if (partyRefs.TryGetValue(e, out var seen))
        {
            Touched.Entities.Add(seen);
            return seen;
        }

        var name = e.Name.Trim();
        var (key, code, valid) = EntityKey(e);
        var legal = e.LegalRepresentative?.Trim() is { Length: > 0 } l ? l : null;
        EntityState merged;
        if (entities.TryGetValue(key, out var known))
        {
            merged = new EntityState(name, code ?? known.State.Code, code is null ? known.State.Valid : valid, legal ?? known.State.Legal);
            if (merged == known.State)
            {
                partyRefs[e] = known.Id;
                Touched.Entities.Add(known.Id);
                return known.Id;
            }
        }
        else
        {
            merged = new EntityState(name, code, valid, legal);
        }

        entity.Set(0, key);
        entity.Set(1, name);
        entity.Set(2, code);
        entity.Set(3, valid);
        SetEncrypted(entity, 4, legal, EntityLegalPurpose, BlindNormalisation.Plain);
        entity.Set(6, NameKey(name));
        var id = await entity.ExecuteAsync(ct);
        Changed(entity);
        if (id == 0)
        {
            entityLookup.Set(0, key);
            id = await entityLookup.ExecuteAsync(ct);
        }

        entities[key] = (id, merged);
        partyRefs[e] = id;
        Touched.Entities.Add(id);

        if (code is not null && !valid && flaggedEntities.Add(key))
        {
            QueueIssue(key, code, name);
            await issue.DeferAsync(ct);
        }

        return id;
    }

    /// <summary>Sets the data-quality issue of an invalid credit code: kept on the entity (a typo in a code is itself a finding), and listed for the report.</summary>
    private void QueueIssue(string key, string code, string name)
    {
        issue.Set(0, "entity");
        issue.Set(1, key);
        issue.Set(2, nameof(MarketEntity.CreditCode));
        issue.Set(3, Truncate(code, 300));
        issue.Set(4, Truncate($"不是有效的统一社会信用代码（GB 32100-2015）/ not a valid unified social credit code (GB 32100-2015): {name}", 500));
        issue.Set(5, now);
    }

    private async ValueTask<long> ProjectAsync(ProjectData d, long? tendererId, long? agencyId, CancellationToken ct)
    {
        var code = d.Code.Trim();
        var incoming = new ProjectState(d.Name, d.Category, d.CategoryDetail, d.Region, tendererId, agencyId,
            d.SupervisingDepartment, d.TenderMode, d.Budget, d.BudgetCurrency, d.PublishedAt, d.SourceUrl);
        ProjectState merged = incoming;
        if (projects.TryGetValue(code, out var known))
        {
            merged = known.State.Merge(incoming);
            if (merged == known.State)
            {
                Touched.Projects.Add(known.Id);
                return known.Id;
            }
        }

        if (known.Id == 0)
        {
            // First met in this file: stored before, or new with this row.
            projectLookup.Set(0, code);
            if (await projectLookup.ExecuteAsync(ct) == 0)
            {
                rowNew = true;
            }
        }

        project.Set(0, code);
        project.Set(1, Text(d.Name));
        project.Set(2, d.Category?.ToString());
        project.Set(3, Text(d.CategoryDetail));
        project.Set(4, Text(d.Region));
        project.Set(5, tendererId);
        project.Set(6, agencyId);
        project.Set(7, Text(d.SupervisingDepartment));
        project.Set(8, Text(d.TenderMode));
        project.Set(9, d.Budget);
        project.Set(10, d.PublishedAt);
        project.Set(11, Text(d.SourceUrl));
        project.Set(12, d.BudgetCurrency);
        var id = await project.ExecuteAsync(ct);
        Changed(project);
        if (id == 0)
        {
            projectLookup.Set(0, code);
            id = await projectLookup.ExecuteAsync(ct);
        }
        else
        {
            // RETURNING yields the id only when the row was inserted or changed.
            changedProjects.Add(id);
        }

        projects[code] = (id, merged);
        Touched.Projects.Add(id);
        return id;
    }

    private async ValueTask<long> SectionAsync(long projectId, string projectCode, SectionData s, long? winnerId, CancellationToken ct)
    {
        var code = s.Code.Trim();
        var incoming = SectionState.Of(s, winnerId);
        var merged = incoming;
        if (sections.TryGetValue((projectId, code), out var known))
        {
            merged = known.State.Merge(incoming);
            if (merged == known.State)
            {
                Touched.Sections.Add(known.Id);
                return known.Id;
            }
        }

        var existed = 0L;
        if (known.Id == 0)
        {
            // First met in this file: if stored before, its bids so far are its opening record.
            sectionLookup.Set(0, projectId);
            sectionLookup.Set(1, code);
            existed = await sectionLookup.ExecuteAsync(ct);
            if (existed == 0)
            {
                rowNew = true;
            }
            else
            {
                priorBidders[existed] = await BiddersAsync(existed, ct);
            }
        }

        section.Set(0, projectId);
        section.Set(1, code);
        section.Set(2, Text(s.Name));
        section.Set(3, s.ControlPrice);
        section.Set(4, s.EstimatedPrice);
        section.Set(5, s.NoticeAt);
        section.Set(6, s.BidOpenAt);
        section.Set(7, s.DeclaredBidderCount);
        section.Set(8, Text(s.EvaluationMethod));
        section.Set(9, winnerId);
        section.Set(10, s.AwardAmount);
        section.Set(11, s.AwardDiscountRate);
        section.Set(12, s.AwardAt);
        section.Set(13, s.BenchmarkPrice);
        section.Set(14, s.SignedOn);
        section.Set(15, s.ControlPriceCurrency);
        section.Set(16, s.EstimatedPriceCurrency);
        section.Set(17, s.AwardCurrency);
        var id = await section.ExecuteAsync(ct);
        Changed(section);
        if (id == 0)
        {
            sectionLookup.Set(0, projectId);
            sectionLookup.Set(1, code);
            id = await sectionLookup.ExecuteAsync(ct);
        }
        else
        {
            changedSections.Add(id);
        }

        sectionCodes.TryAdd(id, (projectCode, code));
        sections[(projectId, code)] = (id, merged);
        Touched.Sections.Add(id);
        return id;
    }

    private async ValueTask BidAsync(long sectionId, long bidderId, BidData b, CancellationToken ct)
    {
        var prior = priorBidders.GetValueOrDefault(sectionId);
        var isNew = !(prior?.Contains(bidderId) ?? false) && !Touched.Bids.Contains((sectionId, bidderId));
        if (isNew)
        {
            rowNew = true;
            if (prior is { Count: > 0 } && sectionCodes.TryGetValue(sectionId, out var codes))
            {
                var a = appended.TryGetValue(sectionId, out var seen) ? seen : (codes.Project, codes.Section, Before: prior.Count, Added: 0);
                appended[sectionId] = (a.Project, a.Section, a.Before, a.Added + 1);
            }
        }

        bid.Set(0, sectionId);
        bid.Set(1, bidderId);
        bid.Set(2, b.Status?.ToString());
        bid.Set(3, b.Price);
        bid.Set(4, b.Rate);
        bid.Set(5, b.SubmittedAt);
        bid.Set(6, Text(b.UploadIp));
        bid.Set(7, Text(b.Mac));
        bid.Set(8, Text(b.CpuSerial));
        bid.Set(9, Text(b.DiskSerial));
        bid.Set(10, Text(b.FileMachineCode));
        bid.Set(11, Text(b.FileCreationCode));
        bid.Set(12, Text(b.DongleSerial));
        bid.Set(13, Text(b.DocHash));
        SetEncrypted(bid, 14, Text(b.PmCertificate), PmCertificatePurpose, BlindNormalisation.Identifier);
        SetEncrypted(bid, 16, Text(b.ContactPhone), ContactPhonePurpose, BlindNormalisation.Digits);
        SetEncrypted(bid, 18, Text(b.DepositAccount), DepositAccountPurpose, BlindNormalisation.Digits);
        SetEncrypted(bid, 20, Text(b.ProjectManager), ProjectManagerPurpose, BlindNormalisation.Plain);
        SetEncrypted(bid, 22, Text(b.ContactPerson), ContactPersonPurpose, BlindNormalisation.Plain);
        SetEncrypted(bid, 24, Text(b.LegalRepresentative), BidLegalPurpose, BlindNormalisation.Plain);
        bid.Set(26, b.Currency);
        await bid.DeferAsync(ct);
        if (!isNew)
        {
            Changed(bid);
        }

        if (isNew || bid.Changes is not 0)
        {
            // Unknown (null: a batched statement) counts as changed.
            changedSections.Add(sectionId);
        }

        Touched.Bids.Add((sectionId, bidderId));
    }

    /// <summary>The bidders a stored section had before this file.</summary>
    private async Task<HashSet<long>> BiddersAsync(long sectionId, CancellationToken ct)
    {
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = transaction.GetDbTransaction();
        cmd.CommandText = """SELECT "BidderId" FROM "Bids" WHERE "SectionId" = @SectionId""";
        Add(cmd, "SectionId", DbType.Int64, sectionId);
        var found = new HashSet<long>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found.Add(reader.GetInt64(0));
        }

        return found;
    }

    /// <summary>Checks what the database would refuse or silently distort, for fragments of any reader.</summary>
    public List<ImportError> Validate(ProjectData d, string file, long line)
    {
        var errors = new List<ImportError>();
        void Check(string? value, Type type, string property, string label)
        {
            if (value is null)
            {
                return;
            }

            if (TextNormaliser.HasControlCharacters(value))
            {
                errors.Add(new ImportError(file, line, label, $"含有控制字符 / contains control characters: {label}"));
                return;
            }

            if (limits.MaxLength(type, property) is { } max && value.Trim().Length > max)
            {
                errors.Add(new ImportError(file, line, label, string.Create(CultureInfo.InvariantCulture,
                    $"值过长（{value.Length} 字符，最多 {max}）/ value too long ({value.Length} characters, at most {max})")));
            }
        }

        void Amount(decimal? value, string label)
        {
            if (value is { } v && Math.Abs(v) >= TableMapper.MaxMagnitude)
            {
                errors.Add(new ImportError(file, line, label, string.Create(CultureInfo.InvariantCulture,
                    $"数值超出范围 / number out of range: {v}")));
            }
        }

        void Party(PartyRef? e, string label)
        {
            if (e is null)
            {
                return;
            }

            if (string.IsNullOrWhiteSpace(e.Name))
            {
                errors.Add(new ImportError(file, line, label, "主体名称为空 / the entity name is empty"));
                return;
            }

            Check(e.Name, typeof(MarketEntity), nameof(MarketEntity.Name), label);
            Check("name:" + TextNormaliser.NormaliseName(e.Name), typeof(MarketEntity), nameof(MarketEntity.Key), label);
            Check(e.CreditCode, typeof(MarketEntity), nameof(MarketEntity.CreditCode), label + ".CreditCode");
            if (e.CreditCode is { } given && UnifiedSocialCreditCode.Normalise(given) is { Length: > 0 } code && !WellFormed(code)
                && !ForeignRegisterId(code))
            {
                // 12345 is no code at all: refused. A code of the right form whose check character is wrong is kept
                // and flagged (a typo in a code is itself a finding: the data-quality rule reports it). A foreign
                // register's identifier (OCDS org-id, e.g. AM-TIN-02507171) is not a Chinese code and is kept as given.
                errors.Add(new ImportError(file, line, label + ".CreditCode",
                    $"统一社会信用代码格式不正确：{Truncate(given.Trim(), 40)}（应为 18 位数字或大写字母，GB 32100-2015）/ not a unified social credit code (18 characters, GB 32100-2015)"));
            }
            Check(e.LegalRepresentative, typeof(MarketEntity), nameof(MarketEntity.LegalRepresentative), label + ".LegalRepresentative");
        }

        if (string.IsNullOrWhiteSpace(d.Code))
        {
            errors.Add(new ImportError(file, line, "Project.Code", "缺少项目编号 / project code is missing"));
            return errors;
        }

        Check(d.Code, typeof(TradingProject), nameof(TradingProject.Code), "Project.Code");
        Check(d.Name, typeof(TradingProject), nameof(TradingProject.Name), "Project.Name");
        Check(d.CategoryDetail, typeof(TradingProject), nameof(TradingProject.CategoryDetail), "Project.CategoryDetail");
        Check(d.Region, typeof(TradingProject), nameof(TradingProject.Region), "Project.Region");
        Check(d.SupervisingDepartment, typeof(TradingProject), nameof(TradingProject.SupervisingDepartment), "Project.SupervisingDepartment");
        Check(d.TenderMode, typeof(TradingProject), nameof(TradingProject.TenderMode), "Project.TenderMode");
        Check(d.SourceUrl, typeof(TradingProject), nameof(TradingProject.SourceUrl), "Project.SourceUrl");
        Amount(d.Budget, "Project.Budget");
        Party(d.Tenderer, "Project.Tenderer");
        Party(d.Agency, "Project.Agency");
        foreach (var s in d.Sections)
        {
            if (string.IsNullOrWhiteSpace(s.Code))
            {
                errors.Add(new ImportError(file, line, "Section.Code", "缺少标段编号 / section code is missing"));
                continue;
            }

            Check(s.Code, typeof(Section), nameof(Section.Code), "Section.Code");
            Check(s.Name, typeof(Section), nameof(Section.Name), "Section.Name");
            Check(s.EvaluationMethod, typeof(Section), nameof(Section.EvaluationMethod), "Section.EvaluationMethod");
            Amount(s.ControlPrice, "Section.ControlPrice");
            Amount(s.EstimatedPrice, "Section.EstimatedPrice");
            Amount(s.AwardAmount, "Section.AwardAmount");
            Amount(s.AwardDiscountRate, "Section.AwardDiscountRate");
            Party(s.Winner, "Section.Winner");
            foreach (var b in s.Bids)
            {
                Party(b.Bidder, "Bid.Bidder");
                Amount(b.Price, "Bid.Price");
                Amount(b.Rate, "Bid.Rate");
                Check(b.UploadIp, typeof(Bid), nameof(Bid.UploadIp), "Bid.UploadIp");
                Check(b.Mac, typeof(Bid), nameof(Bid.Mac), "Bid.Mac");
                Check(b.CpuSerial, typeof(Bid), nameof(Bid.CpuSerial), "Bid.CpuSerial");
                Check(b.DiskSerial, typeof(Bid), nameof(Bid.DiskSerial), "Bid.DiskSerial");
                Check(b.FileMachineCode, typeof(Bid), nameof(Bid.FileMachineCode), "Bid.FileMachineCode");
                Check(b.FileCreationCode, typeof(Bid), nameof(Bid.FileCreationCode), "Bid.FileCreationCode");
                Check(b.DongleSerial, typeof(Bid), nameof(Bid.DongleSerial), "Bid.DongleSerial");
                Check(b.DepositAccount, typeof(Bid), nameof(Bid.DepositAccount), "Bid.DepositAccount");
                Check(b.ProjectManager, typeof(Bid), nameof(Bid.ProjectManager), "Bid.ProjectManager");
                Check(b.PmCertificate, typeof(Bid), nameof(Bid.PmCertificate), "Bid.PmCertificate");
                Check(b.ContactPerson, typeof(Bid), nameof(Bid.ContactPerson), "Bid.ContactPerson");
                Check(b.ContactPhone, typeof(Bid), nameof(Bid.ContactPhone), "Bid.ContactPhone");
                Check(b.LegalRepresentative, typeof(Bid), nameof(Bid.LegalRepresentative), "Bid.LegalRepresentative");
                Check(b.DocHash, typeof(Bid), nameof(Bid.DocHash), "Bid.DocHash");
            }

            foreach (var c in s.Candidates)
            {
                Party(c.Entity, "Candidate.Entity");
                Amount(c.Price, "Candidate.Price");
                Amount(c.Score, "Candidate.Score");
            }

            Amount(s.BenchmarkPrice, "Section.BenchmarkPrice");
            foreach (var c in s.Contracts)
            {
                if (string.IsNullOrWhiteSpace(c.Code))
                {
                    errors.Add(new ImportError(file, line, "Contract.Code", "缺少合同编号 / contract id is missing"));
                    continue;
                }

                Check(c.Code, typeof(Contract), nameof(Contract.Code), "Contract.Code");
                Check(c.AwardCode, typeof(Contract), nameof(Contract.AwardCode), "Contract.AwardCode");
                Check(c.Title, typeof(Contract), nameof(Contract.Title), "Contract.Title");
                Amount(c.Value, "Contract.Value");
                Party(c.Supplier, "Contract.Supplier");
            }
        }

        return errors;
    }

    private static string? Text(string? value) => value?.Trim() is { Length: > 0 } t ? t : null;

    /// <summary>
    /// An identifier in another country's register as the OCDS mapper stores it: the org-id scheme (country code, list
    /// code) before the value, e.g. AM-TIN-02507171. CN-USCC values are stored bare, so they are checked as codes.
    /// </summary>
    private static bool ForeignRegisterId(string code) =>
        ForeignRegister().IsMatch(code) && !code.StartsWith("CN-", StringComparison.Ordinal);

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Z]{2}-[A-Z0-9]{2,}-.", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ForeignRegister();

    /// <summary>18 characters of the code's alphabet: a code, whether or not its check character is right.</summary>
    private static bool WellFormed(string code) =>
        code.Length == 18 && code.All(c => UnifiedSocialCreditCode.Alphabet.Contains(c, StringComparison.Ordinal));

    private static readonly string PmCertificatePurpose = FieldEncryption.PurposeOf(typeof(Bid), nameof(Bid.PmCertificate));
    private static readonly string ContactPhonePurpose = FieldEncryption.PurposeOf(typeof(Bid), nameof(Bid.ContactPhone));
    private static readonly string DepositAccountPurpose = FieldEncryption.PurposeOf(typeof(Bid), nameof(Bid.DepositAccount));
    private static readonly string ProjectManagerPurpose = FieldEncryption.PurposeOf(typeof(Bid), nameof(Bid.ProjectManager));
    private static readonly string ContactPersonPurpose = FieldEncryption.PurposeOf(typeof(Bid), nameof(Bid.ContactPerson));
    private static readonly string BidLegalPurpose = FieldEncryption.PurposeOf(typeof(Bid), nameof(Bid.LegalRepresentative));
    private static readonly string EntityLegalPurpose = FieldEncryption.PurposeOf(typeof(MarketEntity), nameof(MarketEntity.LegalRepresentative));

    /// <summary>
    /// The ciphertext at <paramref name="index"/>, its blind index at the next parameter. A bidder's contact and
    /// manager recur across its bids: within one file the same value reuses its ciphertext, which reveals no more
    /// than the blind index already does (equal values) and keeps the import's speed.
    /// </summary>
    private void SetEncrypted(WriterStatement statement, int index, string? value, string purpose, BlindNormalisation normalisation)
    {
        var (ciphertext, blindIndex) = Seal(value, purpose, normalisation);
        statement.Set(index, ciphertext);
        statement.Set(index + 1, blindIndex);
    }

    /// <summary>The ciphertext and blind index of a value (both null for null).</summary>
    private (string? Ciphertext, string? BlindIndex) Seal(string? value, string purpose, BlindNormalisation normalisation)
    {
        if (value is null)
        {
            return (null, null);
        }

        if (!sealedValues.TryGetValue((purpose, value), out var sealedValue))
        {
            if (sealedValues.Count >= MaxSealedValues)
            {
                sealedValues.Clear();
            }

            sealedValue = (cipher.Encrypt(value, purpose), cipher.BlindIndex(value, normalisation));
            sealedValues[(purpose, value)] = sealedValue;
        }

        return sealedValue;
    }

    private const int MaxSealedValues = 100_000;
    private readonly Dictionary<(string Purpose, string Value), (string Ciphertext, string? BlindIndex)> sealedValues = [];

    /// <summary>Replace an encrypted column only when its blind index says the value changed.</summary>
    private static string MergeEncrypted(string table, params string[] columns) =>
        string.Join(",\n", columns.Select(c =>
            $"  \"{c}\" = CASE WHEN excluded.\"{c}Hash\" IS NOT NULL AND excluded.\"{c}Hash\" IS DISTINCT FROM \"{table}\".\"{c}Hash\" " +
            $"THEN excluded.\"{c}\" ELSE COALESCE(\"{table}\".\"{c}\", excluded.\"{c}\") END,\n" +
            $"  \"{c}Hash\" = COALESCE(excluded.\"{c}Hash\", \"{table}\".\"{c}Hash\")"));

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    /// <summary>
    /// A date where the earliest one said wins: a project's PublishedAt comes from its creation time (projects
    /// table) or from its sections' notice times (sections and awards tables); taking whichever file came last made
    /// every re-import of such a set rewrite every project (issue 11, item 3: the re-import of bench/import-100k.sh
    /// "changed" 268 498 rows). Portable SQL (no MIN/LEAST, which differ between SQLite and PostgreSQL).
    /// </summary>
    private static string MergeEarliest(string table, string column) =>
        $"  \"{column}\" = CASE WHEN excluded.\"{column}\" IS NOT NULL AND (\"{table}\".\"{column}\" IS NULL OR excluded.\"{column}\" < \"{table}\".\"{column}\") "
        + $"THEN excluded.\"{column}\" ELSE \"{table}\".\"{column}\" END";

    private static string ChangedEarliest(string table, string column) =>
        $"  (excluded.\"{column}\" IS NOT NULL AND (\"{table}\".\"{column}\" IS NULL OR excluded.\"{column}\" < \"{table}\".\"{column}\"))";

    /// <summary>A currency column follows its amount: set with the amount, kept when the fragment has no amount.</summary>
    private static string MergeCurrency(string table, params (string Amount, string Currency)[] pairs) =>
        string.Join(",\n", pairs.Select(p =>
            $"  \"{p.Currency}\" = CASE WHEN excluded.\"{p.Amount}\" IS NOT NULL THEN excluded.\"{p.Currency}\" ELSE \"{table}\".\"{p.Currency}\" END"));

    /// <summary>True when an amount comes with another currency than the stored one.</summary>
    private static string ChangedCurrency(string table, params (string Amount, string Currency)[] pairs) =>
        string.Join(" OR\n", pairs.Select(p =>
            $"  (excluded.\"{p.Amount}\" IS NOT NULL AND excluded.\"{p.Currency}\" IS DISTINCT FROM \"{table}\".\"{p.Currency}\")"));

    private void SetContract(long sectionId, ContractData c, long? supplierId)
    {
        contract.Set(0, sectionId);
        contract.Set(1, c.Code.Trim());
        contract.Set(2, Text(c.AwardCode));
        contract.Set(3, Text(c.Title));
        contract.Set(4, c.Value);
        contract.Set(5, c.SignedOn);
        contract.Set(6, supplierId);
        contract.Set(7, c.Currency);
    }

    private readonly HashSet<(string, string)> currencyNoted = [];

    /// <summary>
    /// A section with amounts in another currency than yuan gets a data-quality note (DataQualityIssues, subject
    /// <c>section</c>, field <c>Currency</c>): its amounts are kept with their currency and left out of 万元 sums and
    /// price screens.
    /// </summary>
    private async ValueTask QueueCurrencyIssueAsync(string projectCode, SectionData s, CancellationToken ct)
    {
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        void Note(decimal? amount, string? currency)
        {
            if (amount is not null && !Currencies.IsYuan(currency))
            {
                codes.Add(currency!);
            }
        }

        Note(s.ControlPrice, s.ControlPriceCurrency);
        Note(s.EstimatedPrice, s.EstimatedPriceCurrency);
        Note(s.AwardAmount, s.AwardCurrency);
        foreach (var b in s.Bids)
        {
            Note(b.Price, b.Currency);
        }

        foreach (var c in s.Candidates)
        {
            Note(c.Price, c.Currency);
        }

        foreach (var c in s.Contracts)
        {
            Note(c.Value, c.Currency);
        }

        if (codes.Count == 0 || !currencyNoted.Add((projectCode, s.Code.Trim())))
        {
            return;
        }

        var names = string.Join("、", codes.Select(Currencies.Name));
        issue.Set(0, "section");
        issue.Set(1, Truncate(projectCode + "/" + s.Code.Trim(), 300));
        issue.Set(2, "Currency");
        issue.Set(3, Truncate(string.Join(",", codes), 300));
        issue.Set(4, Truncate($"金额以{names}计，保留原币种，不计入以万元计的合计和价格筛查 / amounts in {string.Join(", ", codes)} are kept in their currency and left out of yuan sums and price screens", 500));
        issue.Set(5, now);
        await issue.DeferAsync(ct);
    }

    private static string Merge(string table, params string[] columns) =>
        string.Join(",\n", columns.Select(c => $"  \"{c}\" = COALESCE(excluded.\"{c}\", \"{table}\".\"{c}\")"));

    /// <summary>
    /// On PostgreSQL the key lookup rides in the same statement (a data-modifying CTE), saving a round trip for every
    /// known key met the first time; SQLite has no DML in CTEs and needs no saving (no network).
    /// </summary>
    private string WithId(string upsert, string table, string keyCondition) =>
        sqlite
            ? upsert
            : $"WITH upserted AS ({upsert}) SELECT \"Id\" FROM upserted UNION ALL SELECT \"Id\" FROM \"{table}\" WHERE {keyCondition} LIMIT 1";

    /// <summary>True when some column gets a new non-null value (IS DISTINCT FROM: SQLite 3.39+, PostgreSQL).</summary>
    private static string Changed(string table, params string[] columns) =>
        string.Join(" OR\n", columns.Select(c => $"  (excluded.\"{c}\" IS NOT NULL AND excluded.\"{c}\" IS DISTINCT FROM \"{table}\".\"{c}\")"));

    private static void Add(DbCommand cmd, string name, DbType type, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = "@" + name;
        p.DbType = type;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    private WriterStatement Prepare(string sql, params (string Name, DbType Type)[] parameters)
    {
        var statement = WriterStatement.Prepare(db.Database.GetDbConnection(), transaction.GetDbTransaction(), deferred, sql, parameters);
        statements.Add(statement);
        return statement;
    }

    private readonly record struct EntityState(string Name, string? Code, bool Valid, string? Legal);

    private sealed record ProjectState(
        string? Name, TradingCategory? Category, string? CategoryDetail, string? Region, long? TendererId, long? AgencyId,
        string? SupervisingDepartment, string? TenderMode, decimal? Budget, string? BudgetCurrency, DateTimeOffset? PublishedAt,
        string? SourceUrl)
    {
        public ProjectState Merge(ProjectState n) => new(
            n.Name ?? Name, n.Category ?? Category, n.CategoryDetail ?? CategoryDetail, n.Region ?? Region,
            n.TendererId ?? TendererId, n.AgencyId ?? AgencyId, n.SupervisingDepartment ?? SupervisingDepartment,
            n.TenderMode ?? TenderMode, n.Budget ?? Budget, n.Budget is null ? BudgetCurrency : n.BudgetCurrency,
            n.PublishedAt is { } p && (PublishedAt is null || p < PublishedAt) ? p : PublishedAt, n.SourceUrl ?? SourceUrl);
    }

    private sealed record SectionState(
        string? Name, decimal? ControlPrice, string? ControlPriceCurrency, decimal? EstimatedPrice, string? EstimatedPriceCurrency,
        DateTimeOffset? NoticeAt, DateTimeOffset? BidOpenAt, int? DeclaredBidderCount, string? EvaluationMethod, long? WinnerId,
        decimal? AwardAmount, string? AwardCurrency, decimal? AwardDiscountRate, DateTimeOffset? AwardAt, decimal? BenchmarkPrice,
        DateTimeOffset? SignedOn)
    {
        public static SectionState Of(SectionData s, long? winnerId) => new(
            s.Name, s.ControlPrice, s.ControlPriceCurrency, s.EstimatedPrice, s.EstimatedPriceCurrency, s.NoticeAt, s.BidOpenAt,
            s.DeclaredBidderCount, s.EvaluationMethod, winnerId, s.AwardAmount, s.AwardCurrency, s.AwardDiscountRate, s.AwardAt,
            s.BenchmarkPrice, s.SignedOn);

        public SectionState Merge(SectionState n) => new(
            n.Name ?? Name, n.ControlPrice ?? ControlPrice, n.ControlPrice is null ? ControlPriceCurrency : n.ControlPriceCurrency,
            n.EstimatedPrice ?? EstimatedPrice, n.EstimatedPrice is null ? EstimatedPriceCurrency : n.EstimatedPriceCurrency,
            n.NoticeAt ?? NoticeAt, n.BidOpenAt ?? BidOpenAt, n.DeclaredBidderCount ?? DeclaredBidderCount,
            n.EvaluationMethod ?? EvaluationMethod, n.WinnerId ?? WinnerId, n.AwardAmount ?? AwardAmount,
            n.AwardAmount is null ? AwardCurrency : n.AwardCurrency, n.AwardDiscountRate ?? AwardDiscountRate, n.AwardAt ?? AwardAt,
            n.BenchmarkPrice ?? BenchmarkPrice, n.SignedOn ?? SignedOn);
    }
}
