using Jianguan.Features.Governance.Liaison;
using Jianguan.Features.Governance.Meetings;
using Jianguan.Features.Governance.PowerList;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Clocks;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Governance;

/// <summary>
/// `serve --demo`: a year of joint meetings (regular and extra, decisions, tasks done, done late and overdue), the
/// power lists of the industry departments and every unit's leader and liaison, through the module's own services.
/// </summary>
public static class GovernanceDemo
{
    private sealed record Item(string Unit, PowerKind Kind, string Name, string Basis, string Responsible);

    private static readonly Item[] Items =
    [
        new("zhujianju", PowerKind.License, "房屋建筑和市政基础设施工程施工许可", "《中华人民共和国建筑法》第七条", "市住房和城乡建设局行政审批科"),
        new("zhujianju", PowerKind.Penalty, "对招标人规避招标的处罚", "《中华人民共和国招标投标法》第四十九条", "市住房和城乡建设局建筑市场监管科"),
        new("zhujianju", PowerKind.Inspection, "对房屋建筑工程招标投标活动的监督检查", "《中华人民共和国招标投标法实施条例》第四条", "市住房和城乡建设局建筑市场监管科"),
        new("jiaotongju", PowerKind.Inspection, "对交通工程招标投标活动的监督检查", "《公路工程建设项目招标投标管理办法》第四条", "市交通运输和港航管理局建设管理科"),
        new("jiaotongju", PowerKind.Penalty, "对投标人串通投标的处罚", "《中华人民共和国招标投标法》第五十三条", "市交通运输和港航管理局综合执法支队"),
        new("shuiwuju", PowerKind.Inspection, "对水利工程招标投标活动的监督检查", "《水利工程建设项目招标投标管理规定》第五条", "市水务局建设管理科"),
        new("caizhengju", PowerKind.Penalty, "对采购人、采购代理机构违法行为的处罚", "《中华人民共和国政府采购法》第七十一条", "市财政局政府采购监管科"),
        new("caizhengju", PowerKind.Other, "政府采购投诉处理", "《中华人民共和国政府采购法》第五十六条", "市财政局政府采购监管科"),
        new("ziguiju", PowerKind.Inspection, "对土地使用权出让活动的监督检查", "《招标拍卖挂牌出让国有建设用地使用权规定》第四条", "市自然资源和规划局耕保和利用科"),
        new("fagaiwei", PowerKind.Other, "依法必须招标项目招标方案核准", "《中华人民共和国招标投标法实施条例》第七条", "市发展和改革委员会投资科"),
        new("fagaiwei", PowerKind.Coercion, "对拒不改正的招标投标违法行为依法采取强制措施", "《中华人民共和国行政强制法》第九条", "市发展和改革委员会法规科"),
        new("guoziwei", PowerKind.Inspection, "对国有产权交易活动的监督检查", "《企业国有资产交易监督管理办法》第五条", "市国有资产监督管理委员会产权管理科"),
    ];

    private static readonly string[] Surnames = ["王", "李", "陈", "林", "吴", "黄", "符", "周", "郑", "冯", "邢", "云", "蔡", "梁", "何", "唐"];

    private static readonly string[] Given = ["建华", "海燕", "志强", "丽娟", "国栋", "晓东", "春梅", "明辉", "文静", "伟", "敏", "涛", "琳", "斌", "芳", "军"];

    public static async Task SeedAsync(JianguanDbContext db, AuditTrail audit, WorkingCalendar calendar, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await db.Set<Meeting>().AnyAsync(ct))
        {
            return;
        }

        var units = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Code, o => o.Id, ct);
        if (!units.TryGetValue("zhujianju", out var zhujianju))
        {
            return;
        }

        var actor = AuditActor.System;
        var today = ChinaTime.DateOf(now);
        DateTimeOffset At(int daysAgo) => ChinaTime.StartOfDay(today.AddDays(-daysAgo)).AddHours(10);

        // Power lists, one year ago; one item revised since.
        PowerItem? disputed = null;
        foreach (var item in Items)
        {
            var created = await PowerListService.CreateAsync(db, audit, actor, new PowerItemInput(units[item.Unit], item.Kind, item.Name, item.Basis,
                item.Responsible, "依法受理、审查、决定、送达，并对实施情况进行监督检查。", "不履行或者不正确履行职责，造成不良后果的，依法依规追究责任。"),
                today.AddDays(-365), At(370), ct);
            disputed ??= item.Kind == PowerKind.Inspection && item.Unit == "zhujianju" ? created : null;
        }

        if (disputed is not null)
        {
            await PowerListService.ReviseAsync(db, audit, actor, disputed.ItemKey, new PowerItemInput(disputed.DepartmentId, disputed.Kind, disputed.Name,
                disputed.LegalBasis + "；《海南省招标投标条例》第五条", disputed.ResponsibleUnit, disputed.Responsibilities, disputed.Accountability),
                today.AddDays(-90), "补充地方性法规依据", At(95), ct);
        }

        // Two regular meetings held in the past year, with decisions and tasks.
        var memberUnits = await LiaisonService.Units(db).Select(o => o.Id).ToListAsync(ct);
        var plan = await db.SamplingPlans.AsNoTracking().OrderByDescending(p => p.Year).FirstOrDefaultAsync(ct);
        var first = await MeetingService.ProposeRegularAsync(db, audit, MeetingService.HalfYearOf(today.AddDays(-300)), At(330), ct);
        var second = await MeetingService.ProposeRegularAsync(db, audit, MeetingService.HalfYearOf(today.AddDays(-130)), At(160), ct);
        foreach (var (meeting, heldAgo) in new[] { (first, 300), (second, 130) })
        {
            if (meeting is null)
            {
                continue;
            }

            await MeetingService.ScheduleAsync(db, audit, actor, meeting.Id, today.AddDays(-heldAgo), "市政务服务中心三楼会议室",
                "一、通报公共资源交易协同监管工作情况；二、研究年度监管计划；三、部署专项整治。", At(heldAgo + 14), ct);
            await MeetingService.HoldAsync(db, audit, actor, meeting.Id, today.AddDays(-heldAgo),
                "会议听取了公管办关于协同监管工作情况的通报，研究了年度监管计划，对下一阶段工作作出部署。",
                [.. memberUnits.Select(u => new AttendanceInput(u, u % 7 != 0, u % 7 != 0 ? "分管负责同志" : null))], At(heldAgo), ct);
        }

        if (first is not null)
        {
            var approve = plan is not null ? ApprovedPlan.SamplingPlan : ApprovedPlan.SupervisionPlan;
            await MeetingService.DecideAsync(db, audit, actor, calendar, first.Id, "审议通过年度双随机抽查计划，由各行业监督部门组织实施。", approve, plan?.Id,
                today.Year, [new("按计划完成第一批次双随机抽查并公示结果", zhujianju, today.AddDays(-240))], At(300), ct);
            var d = await MeetingService.DecideAsync(db, audit, actor, calendar, first.Id, "开展围标串标专项整治，建立线索移送和协作机制。", ApprovedPlan.None, null,
                null,
                [
                    new("制定围标串标专项整治工作方案", units["fagaiwei"], today.AddDays(-270)),
                    new("梳理近三年房屋建筑工程异常投标线索", zhujianju, today.AddDays(-250)),
                    new("建立交易数据共享接口", units["jiaoyizhongxin"], today.AddDays(-200)),
                ], At(300), ct);
            var tasks = await db.Set<MeetingTask>().AsNoTracking().Where(t => t.DecisionId == d.Id).OrderBy(t => t.Id).ToListAsync(ct);
            await MeetingService.CompleteTaskAsync(db, audit, actor, tasks[0].Id, null, true, "工作方案已印发。", At(275), ct);
            await MeetingService.CompleteTaskAsync(db, audit, actor, tasks[1].Id, null, true, "已梳理异常线索并移送。", At(230), ct);
            var firstTask = await db.Set<MeetingTask>().AsNoTracking().Where(t => t.Decision!.MeetingId == first.Id).OrderBy(t => t.Id).FirstAsync(ct);
            await MeetingService.CompleteTaskAsync(db, audit, actor, firstTask.Id, null, true, "第一批次抽查已完成并公示。", At(245), ct);
        }

        if (second is not null)
        {
            await MeetingService.DecideAsync(db, audit, actor, calendar, second.Id, "审议通过下一年度公共资源交易监管工作计划。", ApprovedPlan.SupervisionPlan, null,
                today.Year + 1, [new("报送下一年度行业监管工作要点", units["jiaotongju"], today.AddDays(-100))], At(130), ct);
            await MeetingService.DecideAsync(db, audit, actor, calendar, second.Id, "加强评标专家管理，落实评标专家动态考核。", ApprovedPlan.None, null, null,
                [
                    new("完成评标专家年度考核", units["sifaju"], today.AddDays(-20)),
                    new("修订评标专家抽取规则", units["jiaoyizhongxin"], today.AddDays(30)),
                ], At(130), ct);
        }

        // Extra meetings: one scheduled, one asking about an unclear duty on the power list.
        var extra = await MeetingService.RequestAsync(db, audit, actor, zhujianju, MeetingReason.ProminentProblem, "房屋建筑工程投标保证金异常集中问题",
            "近期多个标段投标保证金由同一账户缴纳，需相关部门协同研判。", At(20), ct: ct);
        await MeetingService.ScheduleAsync(db, audit, actor, extra.Id, today.AddDays(10), "市政务服务中心五楼会议室", "研判投标保证金异常集中问题，明确处置分工。", At(15), ct);
        if (disputed is not null)
        {
            await PowerListService.DisputeAsync(db, audit, actor, disputed.Id, units["jiaotongju"], "港口配套房屋建筑工程的招标投标监督职责在住建、交通部门之间不清。",
                At(5), ct);
        }

        await MeetingService.ProposeRegularAsync(db, audit, MeetingService.HalfYearOf(today), now, ct);

        // The directory: every unit's leader and liaison; two changes entered late, one still to enter.
        var n = 0;
        foreach (var unit in memberUnits)
        {
            foreach (var role in new[] { LiaisonRole.Leader, LiaisonRole.Liaison })
            {
                var name = Surnames[n % Surnames.Length] + Given[(n * 7 + 3) % Given.Length];
                var reportedAgo = 200 - (n % 5);
                var enteredAgo = n % 11 == 4 ? reportedAgo - 9 : reportedAgo - 1;
                var change = await LiaisonService.ReportAsync(db, audit, actor, calendar, unit, role, today.AddDays(-reportedAgo), null, At(enteredAgo + 1), ct);
                await LiaisonService.EnterAsync(db, audit, actor, change.Id, null, true, new ContactInput(name, role == LiaisonRole.Leader ? "副局长" : "科长",
                    string.Create(CultureInfo.InvariantCulture, $"0898-6{(n * 37 % 900) + 100:D3}{(n * 53 % 9000) + 1000:D4}"),
                    string.Create(CultureInfo.InvariantCulture, $"13{(n % 9) + 1}{(n * 7919 % 90000000) + 10000000:D8}"),
                    string.Create(CultureInfo.InvariantCulture, $"lianluo{n + 1}@haikou.gov.cn")), At(enteredAgo), ct);
                n++;
            }
        }

        await LiaisonService.ReportAsync(db, audit, actor, calendar, units["shuiwuju"], LiaisonRole.Liaison, today.AddDays(-12), null, At(12), ct);

        // Stored clock states as the sweep sees them today.
        await Clocks.SweepAsync(db, audit, calendar, now, ct);
        await db.SaveChangesAsync(ct);
    }
}
