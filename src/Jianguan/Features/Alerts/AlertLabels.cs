using System.Globalization;
using System.Text.Json;
using Jianguan.Analytics.Rules;

namespace Jianguan.Features.Alerts;

/// <summary>Chinese names of levels, states, rules and evidence fields, and the plain "why" of an alert.</summary>
public static class AlertLabels
{
    public static string LevelName(AlertLevel level) => level switch
    {
        AlertLevel.Red => "红色",
        AlertLevel.Orange => "橙色",
        AlertLevel.Yellow => "黄色",
        _ => "无",
    };

    public static string LevelCode(AlertLevel level) => level switch
    {
        AlertLevel.Red => "red",
        AlertLevel.Orange => "orange",
        AlertLevel.Yellow => "yellow",
        _ => "none",
    };

    public static bool TryParseLevel(string? value, out AlertLevel level)
    {
        level = value?.Trim().ToLowerInvariant() switch
        {
            "red" or "红色" => AlertLevel.Red,
            "orange" or "橙色" => AlertLevel.Orange,
            "yellow" or "黄色" => AlertLevel.Yellow,
            _ => AlertLevel.None,
        };
        return level != AlertLevel.None;
    }

    public static string StateName(AlertState state) => state switch
    {
        AlertState.New => "新预警",
        AlertState.UnderReview => "核查中",
        AlertState.Dismissed => "已排除",
        AlertState.Converted => "已转线索",
        _ => state.ToString(),
    };

    public static bool TryParseState(string? value, out AlertState state)
    {
        state = default;
        return !string.IsNullOrWhiteSpace(value) && !char.IsAsciiDigit(value.Trim()[0])
            && Enum.TryParse(value.Trim(), ignoreCase: true, out state) && Enum.IsDefined(state);
    }

    public static string ActionName(AlertAction action) => action switch
    {
        AlertAction.StartReview => "开始核查",
        AlertAction.Dismiss => "排除",
        AlertAction.Convert => "转为线索",
        _ => action.ToString(),
    };

    public static string RuleName(string code) =>
        RuleCatalog.ByCode(code)?.NameZh ?? code;

    public static string CategoryName(string category) => category switch
    {
        "fingerprint" => "投标文件特征（第四十条）",
        "price_screen" => "报价筛查",
        "competition" => "竞争性指标",
        "network" => "关联网络",
        "data_quality" => "数据质量",
        _ => category,
    };

    /// <summary>The engine's fingerprint field names → (the section page's fingerprint key, Chinese label).</summary>
    public static (string Key, string Label)? Field(string? engineField) => engineField switch
    {
        "file_code" => ("fileCode", "文件创建标识码"),
        "machine_code" => ("machineCode", "文件制作机器码"),
        "dongle" => ("dongle", "加密锁序列号"),
        "mac" => ("mac", "MAC地址"),
        "cpu" => ("cpu", "CPU序列号"),
        "disk" => ("disk", "硬盘序列号"),
        "ip" => ("uploadIp", "上传IP"),
        "contact_phone" => ("contactPhone", "联系电话"),
        "pm_id" => ("projectManager", "项目负责人"),
        "pm_certificate" => ("pmCertificate", "负责人证书"),
        "doc_hash" => ("docHash", "文件哈希"),
        "deposit_account" => ("depositAccount", "保证金账户"),
        "legal_rep" => ("legalRepresentative", "法定代表人"),
        _ => null,
    };

    /// <summary>The fingerprint fields (section page keys) and values an alert's evidence says are shared.</summary>
    public static IReadOnlyList<(string Key, string Value)> SharedFields(string evidenceJson)
    {
        var list = new List<(string, string)>();
        using var doc = Parse(evidenceJson);
        var root = doc.RootElement;
        if (Str(root, "field") is { } f && Field(f) is { } field && Str(root, "value") is { } v)
        {
            list.Add((field.Key, v));
        }

        foreach (var name in new[] { "mac", "cpu", "disk" })
        {
            if (Str(root, name) is { } hw && Field(name) is { } key)
            {
                list.Add((key.Key, hw));
            }
        }

        return list;
    }

    /// <summary>One plain sentence saying what was found, from the evidence; <paramref name="names"/> are the firms.</summary>
    public static string Why(string ruleCode, string evidenceJson, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        using var doc = Parse(evidenceJson);
        var e = doc.RootElement;
        var who = names.Count == 0 ? "相关投标人" : string.Join("、", names.Take(8)) + (names.Count > 8 ? $"等 {names.Count} 家" : "");
        string N(string key) => Num(e, key) is { } d ? d.ToString("#,##0.####", CultureInfo.InvariantCulture) : "—";
        string P(string key) => Num(e, key) is { } d ? (d * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%" : "—";
        string S(string key) => Str(e, key) ?? "—";
        switch (ruleCode)
        {
            case "a40.1.hardware":
                var parts = new[] { ("mac", "MAC地址"), ("cpu", "CPU序列号"), ("disk", "硬盘序列号") }
                    .Where(x => Str(e, x.Item1) is not null).Select(x => $"{x.Item2} {Str(e, x.Item1)}");
                return $"{who}的投标文件硬件特征相同（{string.Join("，", parts)}），表明这些投标文件很可能在同一台电脑上制作。";
            case "a40.4.identical_price":
                return $"{who}的投标报价完全相同（{N("price")} 元），本标段共 {N("section_bids")} 份有效报价。";
            case "a40.4.price_steps":
                return $"{N("bids")} 家投标人的报价呈{(S("kind") == "ratio" || S("kind") == "geometric" ? "等比" : "等差")}规律（步长 {N("step")}），独立报价很难出现这种规律。";
            case "flag.single_bid":
                return "本标段仅有一家投标，缺乏竞争。";
            case "flag.few_bidders":
                return $"本标段仅有 {N("bidders")} 家投标人，少于 {N("threshold")} 家（同类项目中位数 {N("category_median")} 家）。";
            case "flag.short_period":
                return $"公告发出（{S("notice")}）至投标截止（{S("open")}）仅 {N("days")} 天，短于{S("mode")}的法定最短期限 {N("threshold")} 天。";
            case "flag.low_discount":
                return $"中标价较控制价仅下浮 {P("discount")}，低于同类项目的常见水平（阈值 {P("threshold")}），中标价贴近控制价。";
            case "flag.deep_discount":
                return $"中标价较控制价下浮 {P("discount")}，超过同类项目的异常上限 {P("threshold")}，须关注是否低于成本报价。";
            case "flag.lowest_disqualified":
                return $"最低报价（{N("lowest_bid")} 元）被否决，最终中标价为 {N("winning_bid")} 元。";
            case "flag.others_disqualified":
                return $"本标段 {N("bids")} 份投标中，除中标人外的 {N("disqualified")} 份均被否决。";
            case "flag.late_bid_won":
                return $"中标人的投标递交时间（{S("checkin")}）晚于开标时间（{S("open")}）{N("minutes_late")} 分钟，仍然中标。";
            case "flag.blacklisted":
                return $"{who}投标时（{S("bid_time")}）处于失信惩戒期内（{S("listed_from")} 至 {Str(e, "listed_until") ?? "今"}{(Str(e, "reason") is { } why ? "，" + why : "")}），依法不得参与投标。";
            case "flag.cover_bidder":
                return $"{who}共投标 {N("bids")} 次、从未中标，投标次数超过市场的异常上限（{N("fence")} 次），具有“陪标专业户”特征。";
            case "screen.low_variation":
                return $"本标段投标报价的变异系数为 {N("cv")}，低于阈值 {N("threshold")}，报价异常集中。";
            case "screen.cover_gap":
                return $"最低价与其余报价的相对距离 RD = {S("rd")}，超过阈值 {N("threshold")}：其余报价异常聚集，具有陪标特征。";
            case "screen.near_estimate":
                return $"最低报价与预算（控制价）之比为 {N("bid_to_estimate")}，高于阈值 {N("threshold")}。";
            case "screen.pattern":
                return $"多项报价筛查指标同时异常（{string.Join("、", Arr(e, "markers"))}）。";
            case "net.group":
                return $"{who}组成一个投标团体：成员间共同投标的密度为 {N("cohesion")}、排他性为 {N("exclusivity")}，共同出现在 {N("joint_sections")} 个标段。";
            case "net.rotation":
                return $"{who}在共同投标的 {N("joint_sections")} 个标段中由团体成员中标 {N("group_wins")} 次，且由 {N("distinct_winners")} 家轮流中标。";
            case "net.cover_pair":
                return $"{who}同场投标 {N("meetings")} 次，其中一家中标 {N("leader_wins")} 次，另一家从未胜出，疑似固定陪标组合。";
            case "link.cross_section":
                return $"{who}在 {N("section_count")} 个标段中共享相同的投标文件特征（{string.Join("、", Arr(e, "fields").Select(f => Field(f)?.Label ?? f))}）。";
            case "quality.unit_error":
                return $"报价 {N("bid")} 元与参考价相差约 {N("order_of_magnitude")} 个数量级，疑似单位或小数点错误（数据质量提示，不计入风险分）。";
            case "quality.credit_code":
                return $"统一社会信用代码 {S("code")} 校验不通过（数据质量提示，不计入风险分）。";
            case "quality.missing_fingerprints":
                return $"本标段 {N("bids")} 份投标中有 {N("bids_without_fingerprint")} 份没有任何投标文件特征，无法核查第四十条情形（数据质量提示）。";
            default:
                break;
        }

        if (Str(e, "field") is { } field && Str(e, "value") is { } value)
        {
            var label = Field(field)?.Label ?? field;
            return $"{who}的{label}相同（{value}），共涉及 {N("bids")} 份投标；不同投标人之间本不应相同。";
        }

        return $"{RuleName(ruleCode)}：{who}。";
    }

    private static JsonDocument Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
        }
        catch (JsonException)
        {
            return JsonDocument.Parse("{}");
        }
    }

    private static string? Str(JsonElement e, string key) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                _ => null,
            }
            : null;

    private static double? Num(JsonElement e, string key) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static List<string> Arr(JsonElement e, string key) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() ?? "" : x.GetRawText()).ToList()
            : [];
}
