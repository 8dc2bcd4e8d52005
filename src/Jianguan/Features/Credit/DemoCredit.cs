using Jianguan.Features.Clues;
using Jianguan.Features.Warnings;
using Jianguan.Platform.Calendar;
using Jianguan.Platform.Inbox;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Credit;

/// <summary>
/// The demo city's credit records: penalty decisions (published and copied, some read), blacklist listings of real
/// bidders in every state, information requests, and assistance requests gone overdue so that the accountability
/// page has late duties. The warning analysis is re-run so that listed bidders' bids show as alerts.
/// </summary>
public static class DemoCredit
{
    public static async Task SeedAsync(IServiceProvider services, TextWriter output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        var db = services.GetRequiredService<JianguanDbContext>();
        if (await db.Set<PenaltyDecision>().AnyAsync(ct))
        {
            return;
        }

        var audit = services.GetRequiredService<AuditTrail>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var today = ChinaTime.DateOf(now);
        var units = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Code, ct);
        var people = await db.Users.AsNoTracking().Where(u => u.OrganisationId != null).OrderBy(u => u.UserName)
            .Select(u => new { u.Id, u.UserName, u.OrganisationId }).ToListAsync(ct);
        AuditActor Actor(string unitCode)
        {
            var unit = units.GetValueOrDefault(unitCode)?.Id;
            var user = people.FirstOrDefault(p => p.OrganisationId == unit);
            return user is null ? new AuditActor(null, "示例数据", "system", "demo") : new AuditActor(user.Id, user.UserName ?? "示例数据", "demo", "demo");
        }

        // Bidders with a valid credit code and their latest bid day: listings that cover some of their bids.
        var bidders = await db.Bids.AsNoTracking().Where(b => b.Bidder!.CreditCode != null && b.Bidder.CreditCodeValid && b.Section!.BidOpenAt != null)
            .GroupBy(b => new { b.BidderId, b.Bidder!.Name, b.Bidder.CreditCode })
            .Select(g => new { g.Key.Name, g.Key.CreditCode, Last = g.Max(b => b.Section!.BidOpenAt) })
            .OrderBy(g => g.Name).Take(6).ToListAsync(ct);
        string Name(int i, string fallback) => i < bidders.Count ? bidders[i].Name : fallback;
        string? Code(int i) => i < bidders.Count ? bidders[i].CreditCode : null;
        DateOnly Around(int i, int daysBefore) => (i < bidders.Count && bidders[i].Last is { } last ? ChinaTime.DateOf(last) : today).AddDays(-daysBefore);

        var plan = new (string Unit, string Doc, int Who, string Facts, string Basis, string Result, int DaysAgo, bool Publish)[]
        {
            ("zhujianju", "海住建罚〔{0}〕12号", 0, "在房屋建筑工程施工招标中与其他投标人相互串通投标，投标文件由同一单位编制。",
                "《中华人民共和国招标投标法》第五十三条；《中华人民共和国招标投标法实施条例》第六十七条", "处中标项目金额千分之八的罚款，取消一年内参加依法必须进行招标的项目的投标资格。", 160, true),
            ("jiaotongju", "海交港罚〔{0}〕5号", 1, "以他人名义投标，提供虚假业绩证明材料。",
                "《中华人民共和国招标投标法》第五十四条；《中华人民共和国招标投标法实施条例》第六十八条", "处罚款，列入失信名单。", 120, true),
            ("caizhengju", "海财采罚〔{0}〕3号", 2, "政府采购活动中提供虚假材料谋取中标。",
                "《中华人民共和国政府采购法》第七十七条", "处采购金额千分之五的罚款，一年内禁止参加政府采购活动。", 90, true),
            ("zhifadadui", "海综执罚〔{0}〕21号", 3, "中标后无正当理由不与招标人订立合同。",
                "《中华人民共和国招标投标法实施条例》第七十四条", "取消中标资格，处罚款。", 20, false),
        };
        var decisions = new List<PenaltyDecision>();
        foreach (var p in plan)
        {
            var decided = today.AddDays(-p.DaysAgo);
            var actor = Actor(p.Unit);
            var d = await PenaltyService.RegisterAsync(db, audit, actor, new PenaltyInput(string.Format(CultureInfo.InvariantCulture, p.Doc, decided.Year),
                Name(p.Who, "海口示范建设工程有限公司"), Code(p.Who), p.Facts, p.Basis, p.Result, decided, units[p.Unit].Id), now.AddDays(-p.DaysAgo), ct);
            if (p.Publish)
            {
                await PenaltyService.PublishAsync(db, audit, actor, d.Id, now.AddDays(-p.DaysAgo + 1), ct);
            }

            decisions.Add(d);
        }

        // Some units have read the first copies.
        foreach (var unit in new[] { "gongguanban", "fagaiwei", "jiwei", "jiaoyizhongxin" })
        {
            var person = people.FirstOrDefault(x => x.OrganisationId == units.GetValueOrDefault(unit)?.Id);
            if (person is null)
            {
                continue;
            }

            var reader = new InboxReader(person.Id, person.OrganisationId, []);
            foreach (var d in decisions.Take(2))
            {
                await PenaltyService.MarkCopyReadAsync(db, reader, d.Id, audit, new AuditActor(person.Id, person.UserName ?? "", "demo", "demo"), now.AddDays(-30), ct);
            }
        }

        var office = Actor("gongguanban");
        // Current listings start from today; the second covers its bidder's own bids (so the analysis flags them) and
        // has mostly run out by now, like the demo market's dates.
        var listings = new (int Who, BlacklistSeverity Severity, DateOnly Start, int? Penalty, string Reason)[]
        {
            (0, BlacklistSeverity.Serious, today.AddDays(-90), 0, "串通投标，情节严重"),
            (1, BlacklistSeverity.Serious, Around(1, 30), 1, "以他人名义投标、提供虚假业绩"),
            (2, BlacklistSeverity.General, today.AddDays(-60), 2, "提供虚假材料谋取中标"),
            (4, BlacklistSeverity.General, today.AddDays(-30), null, "投标保证金以个人账户缴纳且拒不改正"),
            (5, BlacklistSeverity.Minor, today.AddDays(-20), null, "无正当理由放弃中标"),
        };
        var entries = new List<BlacklistEntry>();
        foreach (var l in listings)
        {
            var start = l.Start;
            var penalty = l.Penalty is { } i ? decisions[i] : null;
            entries.Add(await BlacklistService.CreateAsync(db, audit, office, new BlacklistInput(CreditSubjectType.Entity, Name(l.Who, "海口示范投标有限公司"), Code(l.Who),
                null, l.Reason, penalty is null ? "《公共资源交易领域严重失信主体名单管理办法》" : $"{penalty.DocumentNumber}；{penalty.LegalBasis}", l.Severity, start,
                null, null, "限制参与本市公共资源交易活动", penalty is null ? "海口市公共资源交易管理委员会办公室" : null, penalty?.DocumentNumber, penalty?.Id), now, ct));
        }

        entries.Add(await BlacklistService.CreateAsync(db, audit, office, new BlacklistInput(CreditSubjectType.Person, "王某某", null, "460100198001011234",
            "评标专家收受投标人财物", "《中华人民共和国招标投标法实施条例》第七十二条", BlacklistSeverity.Serious, today.AddDays(-100), null,
            Restriction: "取消评标专家资格"), now, ct));
        // An old listing whose period has run out, a repaired one, a revoked one.
        await BlacklistService.CreateAsync(db, audit, office, new BlacklistInput(CreditSubjectType.Entity, "海口旧案建筑劳务有限公司", null, null,
            "围标串标", "《中华人民共和国招标投标法》第五十三条", BlacklistSeverity.General, today.AddYears(-2), null), now, ct);
        await BlacklistService.ExpireDueAsync(db, audit, now, ct);
        await BlacklistService.TransitionAsync(db, audit, office, entries[2].Id, BlacklistAction.Repair, "已履行处罚决定，完成信用修复承诺", today.AddDays(-10), now, ct);
        await BlacklistService.TransitionAsync(db, audit, office, entries[3].Id, BlacklistAction.Revoke, "复议撤销原处理决定", null, now, ct);

        // Information requests, one answered.
        var first = await InfoRequestService.CreateAsync(db, audit, Actor("jiwei"), units["zhujianju"].Id, $"{decisions[0].DocumentNumber} 案卷调查笔录",
            "核查相关公职人员是否涉嫌违纪", Confidentiality.Restricted, decisions[0].Id, now.AddDays(-12), ct);
        await InfoRequestService.DecideAsync(db, audit, Actor("zhujianju"), first.Id, InfoRequestAction.Approve, "案卷已通过机要渠道移交，共 3 册。", now.AddDays(-10), ct);
        await InfoRequestService.CreateAsync(db, audit, Actor("zhifadadui"), units["caizhengju"].Id, "某供应商近三年政府采购投诉处理记录",
            "办理移送案件需核实当事人前科", Confidentiality.Sensitive, null, now.AddDays(-2), ct);

        // Late duties: assistance requests whose reply period ran out.
        var calendar = await services.GetRequiredService<CalendarService>().GetAsync(ct);
        foreach (var (from, to, subject, days) in new[] { ("gongguanban", "zhujianju", "请核查某项目施工许可办理情况", 40), ("zhifadadui", "jiaotongju", "请提供港航工程标段的合同备案材料", 30) })
        {
            try
            {
                await ClueService.RequestAssistanceAsync(db, audit, Actor(from), units[to].Id, subject, "按协同监管机制请予协助。", 5, null, calendar, now.AddDays(-days), ct);
            }
            catch (ClueException)
            {
                db.ChangeTracker.Clear();
            }
        }

        var outcome = await services.GetRequiredService<AlertAnalysis>().RefreshAsync(db, "demo", AuditActor.System, ct);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"信用监管示例：处罚决定 {decisions.Count} 件，失信名单 {entries.Count + 1} 条；重新分析 {outcome.SectionsAnalysed} 个标段 / credit demo: {decisions.Count} decisions, {entries.Count + 1} listings"));
    }
}
