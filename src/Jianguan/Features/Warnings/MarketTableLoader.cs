using Jianguan.Analytics.Data;
using Jianguan.Features.Trading;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Jianguan.Features.Warnings;

/// <summary>
/// The engine's <see cref="BidTable"/> built from the trading tables, with the maps back to database ids.
/// Section ids and bidder names in the table are the database ids as text, so that evidence naming sections
/// (cross-section links) can be linked to their pages.
/// </summary>
public sealed class MarketTable
{
    public required BidTable Table { get; init; }

    /// <summary>Database id of each table section.</summary>
    public required long[] SectionIds { get; init; }

    /// <summary>Database id of each table bid.</summary>
    public required long[] BidIds { get; init; }

    /// <summary>Database id (market entity) of each table bidder.</summary>
    public required long[] EntityIds { get; init; }

    /// <summary>When each section's facts happened (bid opening, else notice), UTC.</summary>
    public required DateTimeOffset?[] OccurredAt { get; init; }

    public int IndexOfSection(long id) => Array.BinarySearch(SectionIds, id);
}

/// <summary>
/// Reads sections, bids (with every fingerprint), winners, prices and dates in batches of sections and builds the
/// engine's table. Fingerprints are hashed as they are read (the table keeps no text); the text of the few values
/// that end up in evidence is read back by bid id (<see cref="ReadFingerprintsAsync"/>). Bids without a positive
/// price are left out, as the file loader of <c>jianguan analyze</c> does, and so are bids priced in another currency
/// than yuan (their section's foreign amounts read as missing).
/// </summary>
public static class MarketTableLoader
{
    public const int SectionBatch = 2000;

    private sealed record SectionRow(
        long Id, decimal? ControlPrice, decimal? EstimatedPrice, DateTimeOffset? NoticeAt, DateTimeOffset? BidOpenAt,
        long? WinnerId, decimal? AwardAmount, TradingCategory Category, string? CategoryDetail, string? TenderMode);

    private sealed record BidRow(
        long Id, long SectionId, long BidderId, decimal? Price, DateTimeOffset? SubmittedAt, BidStatus Status,
        string? FileCode, string? MachineCode, string? Dongle, string? Mac, string? Cpu, string? Disk, string? Ip,
        string? Phone, string? Manager, string? Certificate, string? DocHash, string? Deposit, string? LegalRep);

    /// <summary>The fingerprint columns of a bid in the order of <see cref="FingerprintKind"/>.</summary>
    private static readonly IReadOnlyList<FingerprintKind> Kinds = EngineMapping.Kinds;

    /// <summary>Loads the given sections (all sections when null) into one table, sections in id order.</summary>
    public static async Task<MarketTable> LoadAsync(JianguanDbContext db, IReadOnlyCollection<long>? sections, ILogger? timings = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        long[] ids = sections is null
            ? await db.Sections.AsNoTracking().OrderBy(s => s.Id).Select(s => s.Id).ToArrayAsync(ct)
            : [.. sections.Distinct().Order()];

        // The whole market is read by id ranges alone (no id list to send); a chosen set by its ids.
        var whole = sections is null;
        var batch = whole ? 10 * SectionBatch : SectionBatch;
        var builder = new BidTableBuilder(keepRaw: false) { HasBidders = true };
        var sectionIds = new List<long>();
        var occurred = new List<DateTimeOffset?>();
        var bidIds = new List<long>();
        var entityIndex = new Dictionary<long, int>();
        var entityIds = new List<long>();
        var anyStatus = false;
        var anyCheckin = false;
        var readTime = TimeSpan.Zero;
        var number = new char[24];
        for (var start = 0; start < ids.Length; start += batch)
        {
            var chunk = ids.AsSpan(start, Math.Min(batch, ids.Length - start)).ToArray();
            var lo = chunk[0];
            var hi = chunk[^1];
            var read = System.Diagnostics.Stopwatch.StartNew();
            var rows = await ReadSectionsAsync(db, lo, hi, whole ? null : chunk, ct);
            var current = -1L;
            var s = -1;
            long? winner = null;

            // One bid into the table (fingerprints apart): a new section starts when the section id changes.
            int Add(long id, long sectionId, long bidderId, decimal price, DateTimeOffset? submittedAt, BidStatus status)
            {
                if (sectionId != current)
                {
                    current = sectionId;
                    var row = rows[current];
                    sectionId.TryFormat(number, out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
                    s = builder.Section(number.AsSpan(0, written));
                    sectionIds.Add(current);
                    occurred.Add(row.BidOpenAt ?? row.NoticeAt);
                    SetSection(builder, s, row);
                    winner = row.WinnerId;
                }

                if (!entityIndex.TryGetValue(bidderId, out var bidder))
                {
                    bidderId.TryFormat(number, out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
                    bidder = builder.Bidder(number.AsSpan(0, written));
                    entityIndex.Add(bidderId, bidder);
                    entityIds.Add(bidderId);
                }

                var i = builder.AddBid(s, bidder, (double)price);
                bidIds.Add(id);
                if (submittedAt is { } at)
                {
                    builder.SetCheckin(i, Minutes(at));
                    anyCheckin = true;
                }

                if (EngineMapping.Status(status) is { } engineStatus)
                {
                    builder.SetStatus(i, engineStatus);
                    anyStatus = true;
                }

                if (winner == bidderId)
                {
                    builder.SetWon(i);
                }

                return i;
            }

            if (db.Database.GetDbConnection() is SqliteConnection sqlite)
            {
                await using var command = await CommandAsync(db, BidSql, "b.\"SectionId\"", lo, hi, whole ? null : chunk, " ORDER BY b.\"SectionId\", b.\"Id\"", ct);
                ReadBidsSqlite(sqlite, command, builder, Add);
                readTime += read.Elapsed;
                continue;
            }

            var bids = await ReadBidsAsync(db, lo, hi, whole ? null : chunk, ct);
            readTime += read.Elapsed;
            foreach (var b in bids)
            {
                var i = Add(b.Id, b.SectionId, b.BidderId, b.Price!.Value, b.SubmittedAt, b.Status);
                SetFingerprints(builder, i, b);
            }
        }

        Platform.Timings.Phase(timings, "load: reading rows", readTime);

        await SetCreditCodesAsync(db, builder, entityIds, ct);
        builder.HasStatus = anyStatus;
        builder.HasCheckin = anyCheckin;
        var table = builder.Build();
        if (table.BidCount != bidIds.Count || table.SectionCount != sectionIds.Count)
        {
            throw new InvalidOperationException("the engine's table does not match the bids read");
        }

        return new MarketTable
        {
            Table = table,
            SectionIds = [.. sectionIds],
            BidIds = [.. bidIds],
            EntityIds = [.. entityIds],
            OccurredAt = [.. occurred],
        };
    }

    // Amounts in another currency than yuan are not read (null): the screens and ratios never mix currencies
    // (Trading.Currencies); such bids are left out like bids without a price.
    private static readonly string SectionSql =
        "SELECT s.\"Id\", " + Yuan("s.\"ControlPrice\"", "s.\"ControlPriceCurrency\"") + ", "
        + Yuan("s.\"EstimatedPrice\"", "s.\"EstimatedPriceCurrency\"") + ", s.\"NoticeAt\", s.\"BidOpenAt\", s.\"WinnerId\", "
        + Yuan("s.\"AwardAmount\"", "s.\"AwardCurrency\"") + ", "
        + "p.\"Category\", p.\"CategoryDetail\", p.\"TenderMode\" FROM \"Sections\" s JOIN \"TradingProjects\" p ON p.\"Id\" = s.\"ProjectId\" "
        + "WHERE s.\"Id\" >= @lo AND s.\"Id\" <= @hi";

    private static string Yuan(string amount, string currency) =>
        $"CASE WHEN {Trading.Currencies.YuanSql(currency)} THEN {amount} END";

    private static readonly string BidSql =
        "SELECT b.\"Id\", b.\"SectionId\", b.\"BidderId\", b.\"Price\", b.\"SubmittedAt\", b.\"Status\", b.\"FileCreationCode\", "
        + "b.\"FileMachineCode\", b.\"DongleSerial\", b.\"Mac\", b.\"CpuSerial\", b.\"DiskSerial\", b.\"UploadIp\", b.\"ContactPhoneHash\", "
        + "b.\"ProjectManagerHash\", b.\"PmCertificateHash\", b.\"DocHash\", b.\"DepositAccountHash\", COALESCE(b.\"LegalRepresentativeHash\", e.\"LegalRepresentativeHash\") "
        + "FROM \"Bids\" b JOIN \"MarketEntities\" e ON e.\"Id\" = b.\"BidderId\" "
        + "WHERE b.\"SectionId\" >= @lo AND b.\"SectionId\" <= @hi AND b.\"Price\" > 0 AND " + Trading.Currencies.YuanSql("b.\"Currency\"");

    /// <summary>
    /// Plain commands on the context's connection (contact phone, PM certificate, project manager, deposit account and
    /// legal representative are encrypted at rest, ADR-007 and issue 17 item 10: their blind indexes are compared
    /// instead, equal exactly when the normalised values are): materialising a million bids through EF costs several times the
    /// query itself. Column names are the model's (both providers quote them the same way).
    /// </summary>
    private static async Task<Dictionary<long, SectionRow>> ReadSectionsAsync(JianguanDbContext db, long lo, long hi, long[]? ids, CancellationToken ct)
    {
        var result = new Dictionary<long, SectionRow>();
        var sqlite = db.Database.IsSqlite();
        await using var command = await CommandAsync(db, SectionSql, "s.\"Id\"", lo, hi, ids, "", ct);
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var category = Enum.TryParse<TradingCategory>(r.GetString(7), out var c) ? c : TradingCategory.Other;
            result[r.GetInt64(0)] = new SectionRow(r.GetInt64(0), Decimal(r, 1), Decimal(r, 2), Time(r, 3, sqlite), Time(r, 4, sqlite),
                r.IsDBNull(5) ? null : r.GetInt64(5), Decimal(r, 6), category, Text(r, 8), Text(r, 9));
        }

        return result;
    }

    private static async Task<List<BidRow>> ReadBidsAsync(JianguanDbContext db, long lo, long hi, long[]? ids, CancellationToken ct)
    {
        var result = new List<BidRow>();
        var sqlite = db.Database.IsSqlite();
        await using var command = await CommandAsync(db, BidSql, "b.\"SectionId\"", lo, hi, ids, " ORDER BY b.\"SectionId\", b.\"Id\"", ct);
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var status = Enum.TryParse<BidStatus>(r.GetString(5), out var st) ? st : BidStatus.Unknown;
            result.Add(new BidRow(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), Decimal(r, 3), Time(r, 4, sqlite), status,
                Text(r, 6), Text(r, 7), Text(r, 8), Text(r, 9), Text(r, 10), Text(r, 11), Text(r, 12), Text(r, 13), Text(r, 14),
                Text(r, 15), Text(r, 16), Text(r, 17), Text(r, 18)));
        }

        return result;
    }

    private delegate int BidSink(long id, long sectionId, long bidderId, decimal price, DateTimeOffset? submittedAt, BidStatus status);

    /// <summary>
    /// SQLite through the engine's own API: fingerprints are hashed from the UTF-8 bytes SQLite holds instead of
    /// being decoded into a million strings first, which was most of the read. Values with non-ASCII text take the
    /// string path, so the hashes (and which columns count as present) are exactly those of the general reader.
    /// </summary>
    private static void ReadBidsSqlite(SqliteConnection connection, System.Data.Common.DbCommand command, BidTableBuilder builder, BidSink add)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("the SQLite connection is not open");
        Check(handle, raw.sqlite3_prepare_v2(handle, command.CommandText, out var stmt));
        using (stmt)
        {
            foreach (System.Data.Common.DbParameter p in command.Parameters)
            {
                var slot = raw.sqlite3_bind_parameter_index(stmt, p.ParameterName);
                Check(handle, raw.sqlite3_bind_int64(stmt, slot, Convert.ToInt64(p.Value, System.Globalization.CultureInfo.InvariantCulture)));
            }

            Span<char> status = stackalloc char[32];
            int rc;
            while ((rc = raw.sqlite3_step(stmt)) == raw.SQLITE_ROW)
            {
                // Amounts go through decimal as the general reader's do (15 significant digits), for identical prices.
                var price = Convert.ToDecimal(raw.sqlite3_column_double(stmt, 3), System.Globalization.CultureInfo.InvariantCulture);
                DateTimeOffset? submitted = raw.sqlite3_column_type(stmt, 4) == raw.SQLITE_NULL
                    ? null : DateTimeOffset.FromUnixTimeMilliseconds(raw.sqlite3_column_int64(stmt, 4));
                var statusBytes = raw.sqlite3_column_blob(stmt, 5);
                var st = statusBytes.Length <= status.Length
                    && Enum.TryParse<BidStatus>(status[..System.Text.Encoding.UTF8.GetChars(statusBytes, status)], out var parsed)
                    ? parsed : BidStatus.Unknown;
                var i = add(raw.sqlite3_column_int64(stmt, 0), raw.sqlite3_column_int64(stmt, 1), raw.sqlite3_column_int64(stmt, 2),
                    price, submitted, st);
                for (var k = 0; k < Kinds.Count; k++)
                {
                    if (raw.sqlite3_column_type(stmt, 6 + k) == raw.SQLITE_NULL)
                    {
                        continue;
                    }

                    var utf8 = raw.sqlite3_column_blob(stmt, 6 + k);
                    if (!System.Text.Ascii.IsValid(utf8))
                    {
                        var text = System.Text.Encoding.UTF8.GetString(utf8);
                        if (!string.IsNullOrWhiteSpace(text))
                        {
                            builder.SetFingerprint(i, Kinds[k], text);
                        }

                        continue;
                    }

                    if (!IsWhiteSpace(utf8))
                    {
                        builder.SetFingerprint(i, Kinds[k], Fingerprint.Hash(utf8, Kinds[k]));
                    }
                }
            }

            if (rc != raw.SQLITE_DONE)
            {
                Check(handle, rc);
            }
        }
    }

    private static bool IsWhiteSpace(ReadOnlySpan<byte> ascii)
    {
        foreach (var b in ascii)
        {
            if (!char.IsWhiteSpace((char)b))
            {
                return false;
            }
        }

        return true;
    }

    private static void Check(sqlite3 handle, int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            throw new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), rc, raw.sqlite3_extended_errcode(handle));
        }
    }

    private static async Task<System.Data.Common.DbCommand> CommandAsync(JianguanDbContext db, string sql, string idColumn, long lo, long hi,
        long[]? ids, string suffix, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var text = new System.Text.StringBuilder(sql);
        Add(command, "@lo", lo);
        Add(command, "@hi", hi);
        if (ids is not null)
        {
            text.Append(" AND ").Append(idColumn).Append(" IN (");
            for (var i = 0; i < ids.Length; i++)
            {
                var name = "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                text.Append(i == 0 ? "" : ",").Append(name);
                Add(command, name, ids[i]);
            }

            text.Append(')');
        }

        command.CommandText = text.Append(suffix).ToString();
        return command;
    }

    private static void Add(System.Data.Common.DbCommand command, string name, long value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    private static string? Text(System.Data.Common.DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    /// <summary>SQLite keeps amounts as REAL, PostgreSQL as numeric.</summary>
    private static decimal? Decimal(System.Data.Common.DbDataReader r, int i) =>
        r.IsDBNull(i) ? null : Convert.ToDecimal(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>SQLite keeps times as Unix milliseconds (see <see cref="UnixMillisecondsConverter"/>), PostgreSQL as timestamptz.</summary>
    private static DateTimeOffset? Time(System.Data.Common.DbDataReader r, int i, bool sqlite) =>
        r.IsDBNull(i) ? null
        : sqlite ? DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i))
        : r.GetFieldValue<DateTimeOffset>(i);

    /// <summary>The text of the given fingerprints of the given bids (for evidence), by bid id.</summary>
    public static async Task<Dictionary<(long Bid, FingerprintKind Kind), string>> ReadFingerprintsAsync(
        JianguanDbContext db, IEnumerable<(long Bid, FingerprintKind Kind)> wanted, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var result = new Dictionary<(long, FingerprintKind), string>();
        var ids = wanted.Select(w => w.Bid).Distinct().Order().ToArray();
        for (var start = 0; start < ids.Length; start += SectionBatch)
        {
            var chunk = ids.AsSpan(start, Math.Min(SectionBatch, ids.Length - start)).ToArray();
            // The bid's legal representative, else its firm's: two encrypted columns read apart and decrypted each
            // with its own column's context (a COALESCE in SQL handed the firm's ciphertext to the bid column's
            // converter, which refused it: a pushed bid without the field failed its analysis).
            var read = await db.Bids.AsNoTracking()
                .Where(b => chunk.Contains(b.Id))
                .Select(b => new
                {
                    Row = new BidRow(b.Id, b.SectionId, b.BidderId, b.Price, b.SubmittedAt, b.Status,
                        b.FileCreationCode, b.FileMachineCode, b.DongleSerial, b.Mac, b.CpuSerial, b.DiskSerial, b.UploadIp,
                        b.ContactPhone, b.ProjectManager, b.PmCertificate, b.DocHash, b.DepositAccount, b.LegalRepresentative),
                    FirmLegalRep = b.Bidder!.LegalRepresentative,
                })
                .ToListAsync(ct);
            foreach (var row in read.Select(r => r.Row with { LegalRep = r.Row.LegalRep ?? r.FirmLegalRep }))
            {
                foreach (var kind in Kinds)
                {
                    if (Read(row, kind) is { } text && !string.IsNullOrWhiteSpace(text))
                    {
                        // Personal data (encrypted in the bids table) is kept masked in stored evidence.
                        result[(row.Id, kind)] = kind switch
                        {
                            FingerprintKind.ContactPhone => Platform.Crypto.Masking.Phone(text.Trim()),
                            FingerprintKind.PmCertificate => Platform.Crypto.Masking.Identifier(text.Trim()),
                            FingerprintKind.DepositAccount => Platform.Crypto.Masking.Account(text.Trim()),
                            FingerprintKind.ProjectManager or FingerprintKind.LegalRep => Platform.Crypto.Masking.Name(text.Trim()),
                            _ => text.Trim(),
                        };
                    }
                }
            }
        }

        return result;
    }

    /// <summary>Minutes since 0001-01-01 in Beijing time, the engine's clock.</summary>
    public static long Minutes(DateTimeOffset at) => EngineMapping.Minutes(at);

    private static void SetSection(BidTableBuilder builder, int s, SectionRow row) =>
        EngineMapping.SetSection(builder, s, row.ControlPrice, row.EstimatedPrice, row.NoticeAt, row.BidOpenAt, row.AwardAmount,
            row.Category, row.CategoryDetail, row.TenderMode);

    private static void SetFingerprints(BidTableBuilder builder, int bid, BidRow row)
    {
        foreach (var kind in Kinds)
        {
            var text = Read(row, kind);
            if (!string.IsNullOrWhiteSpace(text))
            {
                builder.SetFingerprint(bid, kind, text);
            }
        }
    }

    private static string? Read(BidRow row, FingerprintKind kind) => kind switch
    {
        FingerprintKind.FileCode => row.FileCode,
        FingerprintKind.MachineCode => row.MachineCode,
        FingerprintKind.Dongle => row.Dongle,
        FingerprintKind.Mac => row.Mac,
        FingerprintKind.Cpu => row.Cpu,
        FingerprintKind.Disk => row.Disk,
        FingerprintKind.Ip => row.Ip,
        FingerprintKind.ContactPhone => row.Phone,
        FingerprintKind.ProjectManager => row.Manager,
        FingerprintKind.PmCertificate => row.Certificate,
        FingerprintKind.DocHash => row.DocHash,
        FingerprintKind.DepositAccount => row.Deposit,
        FingerprintKind.LegalRep => row.LegalRep,
        _ => null,
    };

    private static async Task SetCreditCodesAsync(JianguanDbContext db, BidTableBuilder builder, List<long> entityIds, CancellationToken ct)
    {
        var sorted = entityIds.Select((id, index) => (id, index)).OrderBy(x => x.id).ToArray();
        for (var start = 0; start < sorted.Length; start += SectionBatch)
        {
            var part = sorted.AsSpan(start, Math.Min(SectionBatch, sorted.Length - start)).ToArray();
            var chunk = part.Select(x => x.id).ToArray();
            var codes = await db.MarketEntities.AsNoTracking()
                .Where(e => chunk.Contains(e.Id) && e.CreditCode != null)
                .Select(e => new { e.Id, e.CreditCode })
                .ToDictionaryAsync(e => e.Id, e => e.CreditCode!, ct);
            foreach (var (id, index) in part)
            {
                if (codes.TryGetValue(id, out var code) && !string.IsNullOrWhiteSpace(code))
                {
                    builder.SetBidderCode(index, code.Trim());
                }
            }
        }
    }
}
