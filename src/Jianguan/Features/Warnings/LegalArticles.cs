using System.Text.RegularExpressions;

namespace Jianguan.Features.Warnings;

/// <summary>One cited article (or item of an article) with its text, as the alert page prints it under 法律依据.</summary>
public sealed record LegalArticle(string Citation, string Text);

/// <summary>
/// The text of the articles the rules cite (招标投标法 and its implementing regulation), so that a supervisor reads
/// the law next to the finding instead of looking it up. A citation naming an item (第（四）项) shows the article's
/// opening words and that item; long articles are quoted in part and say so.
/// </summary>
public static partial class LegalArticles
{
    private const string Law = "《招标投标法》";
    private const string Regulation = "《招标投标法实施条例》";

    private sealed record Article(string Lead, string[] Items, string? Tail = null, bool Excerpt = false);

    private static readonly Dictionary<(string Law, string Article), Article> Texts = new()
    {
        [(Law, "第二十四条")] = new("招标人应当确定投标人编制投标文件所需要的合理时间；但是，依法必须进行招标的项目，自招标文件开始发出之日起至投标人提交投标文件截止之日止，最短不得少于二十日。", []),
        [(Law, "第二十八条")] = new("投标人应当在招标文件要求提交投标文件的截止时间前，将投标文件送达投标地点。招标人收到投标文件后，应当签收保存，不得开启。投标人少于三个的，招标人应当依照本法重新招标。在招标文件要求提交投标文件的截止时间后送达的投标文件，招标人应当拒收。", []),
        [(Law, "第三十三条")] = new("投标人不得以低于成本的报价竞标，也不得以他人名义投标或者以其他方式弄虚作假，骗取中标。", []),
        [(Regulation, "第三十四条")] = new("与招标人存在利害关系可能影响招标公正性的法人、其他组织或者个人，不得参加投标。单位负责人为同一人或者存在控股、管理关系的不同单位，不得参加同一标段投标或者未划分标段的同一招标项目投标。违反前两款规定的，相关投标均无效。", []),
        [(Regulation, "第三十九条")] = new("禁止投标人相互串通投标。有下列情形之一的，属于投标人相互串通投标：",
        [
            "投标人之间协商投标报价等投标文件的实质性内容；",
            "投标人之间约定中标人；",
            "投标人之间约定部分投标人放弃投标或者中标；",
            "属于同一集团、协会、商会等组织成员的投标人按照该组织要求协同投标；",
            "投标人之间为谋取中标或者排斥特定投标人而采取的其他联合行动。",
        ]),
        [(Regulation, "第四十条")] = new("有下列情形之一的，视为投标人相互串通投标：",
        [
            "不同投标人的投标文件由同一单位或者个人编制；",
            "不同投标人委托同一单位或者个人办理投标事宜；",
            "不同投标人的投标文件载明的项目管理成员为同一人；",
            "不同投标人的投标文件异常一致或者投标报价呈规律性差异；",
            "不同投标人的投标文件相互混装；",
            "不同投标人的投标保证金从同一单位或者个人的账户转出。",
        ]),
        [(Regulation, "第四十一条")] = new("禁止招标人与投标人串通投标。有下列情形之一的，属于招标人与投标人串通投标：",
        [
            "招标人在开标前开启投标文件并将有关信息泄露给其他投标人；",
            "招标人直接或者间接向投标人泄露标底、评标委员会成员等信息；",
            "招标人明示或者暗示投标人压低或者抬高投标报价；",
            "招标人授意投标人撤换、修改投标文件；",
            "招标人明示或者暗示投标人为特定投标人中标提供方便；",
            "招标人与投标人为谋求特定投标人中标而采取的其他串通行为。",
        ]),
        [(Regulation, "第五十一条")] = new("有下列情形之一的，评标委员会应当否决其投标：",
        [
            "投标文件未经投标单位盖章和单位负责人签字；",
            "投标联合体没有提交共同投标协议；",
            "投标人不符合国家或者招标文件规定的资格条件；",
            "同一投标人提交两个以上不同的投标文件或者投标报价，但招标文件要求提交备选投标的除外；",
            "投标报价低于成本或者高于招标文件设定的最高投标限价；",
            "投标文件没有对招标文件的实质性要求和条件作出响应；",
            "投标人有串通投标、弄虚作假、行贿等违法行为。",
        ]),
        [(Regulation, "第六十七条")] = new("投标人相互串通投标或者与招标人串通投标的，投标人向招标人或者评标委员会成员行贿谋取中标的，中标无效；构成犯罪的，依法追究刑事责任；尚不构成犯罪的，依照招标投标法第五十三条的规定处罚。", [],
            "情节严重的，由有关行政监督部门取消其1年至2年内参加依法必须进行招标的项目的投标资格。", Excerpt: true),
        [(Regulation, "第六十八条")] = new("投标人以他人名义投标或者以其他方式弄虚作假骗取中标的，中标无效；构成犯罪的，依法追究刑事责任；尚不构成犯罪的，依照招标投标法第五十四条的规定处罚。", [],
            "情节严重的，由有关行政监督部门取消其1年至3年内参加依法必须进行招标的项目的投标资格。", Excerpt: true),
    };

    private static readonly string[] Numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

    /// <summary>
    /// The articles named in a rule's legal basis, in the order cited. A part without a law's name refers to the
    /// law named before it (《条例》第四十条；第三十九条). Articles whose text is not held are left out.
    /// </summary>
    public static IReadOnlyList<LegalArticle> Cited(string? legalBasis)
    {
        var found = new List<LegalArticle>();
        if (string.IsNullOrWhiteSpace(legalBasis))
        {
            return found;
        }

        string? law = null;
        foreach (var part in legalBasis.Split('；', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (LawName().Match(part) is { Success: true } named)
            {
                law = named.Value;
            }

            if (law is null)
            {
                continue;
            }

            foreach (Match m in ArticleRef().Matches(part))
            {
                var article = m.Groups["article"].Value;
                if (!Texts.TryGetValue((law, article), out var text))
                {
                    continue;
                }

                var item = m.Groups["item"].Success ? Array.IndexOf(Numerals, m.Groups["item"].Value) : -1;
                var citation = law + article + (item >= 0 ? $"第（{Numerals[item]}）项" : "");
                if (found.Any(f => f.Citation == citation))
                {
                    continue;
                }

                found.Add(new LegalArticle(citation, Render(text, item)));
            }
        }

        return found;
    }

    private static string Render(Article a, int item)
    {
        if (item >= 0 && item < a.Items.Length)
        {
            return $"{a.Lead}……（{Numerals[item]}）{a.Items[item]}";
        }

        var items = string.Concat(a.Items.Select((t, i) => $"（{Numerals[i]}）{t}"));
        var text = a.Lead + items + (a.Tail is null ? "" : (a.Excerpt ? "……" : "") + a.Tail);
        return a.Excerpt ? text + "（节选）" : text;
    }

    [GeneratedRegex("《[^》]+》")]
    private static partial Regex LawName();

    [GeneratedRegex("(?<article>第[一二三四五六七八九十百]+条)(?:第（(?<item>[一二三四五六七八九十])）项)?")]
    private static partial Regex ArticleRef();
}
