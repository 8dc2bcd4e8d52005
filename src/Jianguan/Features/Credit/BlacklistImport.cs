using Jianguan.Platform.Tabular;

namespace Jianguan.Features.Credit;

/// <summary>What an import of the national list did; nothing is written when <see cref="Errors"/> is not empty.</summary>
public sealed record BlacklistImportResult(string Kind, int Listed, int Revoked, int Skipped, IReadOnlyList<string> Errors)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Imports the national trading platform's credit records (数据规范 302 BLACK_LIST, 303 WITHDRAW_BLACK_LIST) from CSV
/// or XLSX with those column names. BLACK_LIST rows become listings (a row marked revoked is listed and revoked);
/// WITHDRAW_BLACK_LIST rows revoke the listing with the same BLACKLIST_CODE. The national record has no end date:
/// an END_DATE column is read when present, else the period is the longest of the severity chosen on the form
/// (or of a SEVERITY column). A file with any bad row is refused whole; a BLACKLIST_CODE already stored is skipped,
/// so importing the same file twice changes nothing.
/// </summary>
public static class BlacklistImport
{
    private const int MaxErrors = 50;

    public static async Task<BlacklistImportResult> ImportAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, Stream file, string fileName,
        BlacklistSeverity defaultSeverity, string? defaultBasis, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(file);
        var name = Path.GetFileName(fileName ?? "");
        List<Dictionary<string, string>> rows;
        HashSet<string> columns;
        try
        {
            (columns, rows) = await ReadAsync(file, name, ct);
        }
        catch (CreditException e)
        {
            return new BlacklistImportResult("", 0, 0, 0, [e.Message]);
        }

        var withdraw = !columns.Contains("RECORD_DATE") && columns.Contains("BLACKLIST_CODE")
            && (columns.Contains("REVOCATIONEASONS") || columns.Contains("REVOCATION_REASONS") || columns.Contains("APPLICATION_DATE"));
        if (!withdraw && !columns.Contains("RECORD_DATE"))
        {
            return new BlacklistImportResult("", 0, 0, 0,
                [$"文件 {name}：不是黑名单信息（BLACK_LIST，须有 BODY_NAME、RECORD_DATE 等列）或撤销黑名单信息（WITHDRAW_BLACK_LIST，须有 BLACKLIST_CODE、REVOCATIONEASONS 等列）"]);
        }

        if (rows.Count == 0)
        {
            return new BlacklistImportResult("", 0, 0, 0, [$"文件 {name}：没有数据行"]);
        }

        return withdraw
            ? await WithdrawAsync(db, audit, actor, rows, name, now, ct)
            : await ListAsync(db, audit, actor, rows, name, defaultSeverity, defaultBasis, now, ct);
    }

    private static async Task<BlacklistImportResult> ListAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, List<Dictionary<string, string>> rows,
        string name, BlacklistSeverity defaultSeverity, string? defaultBasis, DateTimeOffset now, CancellationToken ct)
    {
        var errors = new List<string>();
        var inputs = new List<(BlacklistInput Input, bool Revoked)>();
        var known = (await db.Set<BlacklistEntry>().AsNoTracking().Where(e => e.NationalCode != null).Select(e => e.NationalCode!).ToListAsync(ct))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var skipped = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var line = i + 2;
            void Flag(string field, string reason)
            {
                if (errors.Count < MaxErrors)
                {
                    errors.Add($"文件 {name} 第 {line} 行，{field}：{reason}");
                }
            }

            string? Get(string column) => row.TryGetValue(column, out var v) && v.Length > 0 ? v : null;
            var code = Get("BLACKLIST_CODE");
            if (code is not null && (known.Contains(code) || !seen.Add(code)))
            {
                skipped++;
                continue;
            }

            var body = Get("BODY_NAME");
            if (body is null)
            {
                Flag("BODY_NAME（主体名称）", "未填写");
            }

            var start = ParseDate(Get("RECORD_DATE"));
            if (start is null)
            {
                Flag("RECORD_DATE（处罚日期）", $"不是有效日期：“{Get("RECORD_DATE")}”");
            }

            var severity = defaultSeverity;
            if (Get("SEVERITY") is { } s)
            {
                var parsed = ParseSeverity(s);
                if (parsed is null)
                {
                    Flag("SEVERITY（失信程度）", $"应为轻微、一般或严重：“{s}”");
                }

                severity = parsed ?? severity;
            }

            DateOnly? end = null;
            if (Get("END_DATE") is { } e)
            {
                end = ParseDate(e);
                if (end is null)
                {
                    Flag("END_DATE（惩戒截止日期）", $"不是有效日期：“{e}”");
                }
            }

            if (start is { } st && end is { } en)
            {
                var (shortest, longest) = BlacklistService.PeriodBounds(severity, st);
                if (en < shortest || en > longest)
                {
                    Flag("END_DATE（惩戒截止日期）", $"{CreditLabels.SeverityName(severity)}失信的惩戒期为{CreditLabels.SeverityPeriod(severity)}");
                }
            }

            var type = Get("BODY_TYPE") is { } t && (t.Contains("自然人", StringComparison.Ordinal) || t.Contains("个人", StringComparison.Ordinal)
                || t is "2" or "P" or "p") ? CreditSubjectType.Person : CreditSubjectType.Entity;
            var bodyCode = Get("BODY_CODE");
            if (type == CreditSubjectType.Entity && bodyCode is { Length: not 18 })
            {
                Flag("BODY_CODE（主体代码）", "统一社会信用代码应为 18 位");
            }

            if (body is null || start is null)
            {
                continue;
            }

            var government = Get("GOVERNMENT");
            var document = Get("DOCUMENT_CODE");
            var basis = defaultBasis is { Length: > 0 } b ? b
                : $"全国公共资源交易平台黑名单信息{(government is null ? "" : "，" + government)}{(document is null ? "" : "，" + document)}";
            var scope = Get("SCOPE");
            var published = scope is null ? (bool?)null
                : !(scope.Contains("不公开", StringComparison.Ordinal) || scope.Contains("内部", StringComparison.Ordinal) || scope.Contains("政务共享", StringComparison.Ordinal));
            var revoked = Get("REVOCATION_STATUS") is { } r && (r is "1" or "是" or "Y" or "y" or "已撤销" || r.Equals("true", StringComparison.OrdinalIgnoreCase));
            inputs.Add((new BlacklistInput(type, body, type == CreditSubjectType.Entity ? bodyCode : null, type == CreditSubjectType.Person ? bodyCode : null,
                Get("RECORD_REASON") ?? "（国家平台未载明）", basis, severity, start, end, published, Get("CONFINED_ACTION"), government, document,
                NationalCode: code), revoked));
        }

        if (errors.Count > 0)
        {
            return new BlacklistImportResult("黑名单信息", 0, 0, skipped, errors);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var listed = 0;
        var revokedCount = 0;
        var changes = new List<BlacklistChange>();
        foreach (var (input, revoked) in inputs)
        {
            BlacklistEntry entry;
            try
            {
                entry = await BlacklistService.CreateAsync(db, audit, actor, input, now, ct);
            }
            catch (CreditException e)
            {
                errors.Add($"文件 {name}，{input.Name}：{e.Message}");
                continue;
            }

            listed++;
            if (revoked)
            {
                var (_, change) = await BlacklistService.TransitionAsync(db, audit, actor, entry.Id, BlacklistAction.Revoke, "国家平台记录为已撤销", null, now,
                    reevaluateAlerts: false, ct);
                changes.Add(change!);
                revokedCount++;
            }
        }

        if (errors.Count > 0)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return new BlacklistImportResult("黑名单信息", 0, 0, skipped, errors);
        }

        // The stored alerts of the listings revoked on import are judged once for the whole file.
        await BlacklistAlerts.ReevaluateAsync(db, audit, actor, changes, now, ct);
        await audit.RecordAsync(db, actor, "credit.blacklist.import", "blacklist", new { file = name, kind = "失信名单（列入）", listed, revoked = revokedCount, skipped }, ct);
        await tx.CommitAsync(ct);
        return new BlacklistImportResult("黑名单信息", listed, revokedCount, skipped, []);
    }

    private static async Task<BlacklistImportResult> WithdrawAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, List<Dictionary<string, string>> rows,
        string name, DateTimeOffset now, CancellationToken ct)
    {
        var errors = new List<string>();
        var targets = new List<(long Id, string Reason)>();
        var skipped = 0;
        var seen = new HashSet<long>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var line = i + 2;
            string? Get(string column) => row.TryGetValue(column, out var v) && v.Length > 0 ? v : null;
            var code = Get("BLACKLIST_CODE");
            if (code is null)
            {
                errors.Add($"文件 {name} 第 {line} 行，BLACKLIST_CODE（黑名单标识号）：未填写");
                continue;
            }

            var entry = await db.Set<BlacklistEntry>().AsNoTracking().Where(e => e.NationalCode == code).Select(e => new { e.Id, e.State }).FirstOrDefaultAsync(ct);
            if (entry is null)
            {
                errors.Add($"文件 {name} 第 {line} 行，BLACKLIST_CODE（黑名单标识号）：名单中没有 {code}，请先导入其黑名单信息");
                continue;
            }

            if (entry.State == BlacklistState.Revoked || !seen.Add(entry.Id))
            {
                skipped++;
                continue;
            }

            var reason = Get("REVOCATIONEASONS") ?? Get("REVOCATION_REASONS") ?? "国家平台撤销黑名单";
            var details = string.Join("，", new[] { Get("GOVERNMENT"), Get("DOCUMENT_CODE") }.Where(x => x is not null));
            targets.Add((entry.Id, details.Length == 0 ? reason : $"{reason}（{details}）"));
        }

        if (errors.Count > 0)
        {
            return new BlacklistImportResult("撤销黑名单信息", 0, 0, skipped, errors.Take(MaxErrors).ToList());
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changes = new List<BlacklistChange>(targets.Count);
        foreach (var (id, reason) in targets)
        {
            var (_, change) = await BlacklistService.TransitionAsync(db, audit, actor, id, BlacklistAction.Revoke, reason.Length <= 1000 ? reason : reason[..1000],
                null, now, reevaluateAlerts: false, ct);
            changes.Add(change!);
        }

        // Once for the whole file, not once a row: every row would reload the market of the same sections.
        await BlacklistAlerts.ReevaluateAsync(db, audit, actor, changes, now, ct);

        await audit.RecordAsync(db, actor, "credit.blacklist.import", "blacklist", new { file = name, kind = "失信名单（移出）", revoked = targets.Count, skipped }, ct);
        await tx.CommitAsync(ct);
        return new BlacklistImportResult("撤销黑名单信息", 0, targets.Count, skipped, []);
    }

    /// <summary>The rows under the header, keyed by upper-cased column name; CSV (UTF-8 or GB18030) or XLSX by content.</summary>
    private static async Task<(HashSet<string> Columns, List<Dictionary<string, string>> Rows)> ReadAsync(Stream file, string name, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        var head = new byte[4];
        var n = buffer.Read(head, 0, 4);
        buffer.Position = 0;
        var rows = new List<Dictionary<string, string>>();
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (n >= 2 && head[0] == (byte)'P' && head[1] == (byte)'K')
        {
            List<IDictionary<string, object?>> raw;
            try
            {
                raw = await XlsxReader.ReadWithHeaderAsync(buffer, ct);
            }
            catch (XlsxLimitException e)
            {
                throw new CreditException($"文件 {name}：{e.Message.Split(" / ")[0]}");
            }
            catch (Exception e) when (e is InvalidDataException or IOException or InvalidOperationException or System.Xml.XmlException)
            {
                throw new CreditException($"文件 {name}：工作簿无法读取");
            }

            foreach (var r in raw)
            {
                columns.UnionWith(r.Keys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim().ToUpperInvariant()));
                rows.Add(r.Where(kv => !string.IsNullOrWhiteSpace(kv.Key))
                    .GroupBy(kv => kv.Key.Trim().ToUpperInvariant())
                    .ToDictionary(g => g.Key, g => Cell(g.First().Value), StringComparer.OrdinalIgnoreCase));
            }
        }
        else
        {
            var opened = TextSniffer.Open(buffer, out var problem) ?? throw new CreditException($"文件 {name}：{problem?.Split(" / ")[0]}");
            using var reader = opened.Reader;
            string[]? header = null;
            try
            {
                foreach (var (_, fields) in new CsvParser(reader, opened.Delimiter).Records())
                {
                    if (header is null)
                    {
                        header = [.. fields.Select(f => f.Trim().Trim('\uFEFF').ToUpperInvariant())];
                        columns.UnionWith(header.Where(h => h.Length > 0));
                        continue;
                    }

                    if (fields.All(string.IsNullOrWhiteSpace))
                    {
                        continue;
                    }

                    var row = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    for (var i = 0; i < header.Length && i < fields.Length; i++)
                    {
                        row.TryAdd(header[i], fields[i].Trim());
                    }

                    rows.Add(row);
                    if (rows.Count > 100_000)
                    {
                        throw new CreditException($"文件 {name}：超过 100000 行，请分批导入");
                    }
                }
            }
            catch (CsvFormatException e)
            {
                throw new CreditException($"文件 {name} 第 {e.Line} 行：{e.Message.Split(" / ")[0]}");
            }
            catch (System.Text.DecoderFallbackException)
            {
                throw new CreditException($"文件 {name}：编码无法识别，请另存为 UTF-8 或 GB18030");
            }
        }

        return (columns, rows);
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => FormulaGuard.Restore(TabularCell.Text(value)?.Trim() ?? ""),
    };

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyyMMdd", "yyyy.M.d", "yyyy年M月d日", "yyyy-MM-dd HH:mm:ss", "yyyy/M/d H:mm:ss", "yyyy-MM-ddTHH:mm:ss"];

    public static DateOnly? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return DateTime.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? DateOnly.FromDateTime(d) : null;
    }

    private static BlacklistSeverity? ParseSeverity(string text) => text.Trim() switch
    {
        "轻微" or "Minor" or "minor" or "1" => BlacklistSeverity.Minor,
        "一般" or "General" or "general" or "2" => BlacklistSeverity.General,
        "严重" or "Serious" or "serious" or "3" => BlacklistSeverity.Serious,
        _ => null,
    };
}
