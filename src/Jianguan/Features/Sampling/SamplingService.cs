using System.Text.Json.Nodes;
using Jianguan.Features.Sampling.Draw;
using Jianguan.Features.Trading;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Numbering;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Sampling;

/// <summary>The sampling workflow over the database; every write is saved together with its audit entry.</summary>
public static class SamplingService
{
    public static IReadOnlyList<string> SplitList(string? text) =>
        [.. (text ?? "").Split(['|', '、', ',', '，', ';', '；', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)];

    public static string JoinList(IEnumerable<string> items) => string.Join('|', items);

    /// <summary>
    /// Feeds the object pool from the trading data: one object per market entity that bid, one per section.
    /// New objects start at credit grade B; the risk grade follows the credit grade (C → 较高风险, D → 高风险), past
    /// findings (a 发现问题 result on the entity → at least 较高风险) and the warning engine's latest level for the firm
    /// or section (red → 高风险, orange → 较高风险, yellow → 一般风险), unless an officer set it by hand.
    /// </summary>
    public static async Task<(int Added, int Updated)> RefreshObjectsAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, DateTimeOffset now, CancellationToken ct = default)
    {
        var existing = await db.SamplingObjects.ToDictionaryAsync(o => o.Key, StringComparer.Ordinal, ct);
        var findings = (await db.SamplingAssignments.Where(a => a.Result == InspectionResults.Problem).Select(a => a.EntityKey).Distinct().ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        // The warning engine's latest level per object key (firms "E:…", sections "S:…").
        var warnings = (await db.Set<Profiles.BidderRisk>().AsNoTracking()
                .Join(db.MarketEntities, r => r.EntityId, e => e.Id, (r, e) => new { Key = "E:" + e.Key, r.Level })
                .ToListAsync(ct))
            .Concat(await db.Set<Warnings.SectionRisk>().AsNoTracking()
                .Join(db.Sections, r => r.SectionId, x => x.Id, (r, x) => new { Key = "S:" + x.Project!.Code + "/" + x.Code, r.Level })
                .ToListAsync(ct))
            .ToDictionary(x => x.Key, x => x.Level, StringComparer.Ordinal);
        var sections = await db.Sections.AsNoTracking()
            .Select(s => new
            {
                ProjectCode = s.Project!.Code,
                ProjectName = s.Project.Name,
                s.Code,
                s.Name,
                s.Project.Category,
                s.Project.Region,
                Department = s.Project.SupervisingDepartment,
                Winner = s.Winner!.Key,
                Tenderer = s.Project.Tenderer!.Key,
                s.BidOpenAt,
            })
            .ToListAsync(ct);
        var bidders = await db.Bids.AsNoTracking()
            .Select(b => new
            {
                b.Bidder!.Key,
                b.Bidder.Name,
                b.Section!.Project!.Category,
                b.Section.Project.Region,
                Department = b.Section.Project.SupervisingDepartment,
                b.Section.BidOpenAt,
            })
            .ToListAsync(ct);
        int added = 0, updated = 0;
        void Upsert(string key, string kind, string name, string entity, string department, string category, string region)
        {
            if (!existing.TryGetValue(key, out var o))
            {
                o = new SamplingObject { Key = key, Kind = kind, Name = name, EntityKey = entity, UpdatedAt = now };
                db.SamplingObjects.Add(o);
                existing[key] = o;
                added++;
            }
            else if (o.Name != name || o.Department != department || o.Category != category || o.Region != region)
            {
                updated++;
            }

            o.Name = name;
            o.Department = department;
            o.Category = category;
            o.Region = region;
            if (!o.RiskBasis.StartsWith("人工", StringComparison.Ordinal))
            {
                (o.RiskGrade, o.RiskBasis) = AutomaticGrade(o.CreditGrade, findings.Contains(entity), warnings.GetValueOrDefault(key));
            }

            o.UpdatedAt = now;
        }

        // The latest trading of an entity decides its department, category and region.
        foreach (var g in bidders.GroupBy(b => b.Key, StringComparer.Ordinal))
        {
            var last = g.OrderByDescending(b => b.BidOpenAt).First();
            Upsert("E:" + g.Key, "entity", last.Name, "E:" + g.Key, last.Department ?? "", TradingLabels.CategoryName(last.Category), last.Region ?? "");
        }

        foreach (var s in sections)
        {
            var entity = s.Winner ?? s.Tenderer;
            Upsert($"S:{s.ProjectCode}/{s.Code}", "section", $"{s.ProjectName ?? s.ProjectCode} {s.Name ?? s.Code}".Trim(),
                entity is null ? "" : "E:" + entity, s.Department ?? "", TradingLabels.CategoryName(s.Category), s.Region ?? "");
        }

        await audit.RecordAsync(db, actor, "sampling.objects.refresh", "sampling/objects", new { added, updated }, ct);
        return (added, updated);
    }

    public static (string Grade, string Basis) AutomaticGrade(string credit, bool pastFinding, Warnings.AlertLevel warning = Warnings.AlertLevel.None) =>
        credit == "D" ? (SamplingGrades.High, "自动：信用等级 D")
        : warning == Warnings.AlertLevel.Red ? (SamplingGrades.High, "自动：预警等级 红")
        : credit == "C" ? (SamplingGrades.MediumHigh, "自动：信用等级 C")
        : pastFinding ? (SamplingGrades.MediumHigh, "自动：以往抽查发现问题")
        : warning == Warnings.AlertLevel.Orange ? (SamplingGrades.MediumHigh, "自动：预警等级 橙")
        : warning == Warnings.AlertLevel.Yellow ? (SamplingGrades.Medium, "自动：预警等级 黄")
        : (SamplingGrades.Low, "自动：无不良记录");

    public static async Task SetGradeAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, long objectId, string risk, string credit, string note, DateTimeOffset now, CancellationToken ct = default)
    {
        if (!SamplingGrades.All.Contains(risk) || !SamplingGrades.CreditGrades.Contains(credit))
        {
            throw new SamplingException("风险等级或信用等级无效");
        }

        var o = await db.SamplingObjects.FindAsync([objectId], ct) ?? throw new SamplingException("检查对象不存在");
        o.RiskGrade = risk;
        o.CreditGrade = credit;
        o.RiskBasis = "人工：" + (string.IsNullOrWhiteSpace(note) ? actor.UserName : note.Trim());
        o.UpdatedAt = now;
        await audit.RecordAsync(db, actor, "sampling.objects.grade", o.Key, new { risk, credit, note }, ct);
    }

    public static async Task<SamplingPlan> CreatePlanAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, SamplingPlan plan, SamplingBatch firstBatch, CancellationToken ct = default)
    {
        ValidateBatch(firstBatch);
        plan.Batches.Add(firstBatch);
        db.SamplingPlans.Add(plan);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(db, actor, "sampling.plan.create", $"sampling/plans/{plan.Id}", new { plan.Year, plan.Title, batch = firstBatch.Name }, ct);
        return plan;
    }

    public static async Task AddBatchAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, long planId, SamplingBatch batch, CancellationToken ct = default)
    {
        ValidateBatch(batch);
        batch.PlanId = planId;
        db.SamplingBatches.Add(batch);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(db, actor, "sampling.batch.create", $"sampling/batches/{batch.Id}", new { planId, batch.Name, batch.Month }, ct);
    }

    public static async Task ApprovePlanAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, long planId, string decisionRef, DateOnly approvedOn, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(decisionRef))
        {
            throw new SamplingException("须填写联席会议决定（纪要编号）");
        }

        var plan = await db.SamplingPlans.FindAsync([planId], ct) ?? throw new SamplingException("计划不存在");
        plan.DecisionRef = decisionRef.Trim();
        plan.ApprovedOn = approvedOn;
        await audit.RecordAsync(db, actor, "sampling.plan.approve", $"sampling/plans/{plan.Id}", new { decisionRef, approvedOn }, ct);
    }

    private static void ValidateBatch(SamplingBatch batch)
    {
        if (string.IsNullOrWhiteSpace(batch.Name))
        {
            throw new SamplingException("批次名称不能为空");
        }

        if (batch.Month is < 1 or > 12)
        {
            throw new SamplingException("月份应为 1–12");
        }

        foreach (var r in new[] { batch.RatioHigh, batch.RatioMediumHigh, batch.RatioMedium, batch.RatioLow })
        {
            if (r is < 0m or > 1m)
            {
                throw new SamplingException("抽查比例应在 0% 到 100% 之间");
            }
        }
    }

    /// <summary>
    /// The pool as it stands: every object and inspector, and the inspector–entity pairs of the last 13 months.
    /// Departments are written as the unit's one name (<see cref="SamplingDepartments.Normalise"/>), so that "住建局"
    /// in the trading data and 海口市住房和城乡建设局 in the inspector pool meet (issue 12, item 5 (a)).
    /// </summary>
    public static async Task<DrawPool> SnapshotPoolAsync(JianguanDbContext db, DateTimeOffset now, CancellationToken ct = default)
    {
        var departments = await SamplingDepartments.LoadAsync(db, ct);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        string Unit(string d) => names.TryGetValue(d, out var n) ? n : names[d] = departments.Normalise(d);
        var objects = (await db.SamplingObjects.AsNoTracking()
            .Select(o => new PoolObject(o.Key, o.Kind, o.RiskGrade, o.Department, o.Category, o.Region, o.EntityKey, o.Name))
            .ToListAsync(ct))
            .Select(o => o with { Department = Unit(o.Department) })
            .ToList();
        var inspectors = (await db.Inspectors.AsNoTracking().ToListAsync(ct))
            .Select(i => new PoolInspector(i.Code, Unit(i.Department), SplitList(i.Specialties), SplitList(i.Conflicts), i.Name, i.Active,
                i.CertificateValidUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? ""))
            .ToList();
        var since = now.AddMonths(-13);
        var past = await db.SamplingAssignments.AsNoTracking()
            .Where(a => a.Status == Selection.Assigned && a.Draw!.DrawnAt != null && a.Draw.DrawnAt >= since)
            .Select(a => new { a.Inspectors, a.EntityKey, a.Draw!.DrawnAt })
            .ToListAsync(ct);
        var history = past.SelectMany(a => SplitList(a.Inspectors).Select(i => new PastPair(i, a.EntityKey,
                ChinaTime.DateOf(a.DrawnAt!.Value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))))
            .Where(p => p.Entity.Length > 0)
            .Distinct()
            .ToList();
        return new DrawPool(objects, inspectors, history);
    }

    /// <summary>The draw's parameters; with <paramref name="departments"/>, the department filter and the joint teams are written as the pool writes them.</summary>
    public static DrawParameters Parameters(SamplingPlan plan, SamplingBatch batch, string reference, DateOnly drawDate, SamplingDepartments? departments = null) => new(
        $"{plan.Title} · {batch.Name}", reference, drawDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        [
            new GradeRule(SamplingGrades.High, batch.RatioHigh, null),
            new GradeRule(SamplingGrades.MediumHigh, batch.RatioMediumHigh, null),
            new GradeRule(SamplingGrades.Medium, batch.RatioMedium, null),
            new GradeRule(SamplingGrades.Low, batch.RatioLow, null),
        ],
        new DrawFilters(SplitList(batch.FilterKinds), SplitList(batch.FilterCategories), Units(SplitList(batch.FilterDepartments), departments), SplitList(batch.FilterRegions)),
        DrawParameters.LegalMinimumInspectors, Units(SplitList(batch.JointDepartments), departments), DrawParameters.DefaultLookbackMonths);

    private static IReadOnlyList<string> Units(IReadOnlyList<string> names, SamplingDepartments? departments) =>
        departments is null ? names : [.. names.Select(departments.Normalise).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Freezes the pool snapshot and the parameters and publishes the commitment. The server seed stays secret until
    /// the draw, so nobody can work out the outcome before the public input is read out.
    /// </summary>
    /// <param name="acknowledgeUnstaffable">
    /// The officer has seen the objects that cannot be staffed (<see cref="UnstaffableAsync"/>) and publishes anyway;
    /// without it a batch with such objects is refused with the list.
    /// </param>
    public static async Task<SamplingDraw> CommitAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, long batchId, DateTimeOffset now,
        bool acknowledgeUnstaffable = true, CancellationToken ct = default)
    {
        var batch = await db.SamplingBatches.Include(b => b.Plan).SingleOrDefaultAsync(b => b.Id == batchId, ct)
            ?? throw new SamplingException("批次不存在");
        if (batch.Plan!.ApprovedOn is null)
        {
            throw new SamplingException("计划尚未经联席会议批准，不能抽取");
        }

        if (await db.SamplingDraws.AnyAsync(d => d.BatchId == batchId && d.Status == SamplingDraw.Committed, ct))
        {
            throw new SamplingException("该批次已有待抽取的承诺");
        }

        // The draw, its sequence number and its audit entry commit together: a refused pool leaves no gap.
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var sequence = await Counters.NextAsync(db, string.Create(CultureInfo.InvariantCulture, $"sampling-draw:B{batchId}"),
            c => db.SamplingDraws.LongCountAsync(d => d.BatchId == batchId, c), ct);
        var reference = string.Create(CultureInfo.InvariantCulture, $"{batch.Plan.Year}-B{batch.Id}-{sequence}");
        var pool = await SnapshotPoolAsync(db, now, ct);
        var parameters = Parameters(batch.Plan, batch, reference, ChinaTime.DateOf(now), await SamplingDepartments.LoadAsync(db, ct));
        try
        {
            DrawAlgorithm.Validate(pool, parameters);
        }
        catch (DrawInputException e)
        {
            throw new SamplingException(e.Message.Split(" / ")[0]);
        }

        var unstaffable = DrawAlgorithm.Unstaffable(pool, parameters);
        if (unstaffable.Count > 0 && !acknowledgeUnstaffable)
        {
            throw new SamplingException(UnstaffableMessage(unstaffable.Count) + "请先补充执法人员名录，或确认知晓后再公布承诺。");
        }

        var serverSeed = DrawRecord.NewServerSeed();
        var poolJson = DrawRecord.PoolJson(pool);
        var parametersJson = DrawRecord.ParametersJson(parameters);
        var commitment = DrawRecord.Commit(poolJson, parametersJson, CanonicalJson.Hex(System.Security.Cryptography.SHA256.HashData(serverSeed)));
        var draw = new SamplingDraw
        {
            BatchId = batchId,
            PoolJson = CanonicalJson.SerializeToString(poolJson),
            ParametersJson = CanonicalJson.SerializeToString(parametersJson),
            ServerSeed = CanonicalJson.Hex(serverSeed),
            PoolHash = commitment.PoolHash,
            ParametersHash = commitment.ParametersHash,
            ServerSeedHash = commitment.ServerSeedHash,
            Commitment = commitment.Value,
            CommittedAt = now,
            CommittedBy = actor.UserName,
        };
        db.SamplingDraws.Add(draw);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(db, actor, "sampling.draw.commit", $"sampling/draws/{draw.Id}",
            new { reference, commitment = commitment.Value, commitment.PoolHash, commitment.ParametersHash, commitment.ServerSeedHash }, ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }

        return draw;
    }

    public static string UnstaffableMessage(int count) =>
        $"有 {count} 个检查对象无法配足 {DrawParameters.LegalMinimumInspectors} 名执法人员（部门或联合检查组、专业领域不匹配，或须回避），抽中后将无人检查。";

    /// <summary>
    /// The objects of a batch that could not be staffed if drawn today (RULES.md §4: at least two inspectors of the
    /// matching kind, conflicts of interest removed), for the warning shown before the commitment is published.
    /// </summary>
    public static async Task<IReadOnlyList<(PoolObject Object, string Reason)>> UnstaffableAsync(JianguanDbContext db, long batchId, DateTimeOffset now,
        DrawPool? pool = null, CancellationToken ct = default)
    {
        var batch = await db.SamplingBatches.AsNoTracking().Include(b => b.Plan).SingleOrDefaultAsync(b => b.Id == batchId, ct)
            ?? throw new SamplingException("批次不存在");
        pool ??= await SnapshotPoolAsync(db, now, ct);
        try
        {
            return DrawAlgorithm.Unstaffable(pool, Parameters(batch.Plan!, batch, "", ChinaTime.DateOf(now), await SamplingDepartments.LoadAsync(db, ct)));
        }
        catch (DrawInputException e)
        {
            throw new SamplingException(e.Message.Split(" / ")[0]);
        }
    }

    /// <summary>Runs the committed draw with the public input and stores the record and the assignments.</summary>
    public static async Task<SamplingDraw> ExecuteAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, long drawId, string publicInput, DateTimeOffset now, CancellationToken ct = default)
    {
        var draw = await db.SamplingDraws.SingleOrDefaultAsync(d => d.Id == drawId, ct) ?? throw new SamplingException("抽取不存在");
        if (draw.Status != SamplingDraw.Committed)
        {
            throw new SamplingException("该次抽取已完成，不能重抽");
        }

        if (string.IsNullOrWhiteSpace(publicInput))
        {
            throw new SamplingException("请输入现场公开的随机数");
        }

        var pool = DrawJsonReader.ReadPool(JsonNode.Parse(draw.PoolJson));
        var parameters = DrawJsonReader.ReadParameters(JsonNode.Parse(draw.ParametersJson));
        var record = DrawRecord.Build(pool, parameters, Convert.FromHexString(draw.ServerSeed), publicInput.Trim());
        if (record["commitment"]!["value"]!.GetValue<string>() != draw.Commitment)
        {
            throw new InvalidOperationException($"draw {draw.Id}: the stored snapshot no longer matches its published commitment");
        }

        var result = DrawRecord.ReadResult(record["result"]);
        var objects = pool.Objects.ToDictionary(o => o.Id, StringComparer.Ordinal);
        var names = pool.Inspectors.ToDictionary(i => i.Id, i => i.Name, StringComparer.Ordinal);
        foreach (var s in result.Selections)
        {
            var o = objects[s.Object];
            draw.Assignments.Add(new SamplingAssignment
            {
                Order = s.Order,
                ObjectKey = s.Object,
                ObjectName = o.Name,
                ObjectKind = o.Kind,
                EntityKey = o.EntityOrId,
                Department = o.Department,
                Grade = s.Grade,
                Status = s.Status,
                Reason = s.Reason,
                Inspectors = JoinList(s.Inspectors),
                InspectorNames = string.Join('、', s.Inspectors.Select(i => names.GetValueOrDefault(i) is { Length: > 0 } n ? n : i)),
            });
        }

        draw.Status = SamplingDraw.Drawn;
        draw.PublicInput = publicInput.Trim();
        draw.Seed = record["seed"]!.GetValue<string>();
        draw.RecordJson = DrawRecord.ToFileText(record);
        draw.DrawnAt = now;
        draw.DrawnBy = actor.UserName;
        await audit.RecordAsync(db, actor, "sampling.draw.execute", $"sampling/draws/{draw.Id}", new
        {
            commitment = draw.Commitment,
            publicInput = draw.PublicInput,
            seed = draw.Seed,
            selected = result.Selections.Select(s => s.Object),
            infeasible = result.Selections.Count(s => s.Status == Selection.Infeasible),
        }, ct);
        return draw;
    }

    public sealed record InspectionInput(string Method, string Findings, string Result, string? Attachments, DateOnly CompletedOn, bool Exempt, string? ExemptReason, bool Publish,
        string? CorrectionReason = null);

    /// <summary>
    /// Records the result of an assignment, or corrects a recorded one. A correction needs a reason; the values it
    /// replaces are kept as a <see cref="SamplingResultRevision"/> (who recorded them, who corrected, when, why), and it
    /// is audited as <c>sampling.result.correct</c>. A published result is not changed. Who may write is checked by
    /// the caller (<see cref="InspectorAccounts.CanWriteAsync"/>).
    /// </summary>
    public static async Task RecordResultAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, long assignmentId, InspectionInput input, WorkingCalendar calendar, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var a = await db.SamplingAssignments.SingleOrDefaultAsync(x => x.Id == assignmentId, ct) ?? throw new SamplingException("检查任务不存在");
        if (a.Status != Selection.Assigned)
        {
            throw new SamplingException("该对象未配足执法人员，不能登记结果");
        }

        if (!InspectionMethods.All.Contains(input.Method))
        {
            throw new SamplingException("检查方式：请从列表中选择");
        }

        if (!InspectionResults.All.Contains(input.Result))
        {
            throw new SamplingException("检查结果：请从列表中选择");
        }

        if (input.Result == InspectionResults.Problem && string.IsNullOrWhiteSpace(input.Findings))
        {
            throw new SamplingException("检查情况与发现的问题：结果为“发现问题”时须写明发现的问题");
        }

        if (input.Findings.Length > 8000)
        {
            throw new SamplingException("检查情况与发现的问题：不能超过 8000 字");
        }

        if (input.CompletedOn > ChinaTime.DateOf(now))
        {
            throw new SamplingException("完成日期：不能晚于今天");
        }

        if (input.Exempt && string.IsNullOrWhiteSpace(input.ExemptReason))
        {
            throw new SamplingException("不予公开的法律依据：依法不予公开须写明理由");
        }

        if (a.PublishedAt is not null)
        {
            throw new SamplingException("结果已公示，不能修改");
        }

        var correction = a.Result is not null;
        if (correction && string.IsNullOrWhiteSpace(input.CorrectionReason))
        {
            throw new SamplingException("更正理由：结果已登记，更正须写明理由");
        }

        if (input.CorrectionReason?.Trim().Length > 1000)
        {
            throw new SamplingException("更正理由：不能超过 1000 字");
        }

        SamplingResultRevision? revision = null;
        if (correction)
        {
            var version = await db.SamplingResultRevisions.Where(r => r.AssignmentId == a.Id).Select(r => (int?)r.Version).MaxAsync(ct) ?? 0;
            revision = new SamplingResultRevision
            {
                AssignmentId = a.Id,
                Version = version + 1,
                Method = a.Method,
                Findings = a.Findings,
                Result = a.Result,
                Attachments = a.Attachments,
                CompletedOn = a.CompletedOn,
                Exempt = a.Exempt,
                ExemptReason = a.ExemptReason,
                RecordedBy = a.RecordedBy,
                CorrectedBy = actor.UserName,
                CorrectedAt = now,
                Reason = input.CorrectionReason!.Trim(),
            };
            db.SamplingResultRevisions.Add(revision);
        }

        var restartClock = !correction || a.CompletedOn != input.CompletedOn || a.PublishClockId is null;
        a.Method = input.Method;
        a.Findings = input.Findings.Trim();
        a.Result = input.Result;
        a.Attachments = string.IsNullOrWhiteSpace(input.Attachments) ? null : input.Attachments.Trim();
        a.CompletedOn = input.CompletedOn;
        a.Exempt = input.Exempt;
        a.ExemptReason = input.Exempt ? input.ExemptReason!.Trim() : null;
        a.RecordedBy = actor.UserName;
        if (input.Publish && !input.Exempt)
        {
            a.PublishedAt = now;
        }

        // The result, its earlier version, its clock and their audit entries commit together.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (restartClock)
        {
            var clock = await Clocks.StartAsync(db, audit, actor, PublishClock(a.Id), Deadlines.SamplingPublish, input.CompletedOn, calendar, now, WarningDays, ct);
            a.PublishClock = clock;
        }

        if (a.Exempt || a.PublishedAt is not null)
        {
            await Clocks.StopAsync(db, audit, actor, PublishClock(a.Id), Deadlines.SamplingPublish, now, a.Exempt ? "依法不予公开：" + a.ExemptReason : null, ct);
        }

        if (revision is not null)
        {
            await audit.RecordAsync(db, actor, "sampling.result.correct", $"sampling/assignments/{a.Id}", new
            {
                a.ObjectKey,
                version = revision.Version,
                reason = revision.Reason,
                previous = new { revision.Method, revision.Result, revision.Findings, completedOn = revision.CompletedOn, revision.Exempt, revision.ExemptReason, revision.RecordedBy },
                current = new { a.Method, a.Result, a.Findings, completedOn = a.CompletedOn, a.Exempt, a.ExemptReason },
            }, ct);
        }
        else
        {
            await audit.RecordAsync(db, actor, "sampling.result.record", $"sampling/assignments/{a.Id}",
                new { a.ObjectKey, a.Method, a.Result, completedOn = a.CompletedOn, publishDue = a.PublishDue, a.Exempt, a.ExemptReason, published = a.PublishedAt is not null }, ct);
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>The subject of an assignment's publication clock.</summary>
    public static ClockSubject PublishClock(long assignmentId) => ClockSubject.Of("sampling.assignment", assignmentId);

    public static async Task PublishAsync(JianguanDbContext db, AuditTrail audit, AuditActor actor, long assignmentId, DateTimeOffset now, CancellationToken ct = default)
    {
        var a = await db.SamplingAssignments.SingleOrDefaultAsync(x => x.Id == assignmentId, ct) ?? throw new SamplingException("检查任务不存在");
        if (a.Result is null || a.Exempt)
        {
            throw new SamplingException(a.Exempt ? "依法不予公开的结果不能公示" : "尚未登记检查结果");
        }

        a.PublishedAt ??= now;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await Clocks.StopAsync(db, audit, actor, PublishClock(a.Id), Deadlines.SamplingPublish, a.PublishedAt.Value, ct: ct);
        await audit.RecordAsync(db, actor, "sampling.result.publish", $"sampling/assignments/{a.Id}", new { a.ObjectKey, a.Result }, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Warnings at 5 working days left; overdue after the due day (counts in the accountability report). The clock's warn threshold.</summary>
    public const int WarningDays = 5;

    public static (PublishState State, int? DaysLeft) PublishStatus(SamplingAssignment a, DateOnly today, WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(calendar);
        if (a.Exempt)
        {
            return (PublishState.Exempt, null);
        }

        if (a.PublishedAt is not null)
        {
            return (PublishState.Published, null);
        }

        if (a.PublishClock is not { } clock)
        {
            return (PublishState.NotDue, null);
        }

        var status = Clocks.StatusOn(clock, today, calendar);
        return status.State switch
        {
            ClockState.Overdue => (PublishState.Overdue, status.DaysLeft),
            ClockState.Warned => (PublishState.DueSoon, status.DaysLeft),
            ClockState.Running or ClockState.Paused => (PublishState.Open, status.DaysLeft),
            // Only publication and exemption stop this clock, and both are answered above.
            ClockState.Stopped => (PublishState.Published, null),
            _ => throw new InvalidOperationException($"unknown clock state {status.State}"),
        };
    }

    public static string PublishStateName(PublishState state) => state switch
    {
        PublishState.NotDue => "未完成检查",
        PublishState.Open => "待公示",
        PublishState.DueSoon => "即将到期",
        PublishState.Overdue => "已逾期",
        PublishState.Published => "已公示",
        PublishState.Exempt => "依法不予公开",
        _ => state.ToString(),
    };
}

/// <summary>A sampling request the user can fix (a plain Chinese message, shown on the page as it is).</summary>
public sealed class SamplingException(string message) : Exception(message);
