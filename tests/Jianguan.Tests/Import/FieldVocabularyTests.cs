using Jianguan.Analytics.Input;
using Jianguan.Features.Trading.Import;

namespace Jianguan.Tests.Import;

/// <summary>
/// The importer and the engine's CSV loader read headers through one catalogue; these tests hold the two readings
/// together, so that a header names the same field to both or the catalogue says why not.
/// </summary>
public class FieldVocabularyTests
{
    /// <summary>Headers that both readers accept but read as different fields, each explained in the catalogue.</summary>
    private static readonly Dictionary<string, (string Importer, string Engine)> RecordedDifferences = new(StringComparer.Ordinal)
    {
        ["tender"] = (TradingFields.ProjectCode, TradingFields.SectionCode),
        ["tender_id"] = (TradingFields.ProjectCode, TradingFields.SectionCode),
        ["pm_id"] = (TradingFields.PmCertificates, TradingFields.BidManager),
    };

    private static FieldDef? Importer(string header) =>
        FieldCatalog.FindHeader(FieldCatalog.NormaliseHeader(header, out _))?.Field;

    private static FieldDef? Engine(string header)
    {
        var field = FieldCatalog.FindEngineHeader(header);
        Assert.Equal(field?.Column ?? Column.Unknown, Columns.Of(header));
        return field;
    }

    [Fact]
    public void EveryHeader_BothReaders_SameFieldOrRecordedDifference()
    {
        var differences = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var field in FieldCatalog.All)
        {
            foreach (var alias in field.Aliases)
            {
                var header = alias.Header;
                var importer = Importer(header);
                var engine = Engine(header);
                Assert.Equal(importer is null ? 0 : 1, TableMapper.Recognised([header], mapping: null));

                if (alias.ReadByImporter)
                {
                    Assert.True(importer == field, $"importer reads '{header}' as {importer?.Code}, the catalogue says {field.Code}");
                }
                else
                {
                    Assert.True(importer != field, $"'{header}' is marked engine-only but the importer reads it as {field.Code}");
                }

                if (alias.ReadByEngine && field.Column != Column.Unknown)
                {
                    Assert.True(engine == field, $"engine reads '{header}' as {engine?.Code}, the catalogue says {field.Code}");
                }
                else
                {
                    Assert.True(engine is null || engine.Column != field.Column,
                        $"'{header}' is marked importer-only but the engine reads it as {field.Code}'s column {field.Column}");
                }

                if (importer is not null && engine is not null && importer.Column != engine.Column)
                {
                    differences[header] = (importer.Code, engine.Code);
                }
            }
        }

        Assert.Equal(RecordedDifferences.OrderBy(d => d.Key, StringComparer.Ordinal),
            differences.OrderBy(d => d.Key, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("BID_PRICE", TradingFields.BidPrice)]
    [InlineData("\uFEFFBID_PRICE", TradingFields.BidPrice)]
    [InlineData(" 投标报价 ", TradingFields.BidPrice)]
    [InlineData("投标报价(元)", TradingFields.BidPrice)]
    [InlineData("投标报价（元）", TradingFields.BidPrice)]
    [InlineData("标段(包)编号", TradingFields.SectionCode)]
    [InlineData("标段（包）编号", TradingFields.SectionCode)]
    [InlineData("统一社会信用代码", TradingFields.CreditCode)]
    [InlineData("预算金额", TradingFields.Budget)]
    [InlineData("工程分类", TradingFields.EngineeringClass)]
    [InlineData("开标时间", TradingFields.BidOpenTime)]
    [InlineData("上传IP", TradingFields.UploadIp)]
    public void DecoratedHeader_BothReaders_SameField(string header, string code)
    {
        Assert.Equal(code, Importer(header)?.Code);
        Assert.Equal(code, Engine(header)?.Code);
    }

    [Fact]
    public void TenThousandYuan_ImporterScales_EngineDeclines()
    {
        Assert.Equal(TradingFields.BidPrice, FieldCatalog.FindHeader(FieldCatalog.NormaliseHeader("投标报价（万元）", out var scale))?.Field.Code);
        Assert.Equal(10_000m, scale);

        // The engine's loader reads numbers as they stand, so it leaves such a file to the importer's readers.
        Assert.True(FieldCatalog.NamesTenThousandYuan("投标报价（万元）"));
        Assert.False(FieldCatalog.NamesTenThousandYuan("投标报价（元）"));
    }

    [Fact]
    public void EngineColumns_EachFedByACatalogueField()
    {
        var fed = FieldCatalog.All.Select(f => f.Column).ToHashSet();
        Assert.All(Enum.GetValues<Column>().Where(c => c != Column.Unknown), c => Assert.Contains(c, fed));
        Assert.All(FieldCatalog.All, f => Assert.NotEmpty(f.ImporterHeaders));
    }
}
