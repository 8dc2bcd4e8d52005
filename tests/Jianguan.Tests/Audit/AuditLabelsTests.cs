using Jianguan.Platform.Audit;

namespace Jianguan.Tests.Audit;

/// <summary>The audit page and export read in Chinese; the stored codes stay as they are.</summary>
public sealed class AuditLabelsTests
{
    [Fact]
    public void Detail_JsonObject_NamedKeysNestedValuesAndBooleans()
    {
        var text = AuditLabels.Detail("""{"status":200,"rows":3,"filter":{"user":"zhang","q":null},"forced":true,"files":["a.csv","b.csv"]}""");

        Assert.Equal("结果状态码：200；行数：3；查询条件：账户：zhang；强制：是；文件：a.csv、b.csv", text);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("plain words", "plain words")]
    [InlineData("{not json", "{not json")]
    public void Detail_NotAJsonObject_ShownAsItIs(string detail, string expected) =>
        Assert.Equal(expected, AuditLabels.Detail(detail));

    [Fact]
    public void ActionsActorsRolesAndTargets_InWords()
    {
        Assert.Equal("查阅页面或数据", AuditLabels.Action("http.get"));
        Assert.Equal("变更权限", AuditLabels.Action("permission.change"));
        Assert.Equal("some.new.action", AuditLabels.Action("some.new.action"));
        Assert.Equal("系统（自动）", AuditLabels.Actor("system"));
        Assert.Equal("主机命令行", AuditLabels.Actor("cli:root"));
        Assert.Equal("zhang", AuditLabels.Actor("zhang"));
        Assert.Equal("审计管理员、成员单位负责人", AuditLabels.Roles("audit-admin,member-leader"));
        Assert.Equal("/Trading/Sections?q=海口", AuditLabels.Target("/Trading/Sections?q=%E6%B5%B7%E5%8F%A3"));
    }

    [Fact]
    public void EveryActionTheCodeRecords_HasAName()
    {
        // Action codes are string literals passed to AuditTrail.RecordAsync across the source tree.
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Jianguan"));
        var pattern = new System.Text.RegularExpressions.Regex("""RecordAsync\([^;]*?"([a-z]+(?:\.[a-z_]+)+)"[,)]""",
            System.Text.RegularExpressions.RegexOptions.Singleline);
        var codes = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => pattern.Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

        Assert.True(codes.Count > 20, $"found only {codes.Count} action codes under {root}");
        Assert.Equal([], codes.Where(c => !AuditLabels.Actions.ContainsKey(c)).Order(StringComparer.Ordinal).ToArray());
    }
}
