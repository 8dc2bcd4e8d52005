using System.Text;
using System.Text.Json;

namespace Jianguan.Platform.Audit;

/// <summary>
/// The audit trail in words for the audit administrator's page and export: actions, actors, roles and details in
/// Chinese. The stored entry keeps its stable codes (the hash chain covers them); only the display translates.
/// </summary>
public static class AuditLabels
{
    public static readonly IReadOnlyDictionary<string, string> Actions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["http.get"] = "查阅页面或数据",
        ["http.post"] = "提交",
        ["http.put"] = "修改",
        ["http.delete"] = "删除",
        ["logout"] = "退出登录",
        ["login.success"] = "登录成功",
        ["login.failure"] = "登录失败",
        ["login.refused"] = "登录被拒绝",
        ["login.locked"] = "账户被锁定",
        ["password.change"] = "修改密码",
        ["account.create"] = "创建账户",
        ["account.update"] = "修改账户",
        ["account.unlock"] = "解除锁定",
        ["account.enable"] = "启用账户",
        ["account.disable"] = "停用账户",
        ["permission.change"] = "变更权限",
        ["permission.refused"] = "越权访问被拒绝",
        ["token.issue"] = "签发接口令牌",
        ["token.request"] = "申请接口令牌",
        ["token.approve"] = "批准接口令牌",
        ["token.reject"] = "退回接口令牌申请",
        ["token.revoke"] = "吊销接口令牌",
        ["token.rejected"] = "接口令牌被拒绝",
        ["keys.rotate"] = "轮换密钥",
        ["audit.export"] = "导出审计日志",
        ["trading.import"] = "导入交易数据",
        ["trading.push"] = "推送交易数据",
        ["trading.read"] = "读取交易数据",
        ["demo.seed"] = "载入演示数据",
        ["calendar.load"] = "载入节假日安排",
        ["alerts.analyze"] = "预警分析",
        ["alerts.analyze.failed"] = "预警分析失败",
        ["alert.review"] = "核查预警",
        ["alert.dismiss"] = "排除预警",
        ["alert.convert"] = "预警转为线索",
        ["clue.created"] = "登记线索",
        ["clue.verify"] = "开始联合核查",
        ["clue.conclude"] = "形成核查结论",
        ["clue.route"] = "线索已移送",
        ["clue.close"] = "办结线索（未发现违法违规）",
        ["clue.team.add"] = "加入联合核查组",
        ["clue.search"] = "查询线索",
        ["clue.view"] = "查看线索",
        ["referral.send"] = "移送线索",
        ["referral.receive"] = "签收移送",
        ["referral.handle"] = "办理移送",
        ["referral.complete"] = "办结移送并答复",
        ["referral.return"] = "退回移送",
        ["referral.list"] = "查看移送清单",
        ["referral.view"] = "查看移送",
        ["assistance.request"] = "发出协助请求",
        ["assistance.receive"] = "签收协助请求",
        ["assistance.reply"] = "答复协助请求",
        ["assistance.list"] = "查看协助请求",
        ["oversight.query"] = "监督查询交易数据",
        ["focus.add"] = "列入重点关注",
        ["focus.remove"] = "移出重点关注",
        ["focus.derive"] = "自动更新重点关注名单",
        ["sampling.plan.create"] = "制定抽查计划",
        ["sampling.plan.approve"] = "批准抽查计划",
        ["sampling.batch.create"] = "创建抽查批次",
        ["sampling.draw.commit"] = "公布抽取承诺",
        ["sampling.draw.execute"] = "执行随机抽取",
        ["sampling.publish"] = "公开抽查结果",
        ["sampling.result.record"] = "录入检查结果",
        ["sampling.result.publish"] = "公开检查结果",
        ["sampling.objects.refresh"] = "更新检查对象名录",
        ["sampling.objects.grade"] = "调整检查对象风险等级",
        ["sampling.inspectors.import"] = "导入执法检查人员",
        ["sampling.inspectors.link"] = "关联执法人员登录账号",
        ["sampling.result.correct"] = "更正检查结果",
        ["sampling.result.view"] = "查看检查结果",
        ["sampling.assignment"] = "分派检查任务",
        ["clock.start"] = "开始计时",
        ["clock.pause"] = "暂停计时",
        ["clock.resume"] = "恢复计时",
        ["clock.stop"] = "停止计时",
        ["clock.warn"] = "期限临近提醒",
        ["clock.overdue"] = "超过期限",
        ["clock.recompute"] = "重算期限",
        ["inbox.read"] = "阅读待办",
        ["complaint.file"] = "提交投诉",
        ["complaint.accept"] = "受理投诉",
        ["complaint.decide"] = "作出投诉处理决定",
        ["complaint.reject"] = "不予受理投诉举报",
        ["complaint.suspend"] = "中止投诉处理计时",
        ["complaint.resume"] = "恢复投诉处理计时",
        ["complaint.feedback"] = "向投诉人反馈",
        ["complaint.close"] = "投诉举报办结",
        ["complaint.assign"] = "指定投诉举报承办人",
        ["complaint.identity.reveal"] = "查看投诉人身份信息",
        ["complaint.export"] = "导出投诉举报登记",
        ["complaint.channel.save"] = "维护投诉举报渠道",
        ["report.accept"] = "受理举报",
        ["penalty.decide"] = "作出处罚决定",
        ["liaison.update"] = "更新联络人",
        ["objection.answer"] = "答复异议",
        ["bids.details"] = "查阅投标明细",
        ["firm.search"] = "查询单位",
        ["firm.view"] = "查阅单位档案",
        ["firm.export"] = "导出单位投标记录",
        ["monthly.generate"] = "生成交易中心月度报告",
        ["monthly.regenerate"] = "重新生成月度报告数据",
        ["monthly.edit"] = "编辑月度报告",
        ["monthly.send_review"] = "月度报告提交审核",
        ["monthly.approve"] = "审核通过月度报告",
        ["monthly.return"] = "退回月度报告",
        ["monthly.office_return"] = "公管办退回月度报告",
        ["monthly.submit"] = "月度报告报送公管办",
        ["monthly.forward"] = "转送月度报告",
        ["monthly.view"] = "查阅月度报告",
        ["monthly.download"] = "下载月度报告",
        ["meeting.request"] = "提请召开联席会议",
        ["meeting.propose"] = "自动提出联席会议例会",
        ["meeting.schedule"] = "安排联席会议",
        ["meeting.hold"] = "记录联席会议召开情况",
        ["meeting.decline"] = "联席会议不予召开",
        ["meeting.decide"] = "记录联席会议决定事项",
        ["meeting.task.complete"] = "报告交办任务完成",
        ["liaison.report"] = "报送联络人变更",
        ["liaison.export"] = "导出联络通讯录",
        ["powerlist.create"] = "新增权责清单事项",
        ["powerlist.revise"] = "修订权责清单事项",
        ["powerlist.repeal"] = "废止权责清单事项",
        ["powerlist.import"] = "导入权责清单",
        ["powerlist.export"] = "导出权责清单",
        ["annual.edit"] = "编辑年度工作报告",
        ["annual.download"] = "下载年度工作报告",
        ["analysis.report"] = "输出季度大数据分析报告",
        ["analysis.rebuild"] = "重建分析汇总表",

        // Import: a firm first seen by name only merged into its coded entity.
        ["trading.entity_merge"] = "合并市场主体",
        ["db.backup"] = "备份数据库",
        ["job.run"] = "手动运行定时任务",
        ["db.restore"] = "从备份恢复数据库",
        ["credit.blacklist.create"] = "列入失信名单",
        ["credit.blacklist.expire"] = "失信名单期满移出",
        ["credit.blacklist.repair"] = "失信主体信用修复",
        ["credit.blacklist.revoke"] = "撤销失信名单记录",
        ["credit.blacklist.import"] = "导入国家平台黑名单",
        ["credit.blacklist.search"] = "查询失信名单",
        ["credit.blacklist.view"] = "查阅失信名单记录",
        ["penalty.create"] = "登记处罚决定",
        ["penalty.search"] = "查询行政处罚决定",
        ["penalty.publish"] = "公开并抄送处罚决定",
        ["penalty.withdraw"] = "撤回处罚决定公开",
        ["penalty.view"] = "查阅处罚决定",
        ["info-request.create"] = "申请非公开信息",
        ["info-request.approve"] = "同意提供非公开信息",
        ["info-request.refuse"] = "不予提供非公开信息",
        ["info-request.list"] = "查阅信息共享申请",
        ["accountability.view"] = "查阅履职问责统计",
        ["accountability.download"] = "下载履职问责报告",
        ["meeting.search"] = "查询联席会议",
        ["meeting.view"] = "查阅联席会议",
        ["meeting.task.search"] = "查询联席会议交办任务",
        ["powerlist.search"] = "查询权责清单",
        ["powerlist.history"] = "查阅权责事项变更历史",
        ["liaison.search"] = "查阅联络通讯录",
        ["credit.blacklist.reevaluate"] = "失信名单变更后重新核验相关预警",
    };

    private static readonly Dictionary<string, string> DetailKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["status"] = "结果状态码",
        ["rows"] = "行数",
        ["revisions"] = "更正次数",
        ["count"] = "次数",
        ["reason"] = "理由",
        ["name"] = "名称",
        ["job"] = "定时任务",
        ["execution"] = "执行方式",
        ["file"] = "文件",
        ["files"] = "文件",
        ["added"] = "新增",
        ["updated"] = "更新",
        ["from"] = "自",
        ["to"] = "至",
        ["on"] = "日期",
        ["due"] = "期限",
        ["state"] = "状态",
        ["year"] = "年度",
        ["title"] = "标题",
        ["batch"] = "批次",
        ["month"] = "月份",
        ["planId"] = "计划",
        ["risk"] = "风险等级",
        ["credit"] = "信用等级",
        ["note"] = "说明",
        ["forced"] = "强制",
        ["result"] = "结果",
        ["objectKey"] = "检查对象",
        ["decisionRef"] = "决定文号",
        ["approvedOn"] = "批准日期",
        ["filter"] = "查询条件",
        ["user"] = "账户",
        ["action"] = "操作",
        ["q"] = "关键词",
        ["roles"] = "角色",
        ["scopes"] = "权限范围",
        ["error"] = "错误",
        ["sections"] = "标段",
        ["bids"] = "投标",
        ["projects"] = "项目",
        ["alerts"] = "预警",
        ["refused"] = "被拒绝的行",
        ["partial"] = "部分导入",
        ["source"] = "来源",
        ["format"] = "格式",
        ["via"] = "途径",
        ["number"] = "编号",
        ["problems"] = "问题条数",
        ["summary"] = "小结字数",
        ["remarks"] = "备注字数",
        ["box"] = "清单",
        ["page"] = "页码",
        ["total"] = "合计",
        ["export"] = "导出",
        ["api"] = "接口调用",
        ["clue"] = "线索",
        ["kind"] = "类型",
        ["dueDays"] = "答复期限（工作日）",
        ["sourceId"] = "来源编号",
        ["department"] = "部门",
        ["unit"] = "代表单位",
        ["subject"] = "事项",
        ["received"] = "收到",
        ["sent"] = "发出",
        ["procedure"] = "程序",
        ["channel"] = "渠道",
        ["duplicateOf"] = "重复所指",
        ["attachments"] = "附件数",
        ["handler"] = "承办人",
        ["overdue"] = "逾期",
        ["present"] = "出席单位数",
        ["absent"] = "缺席单位数",
        ["powerItem"] = "权责事项",
        ["plan"] = "批准计划",
        ["tasks"] = "交办任务",
        ["late"] = "逾期",
        // Issue 12: keys the role journeys found untranslated in the audit trail.
        ["method"] = "检查方式",
        ["completedOn"] = "完成日期",
        ["publishDue"] = "公示期限",
        ["exempt"] = "依法不予公开",
        ["exemptReason"] = "不予公开理由",
        ["published"] = "已公示",
        ["startedOn"] = "起算日期",
        ["stoppedOn"] = "停止日期",
        ["warnDays"] = "提前提醒（工作日）",
        ["restart"] = "重新起算",
        ["previousStart"] = "原起算日期",
        ["won"] = "中标",
        ["period"] = "统计期间",
        ["confidentiality"] = "密级",
        ["decided"] = "决定日期",
        ["documentNumber"] = "文书编号",
        ["start"] = "起始日期",
        ["end"] = "截止日期",
        ["entityName"] = "当事人",
        ["listed"] = "列入",
        ["penaltyId"] = "来源处罚决定",
        ["purpose"] = "用途",
        ["quarter"] = "季度",
        ["revoked"] = "撤销",
        ["severity"] = "严重程度",
        ["skipped"] = "跳过",
        ["firms"] = "单位",
        ["rule"] = "规则",
        ["tenders"] = "招标项目数",
        ["scope"] = "范围",
        ["market"] = "市场数据",
        ["stored"] = "保存",
        ["alertsNew"] = "新增预警",
        ["alertsUpdated"] = "更新预警",
        ["focusAdded"] = "列入重点关注",
        ["focusRemoved"] = "移出重点关注",
        ["landed"] = "已入库",
        ["entities"] = "市场主体",
        ["rejected"] = "被拒绝",
        ["open"] = "办理中",
        ["versions"] = "版本数",
        ["listing"] = "失信名单记录",
        ["listings"] = "失信名单记录",
        ["kept"] = "仍成立",
        ["closed"] = "已排除",
        ["effective"] = "生效日期",
    };

    /// <summary>Values stored as codes in details (clock states), shown in words.</summary>
    private static readonly Dictionary<string, string> DetailValues = new(StringComparer.Ordinal)
    {
        ["Running"] = "计时中",
        ["Paused"] = "已暂停",
        ["Warned"] = "临近期限",
        ["Overdue"] = "已逾期",
        ["Stopped"] = "已停止",
        ["market"] = "全市场",
        ["neighbourhood"] = "导入标段及相关投标人",
    };

    /// <summary>The action in words; an action without a name keeps its code (new actions show up in tests).</summary>
    public static string Action(string code) => Actions.TryGetValue(code, out var name) ? name : code;

    /// <summary>Who: the system itself, a command on the host, or the account name.</summary>
    public static string Actor(string userName) => userName switch
    {
        "system" => "系统（自动）",
        "" => "（未登录）",
        _ when userName.StartsWith("cli:", StringComparison.Ordinal) => "主机命令行",
        _ => userName,
    };

    /// <summary>Role codes (comma-separated in the entry) as their Chinese names.</summary>
    public static string Roles(string roles) => string.Join("、", roles
        .Split(',', StringSplitOptions.RemoveEmptyEntries)
        .Select(r => Auth.Roles.ChineseNames.TryGetValue(r.Trim(), out var name) ? name : r.Trim() == "system" ? "系统" : r));

    /// <summary>A target path or object, decoded (a URL-encoded path is unreadable).</summary>
    public static string Target(string target)
    {
        try
        {
            return Uri.UnescapeDataString(target);
        }
        catch (UriFormatException)
        {
            return target;
        }
    }

    /// <summary>The JSON detail as "名称：值；…"; text that is not a JSON object is shown as it is.</summary>
    public static string Detail(string detail)
    {
        if (string.IsNullOrWhiteSpace(detail) || detail[0] != '{')
        {
            return detail;
        }

        try
        {
            using var doc = JsonDocument.Parse(detail);
            var text = new StringBuilder();
            Append(text, doc.RootElement);
            return text.ToString();
        }
        catch (JsonException)
        {
            return detail;
        }
    }

    private static void Append(StringBuilder text, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var first = true;
                foreach (var p in element.EnumerateObject())
                {
                    if (p.Value.ValueKind is JsonValueKind.Null || (p.Value.ValueKind is JsonValueKind.String && p.Value.GetString() is ""))
                    {
                        continue;
                    }

                    text.Append(first ? "" : "；").Append(DetailKeys.TryGetValue(p.Name, out var label) ? label : p.Name).Append('：');
                    Append(text, p.Value);
                    first = false;
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    text.Append(i++ == 0 ? "" : "、");
                    Append(text, item);
                }

                break;
            case JsonValueKind.True:
                text.Append('是');
                break;
            case JsonValueKind.False:
                text.Append('否');
                break;
            case JsonValueKind.String:
                var value = element.GetString() ?? "";
                text.Append(DetailValues.TryGetValue(value, out var word) ? word : value);
                break;
            default:
                text.Append(element.GetRawText());
                break;
        }
    }
}
