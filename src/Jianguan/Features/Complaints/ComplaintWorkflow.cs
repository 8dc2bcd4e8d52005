using System.Security.Cryptography;
using System.Text;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Crypto;
using Jianguan.Platform.Inbox;
using Jianguan.Platform.Numbering;
using Jianguan.Platform.Time;
using Jianguan.Platform.Workflow;

namespace Jianguan.Features.Complaints;

public enum ComplaintAction
{
    Accept,
    Reject,
    Suspend,
    Resume,
    Decide,
    Feedback,
    Close,
}

/// <summary>A complaint operation refused for a reason the user can fix; the message is Chinese and names the field.</summary>
public sealed class ComplaintException(string message, string? field = null) : Exception(message)
{
    public string? Field { get; } = field;
}

/// <summary>An attachment as declared at intake: name, size and SHA-256 (the content is not kept).</summary>
public sealed record ComplaintAttachmentInfo(string FileName, long Size, string Sha256);

/// <summary>What intake (public form, staff page, API) collects.</summary>
public sealed record ComplaintInput(
    ComplaintKind? Kind,
    ComplaintProcedure? Procedure,
    int? DepartmentId,
    string? Title,
    string? Content,
    string? ProjectCode,
    string? SectionCode,
    string? LinkedNumber,
    string? ComplainantName,
    string? ComplainantIdNumber,
    string? ComplainantPhone,
    string? ComplainantEmail,
    string? ComplainantAddress,
    DateOnly? ReceivedOn = null,
    IReadOnlyList<ComplaintAttachmentInfo>? Attachments = null);

/// <summary>The complainant's identity in clear: only for the assigned handler after the audited reveal.</summary>
public sealed record ComplainantIdentity(string Name, string? IdNumber, string? Phone, string? Email, string? Address);

/// <summary>Overdue complaints of one unit, for the accountability report.</summary>
public sealed record OverdueByUnit(int DepartmentId, string Department, int Count, IReadOnlyList<string> Numbers);

/// <summary>
/// The complaint's state machine (ADR-012 TransitionTable + StateMachine, history in <c>ComplaintTransitions</c>)
/// and its statutory clocks (ADR-013, ADR-015): the acceptance clock runs from receipt, the decision clock from
/// acceptance (工程建设) or from receipt (政府采购), and suspensions pause the decision clock.
/// </summary>
public static class ComplaintWorkflow
{
    public const string NumberPrefix = "TS";
    public const string ClockKind = "complaint";
    public const string ReadPolicy = "complaints-read";
    public const string HandlePolicy = "complaints-handle";
    public const string ChannelsPolicy = "complaint-channels-manage";

    /// <summary>Receipt codes: 16 characters of an alphabet without 0/O, 1/I/L (80 bits).</summary>
    public const string ReceiptAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    public const int ReceiptLength = 16;

    public static readonly IReadOnlyDictionary<string, string[]> Policies = new Dictionary<string, string[]>
    {
        [ReadPolicy] = [Roles.OfficeAdmin, Roles.MemberSupervisor, Roles.MemberLeader, Roles.Discipline, Roles.Audit, Roles.Police],
        [HandlePolicy] = [Roles.MemberSupervisor, Roles.MemberLeader],
        [ChannelsPolicy] = [Roles.OfficeAdmin, Roles.MemberSupervisor, Roles.MemberLeader],
    };

    public static readonly TransitionTable<ComplaintState, ComplaintAction> Table = new(
    [
        new(ComplaintState.Received, ComplaintAction.Accept, ComplaintState.Handling, HandlePolicy, ReasonRequired: false, "complaint.accept"),
        new(ComplaintState.Received, ComplaintAction.Reject, ComplaintState.NotAccepted, HandlePolicy, ReasonRequired: true, "complaint.reject"),
        new(ComplaintState.Handling, ComplaintAction.Suspend, ComplaintState.Suspended, HandlePolicy, ReasonRequired: true, "complaint.suspend"),
        new(ComplaintState.Suspended, ComplaintAction.Resume, ComplaintState.Handling, HandlePolicy, ReasonRequired: false, "complaint.resume"),
        new(ComplaintState.Handling, ComplaintAction.Decide, ComplaintState.Decided, HandlePolicy, ReasonRequired: true, "complaint.decide"),
        new(ComplaintState.Decided, ComplaintAction.Feedback, ComplaintState.FeedbackGiven, HandlePolicy, ReasonRequired: true, "complaint.feedback"),
        new(ComplaintState.NotAccepted, ComplaintAction.Feedback, ComplaintState.FeedbackGiven, HandlePolicy, ReasonRequired: true, "complaint.feedback"),
        new(ComplaintState.FeedbackGiven, ComplaintAction.Close, ComplaintState.Closed, HandlePolicy, ReasonRequired: false, "complaint.close"),
    ]);

    public static readonly StateMachine<Complaint, ComplaintState, ComplaintAction> Machine = new("complaint", "投诉举报事项", Table,
        c => c.Id, c => c.State, ComplaintLabels.StateName, ComplaintLabels.ActionName,
        t => new ComplaintTransition { ComplaintId = t.SubjectId, From = t.From, To = t.To, Reason = t.Reason, Actor = t.Actor, At = t.At });

    /// <summary>The clock that runs from receipt: acceptance (or, for an objection, the answer).</summary>
    public static string AcceptRule(ComplaintKind kind, ComplaintProcedure procedure) => kind switch
    {
        ComplaintKind.Objection => Deadlines.ObjectionAnswer,
        ComplaintKind.Report => Deadlines.ReportAccept,
        _ => procedure == ComplaintProcedure.Procurement ? Deadlines.GpComplaintReview : Deadlines.ComplaintAccept,
    };

    /// <summary>The decision clock (complaints only): 工程建设 from acceptance, 政府采购 from receipt.</summary>
    public static string? DecideRule(ComplaintKind kind, ComplaintProcedure procedure) => kind switch
    {
        ComplaintKind.Complaint => procedure == ComplaintProcedure.Procurement ? Deadlines.GpComplaintDecide : Deadlines.ComplaintDecide,
        _ => null,
    };

    public static ClockSubject Subject(long id) => ClockSubject.Of(ClockKind, id);

    public static string NewReceiptCode()
    {
        var chars = new char[ReceiptLength];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = ReceiptAlphabet[RandomNumberGenerator.GetInt32(ReceiptAlphabet.Length)];
        }

        return new string(chars);
    }

    /// <summary>SHA-256 (hex) of the code, upper-cased and without spaces or dashes (as people copy it).</summary>
    public static string ReceiptHash(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var normal = new string([.. code.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant)]);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normal)));
    }

    /// <summary>Field → Chinese message; empty when the input is complete.</summary>
    public static Dictionary<string, string> Validate(ComplaintInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (input.Kind is null)
        {
            errors["Kind"] = "请选择事项类别（异议、投诉或举报）。";
        }

        if (input.Procedure is null)
        {
            errors["Procedure"] = "请选择适用程序（工程建设或政府采购）。";
        }

        if (input.DepartmentId is null)
        {
            errors["DepartmentId"] = "请选择受理部门。";
        }

        Require(errors, "Title", input.Title, "事项标题", 200);
        Require(errors, "Content", input.Content, "事实和理由", 4000);
        Require(errors, "ComplainantName", input.ComplainantName, "投诉人姓名或名称", 100);
        Optional(errors, "ProjectCode", input.ProjectCode, "项目编号", 64);
        Optional(errors, "SectionCode", input.SectionCode, "标段编号", 64);
        Optional(errors, "LinkedNumber", input.LinkedNumber, "已向其他部门提交的编号", 32);
        Optional(errors, "ComplainantIdNumber", input.ComplainantIdNumber, "身份证件号码", 32);
        Optional(errors, "ComplainantPhone", input.ComplainantPhone, "联系电话", 32);
        Optional(errors, "ComplainantEmail", input.ComplainantEmail, "电子邮箱", 200);
        Optional(errors, "ComplainantAddress", input.ComplainantAddress, "通讯地址", 200);
        if (string.IsNullOrWhiteSpace(input.ComplainantPhone) && string.IsNullOrWhiteSpace(input.ComplainantEmail)
            && string.IsNullOrWhiteSpace(input.ComplainantAddress))
        {
            errors["ComplainantPhone"] = "请至少填写一种联系方式（电话、邮箱或地址），以便告知处理结果。";
        }

        if (input.ComplainantEmail is { Length: > 0 } email && !email.Contains('@', StringComparison.Ordinal))
        {
            errors["ComplainantEmail"] = "电子邮箱格式不正确。";
        }

        if (input.ReceivedOn is { } day && (day < new DateOnly(2000, 1, 1) || day > new DateOnly(2199, 12, 31)))
        {
            errors["ReceivedOn"] = "收到日期超出范围。";
        }

        return errors;
    }

    private static void Require(Dictionary<string, string> errors, string field, string? value, string name, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = $"请填写{name}。";
        }
        else
        {
            Optional(errors, field, value, name, max);
        }
    }

    private static void Optional(Dictionary<string, string> errors, string field, string? value, string name, int max)
    {
        if (value is not null && value.Trim().Length > max)
        {
            errors[field] = $"{name}不能超过 {max} 个字。";
        }
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>
    /// Files a complaint: numbered, the receipt code's hash stored, the acceptance clock started, or marked a
    /// duplicate of the same matter received first by another department (art. 61). Returns the complaint and the
    /// receipt code (shown once, never stored). Throws <see cref="ComplaintException"/> on bad input.
    /// </summary>
    public static async Task<(Complaint Complaint, string ReceiptCode)> FileAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor,
        WorkingCalendar calendar, ComplaintInput input, ComplaintChannelKind channel, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(input);
        if (Validate(input).FirstOrDefault() is { Key: not null } first)
        {
            throw new ComplaintException(first.Value, first.Key);
        }

        now = now.ToUniversalTime();
        var department = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == input.DepartmentId, ct)
            ?? throw new ComplaintException("所选受理部门不存在。", "DepartmentId");
        var projectCode = Clean(input.ProjectCode);
        var sectionCode = Clean(input.SectionCode);
        long? sectionId = null;
        if (sectionCode is not null)
        {
            sectionId = await db.Sections.AsNoTracking()
                .Where(s => s.Code == sectionCode && (projectCode == null || s.Project!.Code == projectCode))
                .OrderBy(s => s.Id).Select(s => (long?)s.Id).FirstOrDefaultAsync(ct);
        }

        var receivedOn = input.ReceivedOn ?? ChinaTime.DateOf(now);
        var code = NewReceiptCode();
        var complaint = new Complaint
        {
            Number = "",
            Kind = input.Kind!.Value,
            Procedure = input.Procedure!.Value,
            State = ComplaintState.Received,
            Channel = channel,
            DepartmentId = department.Id,
            Title = input.Title!.Trim(),
            Content = input.Content!.Trim(),
            ProjectCode = projectCode,
            SectionCode = sectionCode,
            SectionId = sectionId,
            LinkedNumber = Clean(input.LinkedNumber)?.ToUpperInvariant(),
            ReceivedOn = receivedOn,
            ReceivedAt = now,
            CreatedBy = channel == ComplaintChannelKind.Staff ? actor.UserName : null,
            ComplainantName = input.ComplainantName!.Trim(),
            ComplainantIdNumber = Clean(input.ComplainantIdNumber),
            ComplainantPhone = Clean(input.ComplainantPhone),
            ComplainantEmail = Clean(input.ComplainantEmail),
            ComplainantAddress = Clean(input.ComplainantAddress),
            ReceiptHash = ReceiptHash(code),
            StateChangedAt = now,
        };
        foreach (var a in input.Attachments ?? [])
        {
            complaint.Attachments.Add(new ComplaintAttachment { FileName = a.FileName, Size = a.Size, Sha256 = a.Sha256 });
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The counter is the only issuer of complaint numbers (no number predates it), so it needs no seed.
        complaint.Number = await CaseNumbers.NextAsync(db, NumberPrefix, ChinaTime.ToChina(now).Year, null, ct);
        var original = await FindOriginalAsync(db, complaint, ct);
        if (original is not null)
        {
            complaint.State = ComplaintState.Duplicate;
            complaint.DuplicateOfId = original.Id;
        }

        db.Add(complaint);
        await db.SaveChangesAsync(ct);
        if (original is not null)
        {
            db.Add(new ComplaintTransition
            {
                ComplaintId = complaint.Id,
                From = ComplaintState.Received,
                To = ComplaintState.Duplicate,
                Reason = $"同一事项已由{original.DepartmentName}先行收到（{original.Number}），由其处理。",
                Actor = "system",
                At = now,
            });
        }
        else
        {
            await Clocks.StartAsync(db, audit, actor, Subject(complaint.Id), AcceptRule(complaint.Kind, complaint.Procedure), receivedOn, calendar, now, ct: ct);
        }

        // Never the complainant's identity in the audit detail (docs/security.md).
        await audit.RecordAsync(db, actor, "complaint.file", Machine.Target(complaint.Id), new
        {
            number = complaint.Number,
            kind = ComplaintLabels.KindName(complaint.Kind),
            procedure = ComplaintLabels.ProcedureName(complaint.Procedure),
            department = department.Name,
            channel = ComplaintLabels.ChannelName(channel),
            duplicateOf = original?.Number,
            attachments = complaint.Attachments.Count,
        }, ct);
        await tx.CommitAsync(ct);
        return (complaint, code);
    }

    private sealed record Original(long Id, string Number, string DepartmentName, int DepartmentId);

    /// <summary>
    /// The first complaint of the same matter in another department: the explicitly linked number, or the same
    /// section (and project) by the same complainant (ID number's blind index, else the name's).
    /// </summary>
    private static async Task<Original?> FindOriginalAsync(JianguanDbContext db, Complaint complaint, CancellationToken ct)
    {
        var idHash = db.Cipher.BlindIndex(complaint.ComplainantIdNumber, BlindNormalisation.Identifier);
        var nameHash = db.Cipher.BlindIndex(complaint.ComplainantName, BlindNormalisation.Plain);
        var candidates = db.Set<Complaint>().AsNoTracking()
            .Where(c => c.DepartmentId != complaint.DepartmentId && c.DuplicateOfId == null && c.State != ComplaintState.Duplicate);
        IQueryable<Complaint>? matches = null;
        if (complaint.LinkedNumber is { } linked)
        {
            matches = candidates.Where(c => c.Number == linked);
        }

        if (complaint.SectionCode is { } section)
        {
            var project = complaint.ProjectCode;
            var same = candidates.Where(c => c.SectionCode == section && (project == null || c.ProjectCode == null || c.ProjectCode == project));
            same = idHash is not null
                ? same.Where(c => c.ComplainantIdHash == idHash || (c.ComplainantIdHash == null && c.ComplainantNameHash == nameHash))
                : same.Where(c => c.ComplainantNameHash == nameHash);
            matches = matches is null ? same : matches.Concat(same);
        }

        if (matches is null)
        {
            return null;
        }

        var found = await matches.Select(c => new { c.Id, c.Number, c.DepartmentId, c.ReceivedAt }).ToListAsync(ct);
        var first = found.OrderBy(c => c.ReceivedAt).ThenBy(c => c.Id).FirstOrDefault();
        if (first is null)
        {
            return null;
        }

        var name = await db.Organisations.AsNoTracking().Where(o => o.Id == first.DepartmentId).Select(o => o.Name).FirstAsync(ct);
        return new Original(first.Id, first.Number, name, first.DepartmentId);
    }

    /// <summary>
    /// Applies an action of the table: the state (guarded update, history, audit) and the clocks together.
    /// <paramref name="on"/> is the day of a suspension or resumption (default today). Null when no such complaint.
    /// </summary>
    public static async Task<Complaint?> ApplyAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, WorkingCalendar calendar,
        long id, ComplaintAction action, string? text, DateOnly? on, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        now = now.ToUniversalTime();
        var complaint = await db.Set<Complaint>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (complaint is null)
        {
            return null;
        }

        TransitionPlan<ComplaintState, ComplaintAction> plan;
        try
        {
            plan = Machine.Plan(id, complaint.State, action, text);
        }
        catch (WorkflowRefusedException e)
        {
            throw new ComplaintException(e.Message, e.Refusal == WorkflowRefusal.ReasonRequired ? "Text" : null);
        }

        var today = ChinaTime.DateOf(now);
        var day = on ?? today;
        if (day > today)
        {
            throw new ComplaintException("日期不能晚于今天。", "On");
        }

        var decideRule = DecideRule(complaint.Kind, complaint.Procedure);
        var acceptRule = AcceptRule(complaint.Kind, complaint.Procedure);
        if (action is ComplaintAction.Suspend && decideRule is null)
        {
            throw new ComplaintException($"{ComplaintLabels.KindName(complaint.Kind)}没有处理期限，无需中止计时。", "Text");
        }

        var reason = plan.Reason;
        var subject = Subject(id);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            switch (action)
            {
                case ComplaintAction.Accept:
                    if (complaint.Kind != ComplaintKind.Objection)
                    {
                        await Clocks.StopAsync(db, audit, actor, subject, acceptRule, now, "已受理", ct);
                    }

                    if (decideRule is not null)
                    {
                        // 政府采购: 30 working days from receipt (政府采购法第五十六条); 工程建设: from acceptance.
                        var start = complaint.Procedure == ComplaintProcedure.Procurement ? complaint.ReceivedOn : today;
                        await Clocks.StartAsync(db, audit, actor, subject, decideRule, start, calendar, now, ct: ct);
                    }

                    break;
                case ComplaintAction.Reject:
                    await Clocks.StopAsync(db, audit, actor, subject, acceptRule, now, "不予受理", ct);
                    break;
                case ComplaintAction.Suspend:
                    await Clocks.PauseAsync(db, audit, actor, subject, decideRule!, day, reason!, calendar, now, ct);
                    break;
                case ComplaintAction.Resume:
                    await Clocks.ResumeAsync(db, audit, actor, subject, decideRule!, day, calendar, now, ct);
                    break;
                case ComplaintAction.Decide:
                    if (decideRule is not null)
                    {
                        await Clocks.StopAsync(db, audit, actor, subject, decideRule, now, "已作出处理决定", ct);
                    }

                    if (complaint.Kind == ComplaintKind.Objection)
                    {
                        await Clocks.StopAsync(db, audit, actor, subject, acceptRule, now, "已答复", ct);
                    }

                    break;
                default:
                    break;
            }

            await Machine.ExecuteAsync(db, plan, audit, actor, now, new TransitionOptions<Complaint>
            {
                AlsoSet = s =>
                {
                    s.SetProperty(c => c.StateChangedAt, now);
                    switch (action)
                    {
                        case ComplaintAction.Reject:
                            s.SetProperty(c => c.RejectReason, reason);
                            break;
                        case ComplaintAction.Decide:
                            s.SetProperty(c => c.Decision, reason);
                            s.SetProperty(c => c.DecidedOn, today);
                            break;
                        case ComplaintAction.Feedback:
                            s.SetProperty(c => c.Feedback, reason);
                            break;
                        default:
                            break;
                    }
                },
                HistoryNote = action is ComplaintAction.Suspend or ComplaintAction.Resume ? ChinaTime.FormatDate(day) : null,
                AuditDetail = new { from = ComplaintLabels.StateName(plan.From), to = ComplaintLabels.StateName(plan.To), on = day, reason },
            }, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (ClockException e)
        {
            throw new ComplaintException(ChineseOf(e.Message), "On");
        }
        catch (WorkflowRefusedException e)
        {
            throw new ComplaintException(e.Message);
        }

        return await db.Set<Complaint>().AsNoTracking().FirstAsync(c => c.Id == id, ct);
    }

    /// <summary>The Chinese half of a "中文 / English" message.</summary>
    private static string ChineseOf(string message)
    {
        var cut = message.IndexOf(" / ", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message) + "。";
    }

    /// <summary>The department's users that may handle complaints (member supervisors and leaders).</summary>
    public static async Task<List<AppUser>> HandlersOfAsync(JianguanDbContext db, int departmentId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var roles = Policies[HandlePolicy];
        var roleIds = db.Roles.Where(r => roles.Contains(r.Name!)).Select(r => r.Id);
        var userIds = db.UserRoles.Where(ur => roleIds.Contains(ur.RoleId)).Select(ur => ur.UserId);
        return await db.Users.AsNoTracking().Where(u => u.OrganisationId == departmentId && !u.Disabled && userIds.Contains(u.Id))
            .OrderBy(u => u.UserName).ToListAsync(ct);
    }

    /// <summary>Assigns a handler of the receiving department and tells them in the inbox.</summary>
    public static async Task AssignAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, long id, string handlerId,
        DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        var complaint = await db.Set<Complaint>().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new ComplaintException("没有该事项。");
        if (complaint.State is ComplaintState.Duplicate or ComplaintState.Closed)
        {
            throw new ComplaintException("已办结或重复的事项不能再指定承办人。", "HandlerId");
        }

        var handler = (await HandlersOfAsync(db, complaint.DepartmentId, ct)).FirstOrDefault(u => u.Id == handlerId)
            ?? throw new ComplaintException("承办人须为受理部门的监管员或负责人。", "HandlerId");
        now = now.ToUniversalTime();
        complaint.HandlerId = handler.Id;
        complaint.HandlerName = string.IsNullOrWhiteSpace(handler.DisplayName) ? handler.UserName : handler.DisplayName;
        Notifications.Post(db, Recipient.ToUser(handler.Id), "complaint.assigned",
            $"您被指定为{ComplaintLabels.KindName(complaint.Kind)} {complaint.Number} 的承办人", complaint.Title, Link(id), now);
        await audit.RecordAsync(db, actor, "complaint.assign", Machine.Target(id), new { number = complaint.Number, handler = handler.UserName }, ct);
    }

    /// <summary>
    /// The complainant's identity in clear, for the assigned handler only, recorded on the audit chain
    /// (<c>complaint.identity.reveal</c>; the detail names the case, never the identity). Null for anyone else.
    /// </summary>
    public static async Task<ComplainantIdentity?> RevealAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, long id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(actor);
        var complaint = await db.Set<Complaint>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (complaint is null || actor.UserId is null || complaint.HandlerId != actor.UserId)
        {
            return null;
        }

        await audit.RecordAsync(db, actor, "complaint.identity.reveal", Machine.Target(id), new { number = complaint.Number }, ct);
        return new ComplainantIdentity(complaint.ComplainantName, complaint.ComplainantIdNumber, complaint.ComplainantPhone,
            complaint.ComplainantEmail, complaint.ComplainantAddress);
    }

    public static string Link(long id) => "/Complaints/" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Complaints with a clock overdue now or stopped after its due day, by receiving unit: the accountability
    /// report's count (issue 13 item 6).
    /// </summary>
    public static async Task<IReadOnlyList<OverdueByUnit>> OverdueByUnitAsync(JianguanDbContext db, WorkingCalendar calendar, DateOnly today,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var clocks = await db.Set<StatutoryClock>().AsNoTracking().Include(c => c.Pauses).Where(c => c.SubjectKind == ClockKind).ToListAsync(ct);
        var late = clocks.Where(c => c.StoppedLate || Clocks.StatusOn(c, today, calendar).State == ClockState.Overdue)
            .Select(c => long.Parse(c.SubjectId, CultureInfo.InvariantCulture)).ToHashSet();
        var rows = await db.Set<Complaint>().AsNoTracking().Where(c => late.Contains(c.Id))
            .Select(c => new { c.Id, c.Number, c.DepartmentId, Department = c.Department!.Name }).ToListAsync(ct);
        return [.. rows.GroupBy(r => (r.DepartmentId, r.Department)).OrderBy(g => g.Key.DepartmentId)
            .Select(g => new OverdueByUnit(g.Key.DepartmentId, g.Key.Department, g.Count(), [.. g.Select(r => r.Number).Order(StringComparer.Ordinal)]))];
    }
}

/// <summary>Reminders of complaint clocks go to the assigned handler, else to the receiving department (issue 13 item 6).</summary>
public sealed class ComplaintClockDirectory : IClockSubjectDirectory
{
    public string Kind => ComplaintWorkflow.ClockKind;

    public async Task<ClockAddress?> AddressAsync(JianguanDbContext db, string subjectId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!long.TryParse(subjectId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        var c = await db.Set<Complaint>().AsNoTracking().Where(x => x.Id == id)
            .Select(x => new { x.Number, x.Kind, x.HandlerId, x.DepartmentId }).FirstOrDefaultAsync(ct);
        return c is null ? null : new ClockAddress($"{ComplaintLabels.KindName(c.Kind)} {c.Number}", ComplaintWorkflow.Link(id),
            c.HandlerId is { } user ? Recipient.ToUser(user) : Recipient.ToOrganisation(c.DepartmentId));
    }

    /// <summary>The receiving department answers for a complaint's deadlines (the accountability view).</summary>
    public async Task<IReadOnlyDictionary<string, DutyOwner>> OwnersAsync(JianguanDbContext db, IReadOnlyCollection<string> subjectIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(subjectIds);
        var ids = subjectIds.Select(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1).Where(id => id > 0).Distinct().ToList();
        var rows = await db.Set<Complaint>().AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Number, c.Kind, c.DepartmentId, Department = c.Department!.Name }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id.ToString(CultureInfo.InvariantCulture),
            r => new DutyOwner(r.DepartmentId, r.Department, $"{ComplaintLabels.KindName(r.Kind)}办理期限", r.Number, ComplaintWorkflow.Link(r.Id)));
    }
}
