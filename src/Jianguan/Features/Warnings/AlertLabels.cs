using System.Text.Json;
using Jianguan.Analytics.Rules;

namespace Jianguan.Features.Warnings;

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

    /// <summary>
    /// A rule's basis split into the law it rests on and the method papers behind its statistic: a paper is a
    /// method, never a legal basis. Parts naming an author (Latin letters) are methods; the rest is law.
    /// </summary>
    public static (string? Legal, string? Method) SplitBasis(string basis)
    {
        ArgumentNullException.ThrowIfNull(basis);
        var parts = basis.Split(['；', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var method = parts.Where(p => p.Any(char.IsAsciiLetter)).ToArray();
        var legal = parts.Except(method).ToArray();
        return (legal.Length > 0 ? string.Join("；", legal) : null, method.Length > 0 ? string.Join("；", method) : null);
    }

    public static string RuleName(string code) =>
        RuleCatalog.ByCode(code)?.NameZh ?? code switch
        {
            // A score component of bidders.csv, not a rule of its own: membership of a high-risk group.
            "net.group_member" => "属于高风险投标人团体",
            _ => code,
        };

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

    /// <summary>
    /// Chinese labels of the engine's evidence keys, with the statistic's plain meaning where the name alone would not
    /// say it. The stored evidence and the JSON API keep the English keys (machine-readable); pages show these.
    /// </summary>
    private static readonly Dictionary<string, string> EvidenceLabels = new(StringComparer.Ordinal)
    {
        ["category"] = "规则类别",
        ["field"] = "相同的投标文件特征",
        ["fields"] = "相同的投标文件特征",
        ["value"] = "相同的值",
        ["shared_values"] = "相同的值",
        ["mac"] = "MAC地址",
        ["cpu"] = "CPU序列号",
        ["disk"] = "硬盘序列号",
        ["bids"] = "投标数",
        ["bidders"] = "投标人数",
        ["section_bids"] = "本标段有效报价数",
        ["min_bids"] = "构成规律所需的最少报价数",
        ["prices"] = "相关报价（元）",
        ["price"] = "相同的报价（元）",
        ["bid"] = "报价（元）",
        ["reference"] = "参考价（元）",
        ["reference_kind"] = "参考价类型",
        ["ratio"] = "报价与参考价之比",
        ["order_of_magnitude"] = "相差的数量级（n，报价约为参考价的10ⁿ倍）",
        ["corrected_bid"] = "按10ⁿ还原后的报价（元）",
        ["tolerance"] = "还原后报价与参考价相差的容许倍数",
        ["interleaved_bids"] = "夹在规律报价之间的其他报价数",
        ["price_lattice"] = "规律报价共同的取整单位（元）",
        ["expected_chance_chains"] = "偶然形成同等规律的期望个数：按本标段报价数、取整单位和局部报价密度估计，越小越不可能是巧合",
        ["max_expected_chance_chains"] = "预警所要求的期望个数上限",
        ["round_discount"] = "整数下浮率（相对控制价）",
        ["kind"] = "报价规律",
        ["step"] = "步长（等差为元，等比为比值）",
        ["threshold"] = "阈值",
        ["thresholds"] = "阈值",
        ["category_median"] = "同类项目投标人数中位数",
        ["days"] = "公告至投标截止的天数",
        ["mode"] = "招标方式",
        ["notice"] = "公告发出时间",
        ["open"] = "开标（投标截止）时间",
        ["checkin"] = "中标人投标递交时间",
        ["minutes_late"] = "迟于开标的分钟数",
        ["discount"] = "中标价下浮率（相对控制价）",
        ["category_p10"] = "同类项目下浮率第10百分位",
        ["control_price"] = "控制价（元）",
        ["lowest_bid"] = "最低报价（元）",
        ["winning_bid"] = "中标价（元）",
        ["disqualified"] = "被否决的投标数",
        ["bids_without_fingerprint"] = "没有投标文件特征的投标数",
        ["cv"] = "变异系数 (CV)：报价标准差与平均值之比，越小报价越集中",
        ["spread"] = "极差率 (spread)：最高与最低报价之差除以最低报价",
        ["rd"] = "相对距离 (RD)：最低两家报价之差除以其余报价的标准差，越大其余报价越聚集",
        ["bid_to_estimate"] = "最低报价与预算（控制价）之比",
        ["markers"] = "同时异常的指标",
        ["kurtosis"] = "峰度 (kurtosis)：报价分布的尖峭程度",
        ["skewness"] = "偏度 (skewness)：报价分布的不对称程度",
        ["subset_cv_mean"] = "子集变异系数均值：任取部分报价计算的变异系数的平均值",
        ["percentile"] = "比较基准",
        ["cohesion"] = "共同投标密度 (cohesion)：成员两两之间有同场投标关系的比例，0–1",
        ["exclusivity"] = "排他性 (exclusivity)：共同投标的标段中团体成员占全部投标人的平均比例，0–1",
        ["meeting_exclusivity"] = "同场排他性：成员的同场关系中发生在团体内部的比例，0–1",
        ["joint_sections"] = "共同投标的标段数",
        ["group_wins"] = "团体成员中标次数",
        ["distinct_winners"] = "轮流中标的成员数",
        ["wins_by_member"] = "各成员中标次数",
        ["max_winner_share"] = "单一成员最高中标占比",
        ["meetings"] = "同场投标次数",
        ["leader_wins"] = "主导方中标次数",
        ["cover_wins"] = "陪标方在同场标段中标次数",
        ["cover_total_wins"] = "陪标方全部中标次数",
        ["cover_total_bids"] = "陪标方全部投标次数",
        ["wins"] = "中标次数",
        ["fence"] = "投标次数的异常上限（Q3 + 1.5 × 四分位距）",
        ["q1"] = "投标次数第一四分位数 (Q1)",
        ["q3"] = "投标次数第三四分位数 (Q3)",
        ["code"] = "统一社会信用代码",
        ["sections"] = "涉及的标段（编号）",
        ["section_count"] = "涉及的标段数",
        ["bid_time"] = "投标时间",
        ["time_source"] = "投标时间依据（递交/开标/公告）",
        ["listed_from"] = "列入失信名单日期",
        ["listed_until"] = "失信惩戒截止日期（空为仍在名单中）",
        ["credit_code"] = "名单中的统一社会信用代码",
        ["reason"] = "列入原因",
    };

    /// <summary>The Chinese label of an evidence key; an unknown key is shown as it is.</summary>
    public static string EvidenceLabel(string key) => EvidenceLabels.GetValueOrDefault(key, key);

    /// <summary>Evidence as (key, Chinese label, display text) rows, in the stored order, for pages and printouts.</summary>
    public static IReadOnlyList<(string Key, string Label, string Text)> EvidenceRows(JsonElement evidence)
    {
        var rows = new List<(string, string, string)>();
        if (evidence.ValueKind != JsonValueKind.Object)
        {
            return rows;
        }

        foreach (var p in evidence.EnumerateObject())
        {
            rows.Add((p.Name, EvidenceLabel(p.Name), EvidenceText(p.Name, p.Value)));
        }

        return rows;
    }

    private static readonly HashSet<string> Percentages = new(StringComparer.Ordinal)
    {
        "discount", "round_discount", "category_p10", "max_winner_share",
    };

    /// <summary>A value in words: codes named in Chinese, shares as percentages, numbers without float noise.</summary>
    public static string EvidenceText(string key, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(key);
        switch (value.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return "—";
            case JsonValueKind.True:
                return "是";
            case JsonValueKind.False:
                return "否";
            case JsonValueKind.Number:
                var d = value.GetDouble();
                return Percentages.Contains(key)
                    ? (d * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%"
                    : d.ToString("#,##0.######", CultureInfo.InvariantCulture);
            case JsonValueKind.String:
                var s = value.GetString() ?? "";
                return key switch
                {
                    "category" => CategoryName(s),
                    "field" => Field(s)?.Label ?? s,
                    "reference_kind" => s == "control_price" ? "控制价" : s == "median" ? "本标段报价中位数" : s,
                    "kind" => s is "ratio" or "geometric" ? "等比" : s is "difference" or "arithmetic" ? "等差" : s,
                    "rd" when s == "inf" => "无穷大（其余报价完全相同）",
                    "percentile" when s == "market p10/p90" => "全市场同类标段的第10/第90百分位",
                    _ => s,
                };
            case JsonValueKind.Array:
                return string.Join("、", value.EnumerateArray().Select(x => key switch
                {
                    "fields" when x.ValueKind == JsonValueKind.String => Field(x.GetString())?.Label ?? x.GetString() ?? "",
                    "markers" when x.ValueKind == JsonValueKind.String => Marker(x.GetString() ?? ""),
                    _ => EvidenceText(key, x),
                }));
            case JsonValueKind.Object:
                return string.Join("；", value.EnumerateObject().Select(p =>
                    (EvidenceLabels.ContainsKey(p.Name) ? ShortLabel(p.Name) : p.Name) + " " + EvidenceText(p.Name, p.Value)));
            default:
                return value.GetRawText();
        }
    }

    private static string Marker(string marker) => marker switch
    {
        "subset_cv" => "子集变异系数",
        _ when EvidenceLabels.ContainsKey(marker) => ShortLabel(marker),
        _ => marker,
    };

    /// <summary>The label before its explanation ("变异系数 (CV)").</summary>
    private static string ShortLabel(string key)
    {
        var label = EvidenceLabel(key);
        var cut = label.IndexOf('：', StringComparison.Ordinal);
        return cut < 0 ? label : label[..cut];
    }

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
                return $"{N("bids")} 家投标人的报价呈{(S("kind") == "ratio" || S("kind") == "geometric" ? "等比" : "等差")}规律（步长 {N("step")}）"
                    + (Num(e, "interleaved_bids") is > 0 ? $"，其间夹有 {N("interleaved_bids")} 份其他投标人的报价" : "")
                    + (Num(e, "expected_chance_chains") is { } chance ? $"；独立报价偶然形成这种规律的期望个数仅约 {chance.ToString("0.######", CultureInfo.InvariantCulture)}" : "")
                    + "，独立报价很难出现这种规律。";
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
            case "dq.decimal_slip":
                return $"{who}的报价 {N("bid")} 元约为参考价（{(S("reference_kind") == "control_price" ? "控制价" : "本标段报价中位数")} {N("reference")} 元）的 10^{N("order_of_magnitude")} 倍，按此还原为 {N("corrected_bid")} 元即与其他报价相当，疑似小数点或单位（元/万元）错误（数据质量提示，不计入风险分，也不参与本标段的价格筛查）。";
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
