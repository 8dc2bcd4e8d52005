using Jianguan.Analytics.Input;
using Jianguan.Features.Trading.Import;

namespace Jianguan.Tests.Import;

public class ImportMappingTests
{
    [Fact]
    public void Parse_ColumnsDefaultsScale_Read()
    {
        var mapping = ImportMapping.Parse("""
            {
              "columns": { "标号": "TENDER_PROJECT_CODE", "公司": "BIDDER_NAME", "报价（万元）": "BID_PRICE", "备注": "" },
              "defaults": { "TENDER_PROJECT_TYPE": "政府采购", "REGION_CODE": 460100 },
              "scale": { "报价（万元）": 10000 }
            }
            """);
        Assert.Equal("TENDER_PROJECT_CODE", mapping.Columns["标号"]);
        Assert.Equal("", mapping.Columns["备注"]);
        Assert.Equal("460100", mapping.Defaults["REGION_CODE"]);
        Assert.Single(mapping.Scale);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"columns": {"a": "NO_SUCH_FIELD"}}""")]
    [InlineData("""{"columns": ["a"]}""")]
    [InlineData("""{"defaults": {"BID_PRICE": "abc"}}""")]
    [InlineData("""{"scale": {"a": -1}}""")]
    [InlineData("""{"colums": {}}""")]
    public void Parse_BadMapping_ClearError(string json)
    {
        var e = Assert.Throws<ImportMappingException>(() => ImportMapping.Parse(json));
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}.*/ [a-z]", e.Message);
    }

    [Fact]
    public void Catalog_Aliases_EachNamesOneField()
    {
        var seen = new Dictionary<string, string>();
        foreach (var field in FieldCatalog.All)
        {
            foreach (var alias in field.ImporterHeaders)
            {
                var key = FieldCatalog.NormaliseHeader(alias, out _);
                Assert.True(seen.TryAdd(key, field.Code) || seen[key] == field.Code, $"alias '{alias}' names {seen[key]} and {field.Code}");
            }
        }
    }

    [Fact]
    public void Catalog_EveryTradingFieldsCode_Known()
    {
        foreach (var f in typeof(TradingFields).GetFields().Where(f => f.IsLiteral))
        {
            Assert.NotNull(FieldCatalog.FindCode((string)f.GetRawConstantValue()!));
        }
    }

    [Fact]
    public void Docs_MappingGuide_ListsEveryFieldCode()
    {
        var doc = FindDoc();
        if (doc is null)
        {
            return;
        }

        var text = File.ReadAllText(doc);
        foreach (var field in FieldCatalog.All)
        {
            Assert.Contains($"`{field.Code}`", text, StringComparison.Ordinal);
        }
    }

    private static string? FindDoc()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "docs", "import-mapping.md");
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
