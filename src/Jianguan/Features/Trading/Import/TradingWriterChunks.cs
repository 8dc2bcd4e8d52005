using System.Data;
using Jianguan.Analytics.Data;
using Jianguan.Platform.Crypto;
using Microsoft.EntityFrameworkCore.Storage;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace Jianguan.Features.Trading.Import;

/// <summary>
/// The PostgreSQL path of <see cref="TradingWriter"/>: fragments are buffered and written a chunk at a time, level by
/// level (entities, projects, sections, then bids and candidates), so that a chunk costs a handful of round trips
/// instead of several per row. Keys met for the first time in the file are looked up with one query per level
/// (<c>= ANY(array)</c>); projects and sections are staged with binary COPY and merged set-based (see
/// TradingWriterStaged.cs), entities, candidates and contracts go out as one <see cref="NpgsqlBatch"/> per level,
/// whose per-statement row counts tell an update from a no-op (the receipt's updated/unchanged rows); bids that cannot
/// exist yet (a new section, a bidder the section did not have) are streamed with binary COPY, stored ones merged from
/// a staging table. The same merge statements as on SQLite are used, so the stored result is the same; everything
/// stays inside the file's transaction.
/// </summary>
public sealed partial class TradingWriter
{
    /// <summary>
    /// Fragments per chunk by default. Each chunk costs a handful of round trips per level, and on a busy server each
    /// round trip waits for the backend to be scheduled: at 2,000 fragments a chunk, a bids file of one bid a row paid
    /// about five round trips per 2,000 bids. A chunk of 20,000 rows holds a few megabytes.
    /// </summary>
    internal const int DefaultChunkRows = 20_000;

    /// <summary>Bids (and candidates) per chunk by default (an OCDS release may carry hundreds of bids).</summary>
    internal const int DefaultChunkBids = 50_000;

    /// <summary>Fragments per chunk (tests lower it so that small files span several chunks).</summary>
    internal int ChunkRows { get; set; } = DefaultChunkRows;

    /// <summary>Bids and candidates per chunk.</summary>
    internal int ChunkBids { get; set; } = DefaultChunkBids;

    private readonly List<PendingRow> chunk = [];
    private int chunkBids;

    // PartyRef → entity key, once its state has been queued (the chunk path's partyRefs).
    private readonly Dictionary<PartyRef, string> partyKeys = [];

    /// <summary>One buffered fragment and what its writes did.</summary>
    private sealed class PendingRow(ProjectData data)
    {
        public ProjectData Data { get; } = data;
        public bool New { get; set; }
        public bool Changed { get; set; }
    }

    private bool Chunked => !sqlite;

    /// <summary>What a fragment that names only a project's or section's code says about it.</summary>
    private static readonly ProjectState NoProject = new(null, null, null, null, null, null, null, null, null, null, null, null);
    private static readonly SectionState NoSection = new(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    private async ValueTask BufferAsync(ProjectData data, CancellationToken ct)
    {
        chunk.Add(new PendingRow(data));
        foreach (var s in data.Sections)
        {
            chunkBids += s.Bids.Count + s.Candidates.Count;
        }

        if (chunk.Count >= ChunkRows || chunkBids >= ChunkBids)
        {
            await FlushChunkAsync(ct);
        }
    }

    /// <summary>
    /// Writes what is buffered (PostgreSQL); a no-op on SQLite, which writes each fragment at once. Call before
    /// reading <see cref="Touched"/> or the row counts; <see cref="CommitAsync"/> calls it too.
    /// </summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        if (Chunked)
        {
            await FlushChunkAsync(ct);
        }
    }

    private NpgsqlConnection Connection => (NpgsqlConnection)db.Database.GetDbConnection();

    private NpgsqlTransaction Transaction => (NpgsqlTransaction)transaction.GetDbTransaction();

    private async Task FlushChunkAsync(CancellationToken ct)
    {
        if (chunk.Count == 0)
        {
            return;
        }

        var rows = chunk.ToArray();
        chunk.Clear();
        chunkBids = 0;

        var start = ImportPhases.Start();
        await WriteEntitiesAsync(rows, ct);
        Phases.Add("chunk: entities", start);
        start = ImportPhases.Start();
        var projectOf = await WriteProjectsAsync(rows, ct);
        Phases.Add("chunk: projects", start);
        start = ImportPhases.Start();
        var sectionOf = await WriteSectionsAsync(rows, projectOf, ct);
        Phases.Add("chunk: sections", start);
        await WriteBidsAsync(rows, sectionOf, ct);

        foreach (var row in rows)
        {
            if (row.New)
            {
                RowsNew++;
            }
            else if (row.Changed)
            {
                RowsUpdated++;
            }
            else
            {
                RowsUnchanged++;
            }
        }
    }

    private static IEnumerable<PartyRef> Parties(ProjectData d)
    {
        if (d.Tenderer is not null)
        {
            yield return d.Tenderer;
        }

        if (d.Agency is not null)
        {
            yield return d.Agency;
        }

        foreach (var s in d.Sections)
        {
            if (s.Winner is not null)
            {
                yield return s.Winner;
            }

            foreach (var b in s.Bids)
            {
                yield return b.Bidder;
            }

            foreach (var c in s.Candidates)
            {
                yield return c.Entity;
            }

            foreach (var c in s.Contracts)
            {
                if (c.Supplier is not null)
                {
                    yield return c.Supplier;
                }
            }
        }
    }

    private long EntityId(PartyRef e) => entities[partyKeys[e]].Id;

    private async Task WriteEntitiesAsync(PendingRow[] rows, CancellationToken ct)
    {
        var upserts = new List<StagedRow<string>>();
        var unresolved = new HashSet<string>(StringComparer.Ordinal);
        var flagged = new List<(string Key, string Code, string Name)>();
        foreach (var row in rows)
        {
            foreach (var e in Parties(row.Data))
            {
                if (partyKeys.ContainsKey(e))
                {
                    continue;
                }

                var name = e.Name.Trim();
                var (key, code, valid) = EntityKey(e);
                var legal = e.LegalRepresentative?.Trim() is { Length: > 0 } l ? l : null;
                EntityState merged;
                var found = entities.TryGetValue(key, out var known);
                if (found)
                {
                    merged = new EntityState(name, code ?? known.State.Code, code is null ? known.State.Valid : valid, legal ?? known.State.Legal);
                    if (merged == known.State)
                    {
                        partyKeys[e] = key;
                        continue;
                    }
                }
                else
                {
                    merged = new EntityState(name, code, valid, legal);
                }

                // The values in the order of the upsert's parameters (entity.Parameters).
                var (legalText, legalHash) = Seal(legal, EntityLegalPurpose, BlindNormalisation.Plain);
                upserts.Add(new StagedRow<string>(row, key, [key, name, code, valid, legalText, legalHash, NameKey(name)]));
                entities[key] = (known.Id, merged);
                if (known.Id == 0)
                {
                    unresolved.Add(key);
                }

                partyKeys[e] = key;
                if (code is not null && !valid && flaggedEntities.Add(key))
                {
                    flagged.Add((key, code, name));
                }
            }
        }

        // Keys first met in this file: stored before (a firm merged into its coded entity resolves to that entity), or new.
        const string Lookup = """SELECT "Key", COALESCE("MergedIntoId", "Id") FROM "MarketEntities" WHERE "Key" = ANY($1)""";
        if (unresolved.Count > 0)
        {
            await LookupAsync(Lookup, [.. unresolved],
                reader => entities[reader.GetString(0)] = (reader.GetInt64(1), entities[reader.GetString(0)].State), ct);
        }

        await StagedUpsertAsync(entityStage, entitySql, entity.Parameters, upserts,
            key => entities[key].Id != 0,
            reader => reader.GetString(1),
            keys => LookupAsync(Lookup, [.. keys], reader => entities[reader.GetString(0)] = (reader.GetInt64(1), entities[reader.GetString(0)].State), ct),
            (key, id) => entities[key] = (id, entities[key].State), ct);

        foreach (var (key, code, name) in flagged)
        {
            QueueIssue(key, code, name);
            await issue.DeferAsync(ct);
        }

        foreach (var row in rows)
        {
            foreach (var e in Parties(row.Data))
            {
                Touched.Entities.Add(EntityId(e));
            }
        }
    }

    private async Task<Dictionary<PendingRow, long>> WriteProjectsAsync(PendingRow[] rows, CancellationToken ct)
    {
        var firstMet = new Dictionary<string, PendingRow>(StringComparer.Ordinal);
        var upserts = new List<(StagedRow<string> Upsert, bool Empty)>();
        foreach (var row in rows)
        {
            var d = row.Data;
            var code = d.Code.Trim();
            long? tendererId = d.Tenderer is null ? null : EntityId(d.Tenderer);
            long? agencyId = d.Agency is null ? null : EntityId(d.Agency);
            var incoming = new ProjectState(d.Name, d.Category, d.CategoryDetail, d.Region, tendererId, agencyId,
                d.SupervisingDepartment, d.TenderMode, d.Budget, d.BudgetCurrency, d.PublishedAt, d.SourceUrl);
            var merged = incoming;
            if (projects.TryGetValue(code, out var known))
            {
                merged = known.State.Merge(incoming);
                if (merged == known.State)
                {
                    continue;
                }
            }
            else
            {
                firstMet[code] = row;
            }

            // The values in the order of the upsert's parameters (project.Parameters).
            upserts.Add((new StagedRow<string>(row, code, [code, Text(d.Name), d.Category?.ToString(), Text(d.CategoryDetail), Text(d.Region),
                tendererId, agencyId, Text(d.SupervisingDepartment), Text(d.TenderMode), d.Budget, d.PublishedAt, Text(d.SourceUrl),
                d.BudgetCurrency]), known.Id == 0 && incoming == NoProject));
            projects[code] = (known.Id, merged);
        }

        var stored = new HashSet<string>(StringComparer.Ordinal);
        if (firstMet.Count > 0)
        {
            // Stored before, or new with the row that first names it.
            await LookupAsync("""SELECT "Code", "Id" FROM "TradingProjects" WHERE "Code" = ANY($1)""", [.. firstMet.Keys], reader =>
            {
                var code = reader.GetString(0);
                stored.Add(code);
                projects[code] = (reader.GetInt64(1), projects[code].State);
            }, ct);
            foreach (var (code, row) in firstMet)
            {
                if (!stored.Contains(code))
                {
                    row.New = true;
                }
            }
        }

        // A fragment that names only a stored project's code (a bid row) has nothing to merge into it.
        var staged = upserts.Where(u => !(u.Empty && stored.Contains(u.Upsert.Key))).Select(u => u.Upsert).ToList();
        await StagedUpsertAsync(projectStage, projectSql, project.Parameters, staged,
            code => projects[code].Id != 0,
            reader => reader.GetString(1),
            codes => LookupAsync("""SELECT "Code", "Id" FROM "TradingProjects" WHERE "Code" = ANY($1)""", [.. codes],
                reader => projects[reader.GetString(0)] = (reader.GetInt64(1), projects[reader.GetString(0)].State), ct),
            (code, id) =>
            {
                projects[code] = (id, projects[code].State);
                changedProjects.Add(id);
            }, ct);

        var ids = new Dictionary<PendingRow, long>(rows.Length);
        foreach (var row in rows)
        {
            var id = projects[row.Data.Code.Trim()].Id;
            ids[row] = id;
            Touched.Projects.Add(id);
        }

        return ids;
    }

    private async Task<Dictionary<(PendingRow, SectionData), long>> WriteSectionsAsync(
        PendingRow[] rows, Dictionary<PendingRow, long> projectOf, CancellationToken ct)
    {
        var firstMet = new Dictionary<(long, string), PendingRow>();
        var upserts = new List<(StagedRow<(long, string)> Upsert, bool Empty)>();
        var storedKeys = new HashSet<(long, string)>();
        foreach (var row in rows)
        {
            var projectId = projectOf[row];
            foreach (var s in row.Data.Sections)
            {
                var code = s.Code.Trim();
                long? winnerId = s.Winner is null ? null : EntityId(s.Winner);
                var incoming = SectionState.Of(s, winnerId);
                var merged = incoming;
                if (sections.TryGetValue((projectId, code), out var known))
                {
                    merged = known.State.Merge(incoming);
                    if (merged == known.State)
                    {
                        continue;
                    }
                }
                else
                {
                    firstMet.TryAdd((projectId, code), row);
                }

                // The values in the order of the upsert's parameters (section.Parameters).
                upserts.Add((new StagedRow<(long, string)>(row, (projectId, code), [projectId, code, Text(s.Name), s.ControlPrice,
                    s.EstimatedPrice, s.NoticeAt, s.BidOpenAt, s.DeclaredBidderCount, Text(s.EvaluationMethod), winnerId, s.AwardAmount,
                    s.AwardDiscountRate, s.AwardAt, s.BenchmarkPrice, s.SignedOn, s.ControlPriceCurrency, s.EstimatedPriceCurrency,
                    s.AwardCurrency]), known.Id == 0 && incoming == NoSection));
                sections[(projectId, code)] = (known.Id, merged);
            }
        }

        if (firstMet.Count > 0)
        {
            // Sections stored before this file: their bids so far are their opening record (read when bids come).
            await LookupSectionsAsync([.. firstMet.Keys], (key, id) =>
            {
                firstMet.Remove(key);
                storedKeys.Add(key);
                storedSections.Add(id);
            }, ct);

            foreach (var row in firstMet.Values)
            {
                row.New = true;
            }
        }

        // A fragment that names only a stored section (a bid row) has nothing to merge into it.
        var staged = upserts.Where(u => !(u.Empty && storedKeys.Contains(u.Upsert.Key))).Select(u => u.Upsert).ToList();
        await StagedUpsertAsync(sectionStage, sectionSql, section.Parameters, staged,
            key => sections[key].Id != 0,
            reader => (reader.GetInt64(1), reader.GetString(2)),
            keys => LookupSectionsAsync(keys, (_, _) => { }, ct),
            (key, id) =>
            {
                sections[key] = (id, sections[key].State);
                changedSections.Add(id);
            }, ct);

        var ids = new Dictionary<(PendingRow, SectionData), long>();
        foreach (var row in rows)
        {
            var projectId = projectOf[row];
            foreach (var s in row.Data.Sections)
            {
                var code = s.Code.Trim();
                var id = sections[(projectId, code)].Id;
                ids[(row, s)] = id;
                sectionCodes.TryAdd(id, (row.Data.Code.Trim(), code));
                Touched.Sections.Add(id);
                await QueueCurrencyIssueAsync(row.Data.Code.Trim(), s, ct);
            }
        }

        return ids;
    }

    /// <summary>The ids of stored sections by (project id, code), in one query; each found key gets its id in the map.</summary>
    private async Task LookupSectionsAsync(List<(long, string)> keys, Action<(long, string), long> found, CancellationToken ct)
    {
        await using var lookup = new NpgsqlCommand(
            """
            SELECT s."ProjectId", s."Code", s."Id" FROM "Sections" s
            JOIN unnest($1::bigint[], $2::text[]) AS k("ProjectId", "Code") ON s."ProjectId" = k."ProjectId" AND s."Code" = k."Code"
            """, Connection, Transaction);
        lookup.Parameters.Add(new NpgsqlParameter { Value = keys.Select(k => k.Item1).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        lookup.Parameters.Add(new NpgsqlParameter { Value = keys.Select(k => k.Item2).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await using var reader = await lookup.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var key = (reader.GetInt64(0), reader.GetString(1));
            var id = reader.GetInt64(2);
            sections[key] = (id, sections[key].State);
            found(key, id);
        }
    }

    /// <summary>Sections stored before this file whose bidders have not been read yet (a sections or awards file never needs them).</summary>
    private readonly HashSet<long> storedSections = [];

    /// <summary>The bidders of the stored sections this chunk's bids go to, as stored before the file, in one query.</summary>
    private async Task ReadPriorBiddersAsync(PendingRow[] rows, Dictionary<(PendingRow, SectionData), long> sectionOf, CancellationToken ct)
    {
        var wanted = new List<long>();
        foreach (var row in rows)
        {
            foreach (var s in row.Data.Sections)
            {
                if (s.Bids.Count > 0 && storedSections.Remove(sectionOf[(row, s)]))
                {
                    wanted.Add(sectionOf[(row, s)]);
                    priorBidders[sectionOf[(row, s)]] = [];
                }
            }
        }

        if (wanted.Count == 0)
        {
            return;
        }

        // One index probe per section: the OFFSET 0 keeps the subquery from being flattened into a join. Without it
        // the planner scans the whole Bids table for every chunk (no statistics on the rows this transaction added;
        // an ANALYZE does not change the plan): 32 ms against 8-18 ms at 92,000 bids, and the scan grows with the table.
        await using var bidders = new NpgsqlCommand(
            """
            SELECT k."SectionId", b."BidderId" FROM unnest($1::bigint[]) AS k("SectionId")
            CROSS JOIN LATERAL (SELECT "BidderId" FROM "Bids" WHERE "SectionId" = k."SectionId" OFFSET 0) b
            """, Connection, Transaction);
        bidders.Parameters.Add(new NpgsqlParameter { Value = wanted.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        await using var reader = await bidders.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            priorBidders[reader.GetInt64(0)].Add(reader.GetInt64(1));
        }
    }

    private async Task WriteBidsAsync(PendingRow[] rows, Dictionary<(PendingRow, SectionData), long> sectionOf, CancellationToken ct)
    {
        var reading = ImportPhases.Start();
        await ReadPriorBiddersAsync(rows, sectionOf, ct);
        Phases.Add("chunk: bidders stored before", reading);

        await using var batch = new NpgsqlBatch(Connection, Transaction);
        var owners = new List<PendingRow>();
        var copy = new List<(long Section, long Bidder, BidData Bid)>();
        var merge = new List<(PendingRow Row, long Section, long Bidder, BidData Bid)>();
        foreach (var row in rows)
        {
            foreach (var s in row.Data.Sections)
            {
                var sectionId = sectionOf[(row, s)];
                foreach (var b in s.Bids)
                {
                    var bidderId = EntityId(b.Bidder);
                    var prior = priorBidders.GetValueOrDefault(sectionId);
                    var isNew = !(prior?.Contains(bidderId) ?? false) && !Touched.Bids.Contains((sectionId, bidderId));
                    if (isNew)
                    {
                        row.New = true;
                        if (prior is { Count: > 0 } && sectionCodes.TryGetValue(sectionId, out var codes))
                        {
                            var a = appended.TryGetValue(sectionId, out var seen) ? seen : (codes.Project, codes.Section, Before: prior.Count, Added: 0);
                            appended[sectionId] = (a.Project, a.Section, a.Before, a.Added + 1);
                        }

                        // Not stored and not yet written by this file: nothing to merge with, so COPY takes it.
                        copy.Add((sectionId, bidderId, b));
                        changedSections.Add(sectionId);
                    }
                    else
                    {
                        merge.Add((row, sectionId, bidderId, b));
                    }

                    Touched.Bids.Add((sectionId, bidderId));
                }

                foreach (var c in s.Candidates)
                {
                    batch.BatchCommands.Add(Command(candidate.Sql, candidate.Parameters, sectionId, EntityId(c.Entity), c.Rank, c.Price, c.Score,
                        c.Currency));
                    owners.Add(row);
                }

                foreach (var c in s.Contracts)
                {
                    batch.BatchCommands.Add(Command(contract.Sql, contract.Parameters, sectionId, c.Code.Trim(), Text(c.AwardCode),
                        Text(c.Title), c.Value, c.SignedOn, c.Supplier is null ? null : EntityId(c.Supplier), c.Currency));
                    owners.Add(row);
                }
            }
        }

        if (copy.Count > 0)
        {
            var copying = ImportPhases.Start();
            await CopyBidsAsync(copy, ct);
            Phases.Add("chunk: bids copied", copying);
        }

        if (merge.Count > 0)
        {
            // After the COPY: a later fragment of a bid copied above merges into it.
            var merging = ImportPhases.Start();
            await MergeBidsAsync(merge, ct);
            Phases.Add("chunk: bids merged", merging);
        }

        if (batch.BatchCommands.Count > 0)
        {
            var merging = ImportPhases.Start();
            await batch.PrepareAsync(ct);
            await batch.ExecuteNonQueryAsync(ct);
            Phases.Add("chunk: candidates and contracts", merging);
            for (var i = 0; i < owners.Count; i++)
            {
                if (batch.BatchCommands[i].RecordsAffected > 0)
                {
                    owners[i].Changed = true;
                }
            }
        }
    }

    private static readonly string[] CopiedBidColumns =
    [
        "SectionId", "BidderId", "Status", "Price", "Rate", "SubmittedAt", "UploadIp", "Mac", "CpuSerial", "DiskSerial",
        "FileMachineCode", "FileCreationCode", "DongleSerial", "DocHash", "PmCertificate", "PmCertificateHash", "ContactPhone",
        "ContactPhoneHash", "DepositAccount", "DepositAccountHash", "ProjectManager", "ProjectManagerHash", "ContactPerson",
        "ContactPersonHash", "LegalRepresentative", "LegalRepresentativeHash", "Currency",
    ];

    /// <summary>The bid upsert's values in its parameter order (the same order as <see cref="CopiedBidColumns"/>).</summary>
    private object?[] BidValues(long sectionId, long bidderId, BidData b)
    {
        var values = new object?[27];
        values[0] = sectionId;
        values[1] = bidderId;
        values[2] = b.Status?.ToString();
        values[3] = b.Price;
        values[4] = b.Rate;
        values[5] = b.SubmittedAt;
        values[6] = Text(b.UploadIp);
        values[7] = Text(b.Mac);
        values[8] = Text(b.CpuSerial);
        values[9] = Text(b.DiskSerial);
        values[10] = Text(b.FileMachineCode);
        values[11] = Text(b.FileCreationCode);
        values[12] = Text(b.DongleSerial);
        values[13] = Text(b.DocHash);
        (values[14], values[15]) = Seal(Text(b.PmCertificate), PmCertificatePurpose, BlindNormalisation.Identifier);
        (values[16], values[17]) = Seal(Text(b.ContactPhone), ContactPhonePurpose, BlindNormalisation.Digits);
        (values[18], values[19]) = Seal(Text(b.DepositAccount), DepositAccountPurpose, BlindNormalisation.Digits);
        (values[20], values[21]) = Seal(Text(b.ProjectManager), ProjectManagerPurpose, BlindNormalisation.Plain);
        (values[22], values[23]) = Seal(Text(b.ContactPerson), ContactPersonPurpose, BlindNormalisation.Plain);
        (values[24], values[25]) = Seal(Text(b.LegalRepresentative), BidLegalPurpose, BlindNormalisation.Plain);
        values[26] = b.Currency;
        return values;
    }

    private Task CopyBidsAsync(List<(long Section, long Bidder, BidData Bid)> copy, CancellationToken ct) =>
        CopyRowsAsync("\"Bids\"", CopiedBidColumns, copy.Select(c =>
        {
            var values = BidValues(c.Section, c.Bidder, c.Bid);
            values[2] ??= nameof(BidStatus.Valid);
            return values;
        }), ct);

    /// <summary>The staging table of the bids that merge into stored ones (a chunk at a time), per transaction.</summary>
    private const string BidStage = "jianguan_import_bids";

    private bool bidStageCreated;

    private string? mergeBidsSql;

    /// <summary>
    /// Bids already stored (a re-import, or a later fragment of a bid this file wrote): staged with binary COPY, then
    /// merged by one set-based UPDATE per pass, with the same SET and change test as the row upsert (its
    /// <c>excluded.</c> values and parameters read from the staged row). A bid named twice in the chunk merges in
    /// the order met: its n-th fragment in pass n. The staged row's ordinal comes back for each bid the UPDATE
    /// changed, which marks its fragment as updated, as the upsert's row count does.
    /// </summary>
    private async Task MergeBidsAsync(List<(PendingRow Row, long Section, long Bidder, BidData Bid)> merge, CancellationToken ct)
    {
        if (!bidStageCreated)
        {
            await using var create = new NpgsqlCommand(
                $"""
                CREATE TEMP TABLE "{BidStage}" ON COMMIT DROP AS
                SELECT {string.Join(", ", CopiedBidColumns.Select(c => $"\"{c}\""))}, 0 AS "Ord", 0 AS "Pass" FROM "Bids" WITH NO DATA
                """, Connection, Transaction);
            await create.ExecuteNonQueryAsync(ct);
            bidStageCreated = true;
        }
        else
        {
            await using var truncate = new NpgsqlCommand($"TRUNCATE \"{BidStage}\"", Connection, Transaction);
            await truncate.ExecuteNonQueryAsync(ct);
        }

        var occurrences = new Dictionary<(long, long), int>();
        var passes = 0;
        await CopyRowsAsync($"\"{BidStage}\"", [.. CopiedBidColumns, "Ord", "Pass"], merge.Select((m, i) =>
        {
            var pass = occurrences[(m.Section, m.Bidder)] = occurrences.GetValueOrDefault((m.Section, m.Bidder)) + 1;
            passes = Math.Max(passes, pass);
            var values = BidValues(m.Section, m.Bidder, m.Bid);
            Array.Resize(ref values, values.Length + 2);
            values[^2] = i;
            values[^1] = pass;
            return values;
        }), ct);

        mergeBidsSql ??= StagedMerge(bid.Sql, "Bids", BidStage, ["SectionId", "BidderId"]);
        for (var pass = 1; pass <= passes; pass++)
        {
            await using var update = new NpgsqlCommand(mergeBidsSql, Connection, Transaction);
            update.Parameters.Add(new NpgsqlParameter { Value = pass, NpgsqlDbType = NpgsqlDbType.Integer });
            await using var reader = await update.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var changed = merge[reader.GetInt32(0)];
                changed.Row.Changed = true;
                changedSections.Add(changed.Section);
            }
        }
    }

    /// <summary>
    /// The set-based form of a row upsert (<c>INSERT … ON CONFLICT (key) DO UPDATE SET … WHERE …</c>) for rows known to
    /// be stored: <c>UPDATE table SET … FROM stage s WHERE key matches AND s."Pass" = $1 AND …changed… RETURNING s."Ord"</c>,
    /// where the upsert's <c>excluded."c"</c> and <c>@c</c> both read the staged <c>s."c"</c>. The upsert's SET
    /// and change test are taken as they are, so both paths merge alike.
    /// </summary>
    internal static string StagedMerge(string upsert, string table, string stage, string[] key, string returning = "s.\"Ord\"")
    {
        const string Marker = "DO UPDATE SET";
        var set = upsert.IndexOf(Marker, StringComparison.Ordinal);
        var where = upsert.LastIndexOf("\nWHERE ", StringComparison.Ordinal);
        if (set < 0 || where < set)
        {
            throw new InvalidOperationException("not an upsert with DO UPDATE SET … WHERE …");
        }

        string FromStage(string sql) =>
            ParameterName().Replace(sql.Replace("excluded.\"", "s.\"", StringComparison.Ordinal), m => $"s.\"{m.Groups[1].Value}\"");

        var assignments = FromStage(upsert[(set + Marker.Length)..where]);
        // The upsert's own RETURNING (the id of a project or section) gives way to the caller's.
        var end = upsert.IndexOf("\nRETURNING ", where, StringComparison.Ordinal);
        var changed = FromStage(upsert[(where + "\nWHERE ".Length)..(end < 0 ? upsert.Length : end)]);
        var join = string.Join(" AND ", key.Select(k => $"\"{table}\".\"{k}\" = s.\"{k}\""));
        return $"""
            UPDATE "{table}" SET {assignments}
            FROM "{stage}" s
            WHERE {join} AND s."Pass" = $1 AND ({changed})
            RETURNING {returning}
            """;
    }

    /// <summary>Binary COPY of rows (values in the order of <paramref name="columns"/>) into a table.</summary>
    private Task CopyRowsAsync(string table, string[] columns, IEnumerable<object?[]> rows, CancellationToken ct) =>
        WriterCopy.RowsAsync(Connection, table, columns, rows, ct);

    private async Task LookupAsync(string sql, string[] keys, Action<NpgsqlDataReader> onRow, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, Connection, Transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = keys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            onRow(reader);
        }
    }

    /// <summary>A batch command of <paramref name="sql"/> (written with @Name parameters) with positional values.</summary>
    private static NpgsqlBatchCommand Command(string sql, IReadOnlyList<(string Name, DbType Type)> parameters, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(Positional(sql, parameters));
        for (var i = 0; i < parameters.Count; i++)
        {
            var value = values[i] switch
            {
                null => DBNull.Value,
                DateTimeOffset t => t.ToUniversalTime(),
                var v => v,
            };
            command.Parameters.Add(new NpgsqlParameter { Value = value, DbType = parameters[i].Type });
        }

        return command;
    }

    private static readonly Dictionary<string, string> PositionalSql = new(StringComparer.Ordinal);

    /// <summary>@Name → $n by the parameter order: Npgsql then sends the text as is instead of rewriting it per command.</summary>
    private static string Positional(string sql, IReadOnlyList<(string Name, DbType Type)> parameters)
    {
        lock (PositionalSql)
        {
            if (!PositionalSql.TryGetValue(sql, out var positional))
            {
                var index = parameters.Select((p, i) => (p.Name, i)).ToDictionary(p => p.Name, p => p.i + 1, StringComparer.Ordinal);
                positional = ParameterName().Replace(sql, m => index.TryGetValue(m.Groups[1].Value, out var n)
                    ? "$" + n.ToString(CultureInfo.InvariantCulture)
                    : m.Value);
                PositionalSql[sql] = positional;
            }

            return positional;
        }
    }

    [GeneratedRegex(@"@(\w+)", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();
}
