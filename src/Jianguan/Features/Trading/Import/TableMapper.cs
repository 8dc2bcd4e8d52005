using Jianguan.Analytics.Data;
using Jianguan.Analytics.Input;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Trading.Import;

/// <summary>What the rows of a table describe, decided once from its headers.</summary>
internal enum RowKind
{
    /// <summary>Project or section rows (portal summaries of notices, openings and awards).</summary>
    Section,
    Bid,
    Award,
    Candidate,
}

/// <summary>
/// Turns the rows of one table (a CSV file or a worksheet) into fragments: binds headers to fields once, then parses
/// each row's cells. Cells are strings (CSV) or the typed values a workbook holds (double, DateTime, bool).
/// </summary>
internal sealed class TableMapper
{
    /// <summary>numeric(20,4) on PostgreSQL holds 16 integer digits.</summary>
    internal const decimal MaxMagnitude = 1e16m;

    private const int MaxShownValue = 60;

    private readonly string file;
    private readonly ModelLimits limits;
    private readonly Dictionary<string, List<Binding>> bindings;
    private readonly Dictionary<string, string> defaults;
    private readonly string projectKeyCode;
    private readonly int projectKey;
    private readonly bool hasSection;

    // Per field ordinal: the columns to try in order (a key field keeps only its best column, so that a key never
    // silently switches column between rows), the parsed default, and one reused row of parsed values.
    private readonly Binding[]?[] columns = new Binding[FieldCatalog.All.Count][];
    private readonly (Binding Binding, object Value)?[] defaultValues = new (Binding, object)?[FieldCatalog.All.Count];
    private readonly object?[] values = new object?[FieldCatalog.All.Count];
    private readonly Dictionary<string, int> candidateCounts = new(StringComparer.Ordinal);

    private TableMapper(
        string file, ModelLimits limits, Dictionary<string, List<Binding>> bindings, Dictionary<string, string> defaults,
        RowKind kind)
    {
        this.file = file;
        this.limits = limits;
        this.bindings = bindings;
        this.defaults = defaults;
        Kind = kind;
        projectKeyCode = bindings.ContainsKey(TradingFields.ProjectCode) || defaults.ContainsKey(TradingFields.ProjectCode)
            ? TradingFields.ProjectCode
            : bindings.ContainsKey(TradingFields.RecordId) ? TradingFields.RecordId
            : TradingFields.SectionCode;
        projectKey = FieldCatalog.Ordinal(projectKeyCode);
        hasSection = bindings.ContainsKey(TradingFields.SectionCode) || bindings.Keys.Concat(defaults.Keys).Any(code =>
            FieldCatalog.FindCode(code)?.Level is FieldLevel.Section or FieldLevel.Award or FieldLevel.Bid or FieldLevel.Candidate);
        foreach (var (code, list) in bindings)
        {
            columns[FieldCatalog.Ordinal(code)] =
                code is TradingFields.ProjectCode or TradingFields.RecordId or TradingFields.SectionCode ? [list[0]] : [.. list];
        }

        foreach (var (code, text) in defaults)
        {
            var field = FieldCatalog.FindCode(code)!;
            var binding = new Binding(field, -1, -1, 1m, field.Code);
            if (Parse(binding, text, file, 0, [], limits) is { } parsed)
            {
                defaultValues[FieldCatalog.Ordinal(field.Code)] = (binding, parsed);
            }
        }
    }

    public RowKind Kind { get; }

    /// <summary>Source columns the mapper ignores: unknown names, and known fields that do not apply to this kind of row.</summary>
    public IReadOnlyList<string> Unknown { get; private init; } = [];

    public IReadOnlyList<string> NotApplicable { get; private init; } = [];

    /// <summary>How many columns of a candidate header row are recognised (to find the header below a title row).</summary>
    public static int Recognised(IReadOnlyList<string?> header, ImportMapping? mapping)
    {
        var n = 0;
        foreach (var h in header)
        {
            if (string.IsNullOrWhiteSpace(h))
            {
                continue;
            }

            var norm = FieldCatalog.NormaliseHeader(h, out _);
            if ((mapping is not null && mapping.Columns.TryGetValue(norm, out var code) && code.Length > 0)
                || FieldCatalog.FindHeader(norm) is not null)
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>Binds the header; null with a bilingual reason when the table has no column that can key a project.</summary>
    public static TableMapper? Create(
        string file, IReadOnlyList<string?> header, ImportMapping? mapping, ModelLimits limits, out string? problem)
    {
        var found = new Dictionary<string, List<Binding>>(StringComparer.Ordinal);
        var unknown = new List<string>();
        for (var i = 0; i < header.Count; i++)
        {
            var source = header[i]?.Trim();
            if (string.IsNullOrEmpty(source))
            {
                continue;
            }

            var norm = FieldCatalog.NormaliseHeader(source, out var scale);
            FieldDef? field;
            int priority;
            if (mapping is not null && mapping.Columns.TryGetValue(norm, out var code))
            {
                if (code.Length == 0)
                {
                    continue;
                }

                field = FieldCatalog.FindCode(code)!;
                priority = -1;
            }
            else if (FieldCatalog.FindHeader(norm) is { } hit)
            {
                (field, priority) = hit;
            }
            else
            {
                unknown.Add(source);
                continue;
            }

            if (mapping is not null && mapping.Scale.TryGetValue(norm, out var userScale))
            {
                scale = userScale;
            }

            if (!found.TryGetValue(field.Code, out var list))
            {
                found[field.Code] = list = [];
            }

            list.Add(new Binding(field, i, priority, scale, source));
        }

        foreach (var list in found.Values)
        {
            list.Sort((a, b) => a.Priority != b.Priority ? a.Priority.CompareTo(b.Priority) : a.Column.CompareTo(b.Column));
        }

        var defaults = mapping is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : mapping.Defaults.ToDictionary(StringComparer.Ordinal);
        bool Has(string code) => found.ContainsKey(code) || defaults.ContainsKey(code);

        var kind = Has(TradingFields.BidderName) ? RowKind.Bid
            : Has(TradingFields.CandidateName) ? RowKind.Candidate
            : Has(TradingFields.WinBidderName) ? RowKind.Award
            : RowKind.Section;

        var notApplicable = new List<string>();
        foreach (var (code, list) in found.ToList())
        {
            var level = list[0].Field.Level;
            var applies = level switch
            {
                // Candidate and award tables quote prices under the bid's names (TENDER_CANDIDATE.BID_PRICE).
                FieldLevel.Bid => kind == RowKind.Bid
                    || (code is TradingFields.BidPrice or TradingFields.OtherBidPrice && kind is RowKind.Candidate or RowKind.Award),
                FieldLevel.Candidate => kind == RowKind.Candidate,
                FieldLevel.Party => kind != RowKind.Section || Has(TradingFields.TendererName),
                _ => true,
            };
            if (!applies)
            {
                notApplicable.AddRange(list.Select(b => b.Source));
                found.Remove(code);
            }
        }

        if (!Has(TradingFields.ProjectCode) && !Has(TradingFields.RecordId) && !Has(TradingFields.SectionCode))
        {
            problem = "未找到项目编号列（如 项目编号、TENDER_PROJECT_CODE、tender、id），可用 --mapping 指定 / "
                + "no project code column (such as 项目编号, TENDER_PROJECT_CODE, tender, id); name one with --mapping";
            return null;
        }

        problem = null;
        return new TableMapper(file, limits, found, defaults, kind) { Unknown = unknown, NotApplicable = notApplicable };
    }

    /// <summary>Checks a mapping default against its field's type; the problem in both languages, or null.</summary>
    public static string? CheckDefault(FieldDef field, string value)
    {
        var binding = new Binding(field, -1, -1, 1m, field.Code);
        var errors = new List<ImportError>();
        _ = Parse(binding, value, "", 0, errors, limits: null);
        return errors.Count > 0 ? errors[0].Reason : null;
    }

    /// <summary>
    /// The fragment of one row, or null with its errors (one per bad field) added to <paramref name="errors"/>,
    /// which the caller clears and reuses: a million rows should not cost a million lists.
    /// </summary>
    public ProjectData? Map(long line, IReadOnlyList<object?> cells, List<ImportError> errors)
    {
        var data = Build(line, cells, errors);
        return errors.Count > 0 ? null : data;
    }

    private ProjectData? Build(long line, IReadOnlyList<object?> cells, List<ImportError> errors)
    {
        Array.Clear(values);
        for (var f = 0; f < columns.Length; f++)
        {
            if (columns[f] is { } tries)
            {
                foreach (var b in tries)
                {
                    var cell = b.Column < cells.Count ? cells[b.Column] : null;
                    if (Parse(b, cell, file, line, errors, limits) is { } value)
                    {
                        values[f] = value;
                        break;
                    }
                }
            }

            if (values[f] is null && defaultValues[f] is { } d)
            {
                values[f] = d.Value;
            }
        }

        if (errors.Count > 0)
        {
            return null;
        }

        string? Str(int f) => (string?)values[f];
        decimal? Dec(int f) => (decimal?)values[f];
        DateTimeOffset? Time(int f) => (DateTimeOffset?)values[f];
        int? Int(int f) => (int?)values[f];

        var projectCode = Str(projectKey);
        if (projectCode is null)
        {
            if (cells.All(c => c is null || (c is string s && string.IsNullOrWhiteSpace(s))))
            {
                return null;
            }

            var source = First(projectKeyCode)?.Source ?? projectKeyCode;
            errors.Add(new ImportError(file, line, source, "缺少项目编号 / project code is missing"));
            return null;
        }

        var typeText = string.Join('/', new[] { Str(F.ProjectType), Str(F.EngineeringClass) }
            .Where(s => s is not null).Distinct(StringComparer.Ordinal));
        var detailMax = limits.MaxLength(typeof(TradingProject), nameof(TradingProject.CategoryDetail)) ?? 100;
        var project = new ProjectData
        {
            Code = projectCode,
            Name = Str(F.ProjectName),
            Category = typeText.Length > 0 ? ValueParser.Categorise(typeText) : null,
            CategoryDetail = typeText.Length > 0 ? typeText[..Math.Min(typeText.Length, detailMax)] : null,
            Region = Str(F.RegionCode),
            Tenderer = Party(Str(F.TendererName), Str(F.TendererCode)
                ?? (Kind == RowKind.Section ? Str(F.CreditCode) : null)),
            Agency = Party(Str(F.AgencyName), Str(F.AgencyCode)),
            SupervisingDepartment = Str(F.SuperviseDeptName),
            TenderMode = Str(F.TenderMode),
            Budget = Dec(F.Budget),
            PublishedAt = Time(F.CreateTime) ?? (Kind == RowKind.Award ? null : Time(F.NoticeSendTime)),
            SourceUrl = Str(F.Url),
        };

        if (!hasSection)
        {
            return project;
        }

        if (projectKeyCode != TradingFields.SectionCode && columns[F.SectionCode] is { Length: > 0 } && Str(F.SectionCode) is null
            && !defaults.ContainsKey(TradingFields.SectionCode))
        {
            // A file with a section code column names the section on every row: a blank one would silently land the
            // row's bid in a section named after the project (issue 12, item 5 (e)).
            errors.Add(new ImportError(file, line, First(TradingFields.SectionCode)?.Source ?? TradingFields.SectionCode,
                "缺少标段编号 / section code is missing"));
            return null;
        }

        var section = new SectionData
        {
            Code = Str(F.SectionCode) ?? projectCode,
            Name = Str(F.SectionName),
            ControlPrice = Dec(F.ControlPrice),
            EstimatedPrice = Dec(F.ContractReckonPrice),
            BenchmarkPrice = Dec(F.BenchmarkPrice),
            // On award rows (中标结果公示) the notice is the award's: its time is the award time, not the tender notice's.
            NoticeAt = Kind == RowKind.Award ? null : Time(F.NoticeSendTime),
            BidOpenAt = Time(F.BidOpenTime),
            DeclaredBidderCount = Int(F.BidderCount),
            EvaluationMethod = Str(F.EvaluationMethod),
            Winner = Party(Str(F.WinBidderName), Str(F.WinBidderCode)
                ?? (Kind == RowKind.Award ? Str(F.CreditCode) : null)),
            AwardAmount = Dec(F.BidAmount) ?? (Kind == RowKind.Award ? Dec(F.BidPrice) : null),
            AwardDiscountRate = Dec(F.WinDiscountRate) ?? (Kind == RowKind.Award ? Dec(F.OtherBidPrice) : null),
            AwardAt = Time(F.WinTime) ?? (Kind == RowKind.Award ? Time(F.NoticeSendTime) : null),
        };
        project.Sections.Add(section);

        switch (Kind)
        {
            case RowKind.Bid:
                var bidderName = Str(F.BidderName);
                if (bidderName is null)
                {
                    errors.Add(new ImportError(file, line, First(TradingFields.BidderName)?.Source ?? TradingFields.BidderName,
                        "缺少投标人名称 / bidder name is missing"));
                    return null;
                }

                var legal = Str(F.LegalRepresent);
                var bidder = new PartyRef(bidderName, Str(F.BidderOrgCode) ?? Str(F.CreditCode), legal);
                section.Bids.Add(new BidData
                {
                    Bidder = bidder,
                    Price = Dec(F.BidPrice),
                    Rate = Dec(F.OtherBidPrice),
                    SubmittedAt = Time(F.CheckinTime),
                    Status = (BidStatus?)values[F.BidStatus],
                    UploadIp = Str(F.UploadIp),
                    Mac = Str(F.MacAddress),
                    CpuSerial = Str(F.CpuSerial),
                    DiskSerial = Str(F.DiskSerial),
                    FileMachineCode = Str(F.FileMachineCode),
                    FileCreationCode = Str(F.FileCreationCode),
                    DongleSerial = Str(F.DongleSerial),
                    DepositAccount = Str(F.DepositAccount),
                    ProjectManager = Str(F.BidManager),
                    PmCertificate = Str(F.PmCertificates),
                    ContactPerson = Str(F.ContactName),
                    ContactPhone = Str(F.ContactPhone),
                    LegalRepresentative = legal,
                    DocHash = Str(F.DocHash),
                });
                if (values[F.WinnerFlag] is true)
                {
                    section.Winner ??= bidder;
                }

                break;
            case RowKind.Candidate:
                var candidateName = Str(F.CandidateName);
                if (candidateName is null)
                {
                    errors.Add(new ImportError(file, line, First(TradingFields.CandidateName)?.Source ?? TradingFields.CandidateName,
                        "缺少中标候选人名称 / candidate name is missing"));
                    return null;
                }

                var sectionKeyText = projectCode + "\u001F" + section.Code;
                var seen = candidateCounts.GetValueOrDefault(sectionKeyText) + 1;
                candidateCounts[sectionKeyText] = seen;
                section.Candidates.Add(new CandidateData
                {
                    Entity = new PartyRef(candidateName, Str(F.CandidateCode) ?? Str(F.CreditCode)),
                    Rank = Int(F.CandidateOrder) ?? seen,
                    Price = Dec(F.BidPrice),
                    Score = Dec(F.EvaluationResult),
                });
                break;
            case RowKind.Award:
            case RowKind.Section:
                break;
        }

        return project;
    }

    private static PartyRef? Party(string? name, string? code) => name is null ? null : new PartyRef(name, code);

    private Binding? First(string code) => bindings.TryGetValue(code, out var list) && list.Count > 0 ? list[0] : null;

    /// <summary>Parses one cell for its field; null when empty; adds an error and returns null when unparseable.</summary>
    private static object? Parse(Binding b, object? cell, string file, long line, List<ImportError> errors, ModelLimits? limits)
    {
        var field = b.Field;
        if (cell is null)
        {
            return null;
        }

        string? text = null;
        if (cell is string s)
        {
            if (field.Kind is FieldKind.Money or FieldKind.Rate or FieldKind.Integer && ValueParser.IsNonFinite(s))
            {
                // "NaN" is a "nothing" mark in text columns, but in a number column it is a broken export, not an
                // empty cell: reported rather than stored as NULL (issue 17, low).
                errors.Add(Error(b, file, line, "不是有效数字（NaN/无穷大）", "is not a finite number", s.Trim()));
                return null;
            }

            text = ValueParser.Clean(s);
            if (text is null)
            {
                return null;
            }

            if (TextNormaliser.HasControlCharacters(text))
            {
                errors.Add(Error(b, file, line, "含有控制字符", "contains control characters", text));
                return null;
            }
        }

        switch (field.Kind)
        {
            case FieldKind.Text:
            case FieldKind.Key:
            case FieldKind.CreditCode:
                var value = text ?? CellText(cell);
                if (value is null)
                {
                    return null;
                }

                value = field.Kind switch
                {
                    FieldKind.Key => TextNormaliser.ToHalfWidth(value).Trim(),
                    FieldKind.CreditCode => UnifiedSocialCreditCode.Normalise(value),
                    _ => value,
                };
                var max = FieldTargets.Of(field) is { } target ? limits?.MaxLength(target.Entity, target.Property) : null;
                if (max is not null && value.Length > max)
                {
                    errors.Add(Error(b, file, line,
                        string.Create(CultureInfo.InvariantCulture, $"过长（{value.Length} 字符，最多 {max}）"),
                        string.Create(CultureInfo.InvariantCulture, $"is too long ({value.Length} characters, at most {max})"),
                        value));
                    return null;
                }

                return value.Length == 0 ? null : value;

            case FieldKind.Money:
            case FieldKind.Rate:
                decimal number;
                if (cell is double d)
                {
                    if (!double.IsFinite(d) || Math.Abs(d) >= 1e20)
                    {
                        errors.Add(Error(b, file, line, "超出范围", "is out of range", CellText(cell)));
                        return null;
                    }

                    number = (decimal)d * (field.Kind == FieldKind.Money ? b.Scale : 1m);
                }
                else if (text is null || !ValueParser.TryParseDecimal(text, field.Kind == FieldKind.Money ? b.Scale : 1m, out number))
                {
                    errors.Add(Error(b, file, line, "不是数字", "is not a number", text ?? CellText(cell)));
                    return null;
                }

                if (Math.Abs(number) >= MaxMagnitude)
                {
                    errors.Add(Error(b, file, line, "超出范围", "is out of range", text ?? CellText(cell)));
                    return null;
                }

                if (field.Kind == FieldKind.Money && number < 0)
                {
                    errors.Add(Error(b, file, line, "不能为负数", "cannot be negative", text ?? CellText(cell)));
                    return null;
                }

                // Portals write 0 for "not published" in summary columns; a bid of 0 stays, it is evidence.
                if (field.Kind == FieldKind.Money && number == 0 && field.Level != FieldLevel.Bid)
                {
                    return null;
                }

                return decimal.Round(number, 4);

            case FieldKind.Integer:
                int whole;
                if (cell is double di)
                {
                    if (!double.IsFinite(di) || di != Math.Floor(di) || Math.Abs(di) > int.MaxValue)
                    {
                        errors.Add(Error(b, file, line, "不是整数", "is not a whole number", CellText(cell)));
                        return null;
                    }

                    whole = (int)di;
                }
                else if (text is null || !ValueParser.TryParseInt(text, out whole))
                {
                    errors.Add(Error(b, file, line, "不是整数", "is not a whole number", text ?? CellText(cell)));
                    return null;
                }

                if (whole < 0)
                {
                    errors.Add(Error(b, file, line, "不能为负数", "cannot be negative", text ?? CellText(cell)));
                    return null;
                }

                return whole;

            case FieldKind.Date:
                switch (cell)
                {
                    // A workbook's date cell can hold 0001-01-01, which at Beijing's offset lies before the first UTC
                    // instant: checked here, so it is a row error of this line and field (issue 17, item 11).
                    case DateTime dt when ValueParser.InRange(dt):
                        return ChinaTime.FromLocal(dt);
                    case DateTimeOffset dto when ValueParser.InRange(dto):
                        return dto;
                    case DateTime or DateTimeOffset:
                        errors.Add(Error(b, file, line, ValueParser.OutOfRangeReason, ValueParser.OutOfRangeReasonEnglish, CellText(cell)));
                        return null;
                    case double serial when ValueParser.TryFromNumber(serial, out var fromNumber):
                        return fromNumber;
                }

                var date = default(DateTimeOffset);
                var parsedDate = text is null ? ValueParser.DateParse.Invalid : ValueParser.ParseDate(text, out date);
                if (parsedDate == ValueParser.DateParse.Ok)
                {
                    return date;
                }

                errors.Add(parsedDate == ValueParser.DateParse.OutOfRange
                    ? Error(b, file, line, ValueParser.OutOfRangeReason, ValueParser.OutOfRangeReasonEnglish, text)
                    : Error(b, file, line, "不是有效日期", "is not a valid date", text ?? CellText(cell)));
                return null;

            case FieldKind.Status:
                var statusText = text ?? CellText(cell);
                return statusText is null ? null : ValueParser.ParseBidStatus(statusText) ?? BidStatus.Unknown;

            case FieldKind.Flag:
                if (cell is bool flag)
                {
                    return flag;
                }

                var flagText = text ?? CellText(cell);
                if (flagText is null)
                {
                    return null;
                }

                if (ValueParser.ParseFlag(flagText) is { } parsed)
                {
                    return parsed;
                }

                errors.Add(Error(b, file, line, "应为 是/否 或 1/0", "must be yes/no or 1/0", flagText));
                return null;

            default:
                throw new InvalidOperationException($"field kind {field.Kind} has no parser");
        }
    }

    private static string? CellText(object? cell) => cell switch
    {
        null => null,
        string s => ValueParser.Clean(s),
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => d.ToString("0", CultureInfo.InvariantCulture),
        double d => d.ToString(CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString(dt.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        IFormattable f => ValueParser.Clean(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => ValueParser.Clean(cell.ToString()),
    };

    private static ImportError Error(Binding b, string file, long line, string zh, string en, string? value)
    {
        var shown = value is null ? "" : value.Length > MaxShownValue ? value[..MaxShownValue] + "…" : value;
        return new ImportError(file, line, b.Source, $"{b.Field.Zh}{zh} / {b.Field.En} {en}: '{shown}'");
    }

    private sealed record Binding(FieldDef Field, int Column, int Priority, decimal Scale, string Source);

    /// <summary>Field ordinals, resolved once.</summary>
    private static class F
    {
        public static readonly int AgencyCode = FieldCatalog.Ordinal(TradingFields.AgencyCode);
        public static readonly int AgencyName = FieldCatalog.Ordinal(TradingFields.AgencyName);
        public static readonly int BidAmount = FieldCatalog.Ordinal(TradingFields.BidAmount);
        public static readonly int BenchmarkPrice = FieldCatalog.Ordinal(TradingFields.BenchmarkPrice);
        public static readonly int BidManager = FieldCatalog.Ordinal(TradingFields.BidManager);
        public static readonly int BidOpenTime = FieldCatalog.Ordinal(TradingFields.BidOpenTime);
        public static readonly int BidPrice = FieldCatalog.Ordinal(TradingFields.BidPrice);
        public static readonly int BidStatus = FieldCatalog.Ordinal(TradingFields.BidStatus);
        public static readonly int BidderCount = FieldCatalog.Ordinal(TradingFields.BidderCount);
        public static readonly int BidderName = FieldCatalog.Ordinal(TradingFields.BidderName);
        public static readonly int BidderOrgCode = FieldCatalog.Ordinal(TradingFields.BidderOrgCode);
        public static readonly int Budget = FieldCatalog.Ordinal(TradingFields.Budget);
        public static readonly int CandidateCode = FieldCatalog.Ordinal(TradingFields.CandidateCode);
        public static readonly int CandidateName = FieldCatalog.Ordinal(TradingFields.CandidateName);
        public static readonly int CandidateOrder = FieldCatalog.Ordinal(TradingFields.CandidateOrder);
        public static readonly int CheckinTime = FieldCatalog.Ordinal(TradingFields.CheckinTime);
        public static readonly int ContactName = FieldCatalog.Ordinal(TradingFields.ContactName);
        public static readonly int ContactPhone = FieldCatalog.Ordinal(TradingFields.ContactPhone);
        public static readonly int ContractReckonPrice = FieldCatalog.Ordinal(TradingFields.ContractReckonPrice);
        public static readonly int ControlPrice = FieldCatalog.Ordinal(TradingFields.ControlPrice);
        public static readonly int CpuSerial = FieldCatalog.Ordinal(TradingFields.CpuSerial);
        public static readonly int CreateTime = FieldCatalog.Ordinal(TradingFields.CreateTime);
        public static readonly int CreditCode = FieldCatalog.Ordinal(TradingFields.CreditCode);
        public static readonly int DepositAccount = FieldCatalog.Ordinal(TradingFields.DepositAccount);
        public static readonly int DiskSerial = FieldCatalog.Ordinal(TradingFields.DiskSerial);
        public static readonly int DocHash = FieldCatalog.Ordinal(TradingFields.DocHash);
        public static readonly int DongleSerial = FieldCatalog.Ordinal(TradingFields.DongleSerial);
        public static readonly int EngineeringClass = FieldCatalog.Ordinal(TradingFields.EngineeringClass);
        public static readonly int EvaluationMethod = FieldCatalog.Ordinal(TradingFields.EvaluationMethod);
        public static readonly int EvaluationResult = FieldCatalog.Ordinal(TradingFields.EvaluationResult);
        public static readonly int FileCreationCode = FieldCatalog.Ordinal(TradingFields.FileCreationCode);
        public static readonly int FileMachineCode = FieldCatalog.Ordinal(TradingFields.FileMachineCode);
        public static readonly int LegalRepresent = FieldCatalog.Ordinal(TradingFields.LegalRepresent);
        public static readonly int MacAddress = FieldCatalog.Ordinal(TradingFields.MacAddress);
        public static readonly int NoticeSendTime = FieldCatalog.Ordinal(TradingFields.NoticeSendTime);
        public static readonly int OtherBidPrice = FieldCatalog.Ordinal(TradingFields.OtherBidPrice);
        public static readonly int PmCertificates = FieldCatalog.Ordinal(TradingFields.PmCertificates);
        public static readonly int ProjectName = FieldCatalog.Ordinal(TradingFields.ProjectName);
        public static readonly int ProjectType = FieldCatalog.Ordinal(TradingFields.ProjectType);
        public static readonly int RegionCode = FieldCatalog.Ordinal(TradingFields.RegionCode);
        public static readonly int SectionCode = FieldCatalog.Ordinal(TradingFields.SectionCode);
        public static readonly int SectionName = FieldCatalog.Ordinal(TradingFields.SectionName);
        public static readonly int SuperviseDeptName = FieldCatalog.Ordinal(TradingFields.SuperviseDeptName);
        public static readonly int TenderMode = FieldCatalog.Ordinal(TradingFields.TenderMode);
        public static readonly int TendererCode = FieldCatalog.Ordinal(TradingFields.TendererCode);
        public static readonly int TendererName = FieldCatalog.Ordinal(TradingFields.TendererName);
        public static readonly int UploadIp = FieldCatalog.Ordinal(TradingFields.UploadIp);
        public static readonly int Url = FieldCatalog.Ordinal(TradingFields.Url);
        public static readonly int WinBidderCode = FieldCatalog.Ordinal(TradingFields.WinBidderCode);
        public static readonly int WinBidderName = FieldCatalog.Ordinal(TradingFields.WinBidderName);
        public static readonly int WinDiscountRate = FieldCatalog.Ordinal(TradingFields.WinDiscountRate);
        public static readonly int WinTime = FieldCatalog.Ordinal(TradingFields.WinTime);
        public static readonly int WinnerFlag = FieldCatalog.Ordinal(TradingFields.WinnerFlag);
    }
}
