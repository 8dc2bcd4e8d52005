using System.Text.Json.Nodes;
using Jianguan.Features.Trading.Import.Ocds;
using static Jianguan.Tests.Ocds.OcdsTestData;

namespace Jianguan.Tests.Ocds;

public sealed class OcdsMergerTests
{
    private static JsonObject Release(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void Compile_ReleasesOutOfOrder_LatestDateWins()
    {
        var later = Release("""{"ocid":"o","id":"2","date":"2020-02-01T00:00:00Z","tag":["tenderUpdate"],"tender":{"title":"new"}}""");
        var earlier = Release("""{"ocid":"o","id":"1","date":"2020-01-01T00:00:00Z","tag":["tender"],"tender":{"title":"old","status":"active"}}""");

        var compiled = OcdsMerger.Compile([later, earlier], "1.1");

        AssertJsonEqual(JsonNode.Parse("""
            {"tag":["compiled"],"id":"o-2020-02-01T00:00:00Z","date":"2020-02-01T00:00:00Z","ocid":"o",
             "tender":{"title":"new","status":"active"}}
            """), compiled, "compiled");
    }

    [Fact]
    public void Compile_DatesWithDifferentOffsets_OrdersByInstant()
    {
        // As text "2020-01-01T09:00:00+08:00" sorts after "2020-01-01T02:00:00Z", but it is an hour earlier.
        var first = Release("""{"ocid":"o","id":"1","date":"2020-01-01T09:00:00+08:00","tender":{"title":"first"}}""");
        var second = Release("""{"ocid":"o","id":"2","date":"2020-01-01T02:00:00Z","tender":{"title":"second"}}""");

        Assert.Equal("second", OcdsMerger.Compile([second, first], "1.1")["tender"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public void Compile_NullInLaterRelease_RemovesField()
    {
        var compiled = OcdsMerger.Compile(
        [
            Release("""{"ocid":"o","id":"1","date":"2020-01-01T00:00:00Z","tender":{"id":"t","procurementMethod":"open"}}"""),
            Release("""{"ocid":"o","id":"2","date":"2020-01-02T00:00:00Z","tender":{"id":"t","procurementMethod":null}}"""),
        ], "1.1");

        Assert.False(compiled["tender"]!.AsObject().ContainsKey("procurementMethod"));
        Assert.Equal("t", compiled["tender"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public void Compile_NullOverObject_RemovesTheObject()
    {
        var compiled = OcdsMerger.Compile(
        [
            Release("""{"ocid":"o","id":"1","date":"2020-01-01T00:00:00Z","tender":{"value":{"amount":5,"currency":"CNY"}}}"""),
            Release("""{"ocid":"o","id":"2","date":"2020-01-02T00:00:00Z","tender":{"value":null}}"""),
        ], "1.1");

        Assert.False(compiled["tender"]!.AsObject().ContainsKey("value"));
    }

    [Fact]
    public void Compile_EmptyObjectInLaterRelease_ChangesNothing()
    {
        var compiled = OcdsMerger.Compile(
        [
            Release("""{"ocid":"o","id":"1","date":"2020-01-01T00:00:00Z","planning":{"rationale":"reason"}}"""),
            Release("""{"ocid":"o","id":"2","date":"2020-01-02T00:00:00Z","planning":{}}"""),
        ], "1.1");

        Assert.Equal("reason", compiled["planning"]!["rationale"]!.GetValue<string>());
    }

    [Fact]
    public void Compile_AwardsWithSameId_MergedFieldByField()
    {
        var compiled = OcdsMerger.Compile(
        [
            Release("""{"ocid":"o","id":"1","date":"2020-01-01T00:00:00Z","awards":[{"id":"a1","status":"pending","value":{"amount":10}},{"id":"a2","status":"active"}]}"""),
            Release("""{"ocid":"o","id":"2","date":"2020-01-02T00:00:00Z","awards":[{"id":"a1","status":"active"},{"id":"a3","status":"active"}]}"""),
        ], "1.1");

        AssertJsonEqual(JsonNode.Parse("""
            [{"id":"a1","status":"active","value":{"amount":10}},{"id":"a2","status":"active"},{"id":"a3","status":"active"}]
            """), compiled["awards"], "awards");
    }

    [Fact]
    public void Compile_ArrayOfStrings_ReplacedWhole()
    {
        var compiled = OcdsMerger.Compile(
        [
            Release("""{"ocid":"o","id":"1","date":"2020-01-01T00:00:00Z","tender":{"submissionMethod":["written","inPerson"]}}"""),
            Release("""{"ocid":"o","id":"2","date":"2020-01-02T00:00:00Z","tender":{"submissionMethod":["electronicSubmission"]}}"""),
        ], "1.1");

        AssertJsonEqual(JsonNode.Parse("""["electronicSubmission"]"""), compiled["tender"]!["submissionMethod"], "submissionMethod");
    }

    [Fact]
    public void Compile_WholeListMergeInSchema_ReplacesArrayOfObjects()
    {
        // Item.additionalClassifications is `wholeListMerge` in the 1.1 schema although Classification has an id.
        var compiled = OcdsMerger.Compile(
        [
            Release("""{"ocid":"o","id":"1","date":"2020-01-01T00:00:00Z","tender":{"items":[{"id":"i","additionalClassifications":[{"scheme":"CPV","id":"1"},{"scheme":"CPV","id":"2"}]}]}}"""),
            Release("""{"ocid":"o","id":"2","date":"2020-01-02T00:00:00Z","tender":{"items":[{"id":"i","additionalClassifications":[{"scheme":"CPV","id":"3"}]}]}}"""),
        ], "1.1");

        AssertJsonEqual(JsonNode.Parse("""[{"scheme":"CPV","id":"3"}]"""), compiled["tender"]!["items"]![0]!["additionalClassifications"], "classifications");
    }

    [Fact]
    public void Compile_ObjectsWithoutId_AreAppended()
    {
        var compiled = OcdsMerger.Compile(
        [
            Release("""{"ocid":"o","id":"1","date":"2020-01-01T00:00:00Z","notes":[{"text":"a"}]}"""),
            Release("""{"ocid":"o","id":"2","date":"2020-01-02T00:00:00Z","notes":[{"text":"b"}]}"""),
        ], "1.1");

        Assert.Equal(2, compiled["notes"]!.AsArray().Count);
    }

    [Fact]
    public void Compile_Version10AndVersion11_DifferOnTenderers()
    {
        JsonObject[] releases =
        [
            Release("""{"ocid":"o","id":"1","date":"2020-01-01T00:00:00Z","tender":{"tenderers":[{"id":"A","name":"A"},{"id":"B","name":"B"}]}}"""),
            Release("""{"ocid":"o","id":"2","date":"2020-01-02T00:00:00Z","tender":{"tenderers":[{"id":"C","name":"C"}]}}"""),
        ];

        // 1.0: organisations have no identifier merge, the latest list wins; 1.1: merged by id.
        Assert.Single(OcdsMerger.Compile(releases, "1.0")["tender"]!["tenderers"]!.AsArray());
        Assert.Equal(3, OcdsMerger.Compile(releases, "1.1")["tender"]!["tenderers"]!.AsArray().Count);
    }

    [Fact]
    public void Compile_BidDetailsOfBidsExtension_MergedById()
    {
        var compiled = OcdsMerger.Compile(
        [
            Release("""{"ocid":"o","id":"1","date":"2020-01-01T00:00:00Z","parties":[],"bids":{"details":[{"id":"b1","status":"pending","value":{"amount":100}}]}}"""),
            Release("""{"ocid":"o","id":"2","date":"2020-01-02T00:00:00Z","parties":[],"bids":{"details":[{"id":"b1","status":"valid"},{"id":"b2","status":"disqualified"}]}}"""),
        ]);

        AssertJsonEqual(JsonNode.Parse("""
            [{"id":"b1","status":"valid","value":{"amount":100}},{"id":"b2","status":"disqualified"}]
            """), compiled["bids"]!["details"], "bids");
    }

    [Fact]
    public void Versioned_ChangesOnly_OneEntryPerChange()
    {
        var versioned = OcdsMerger.Versioned(
        [
            Release("""{"ocid":"o","id":"1","date":"2020-01-01T00:00:00Z","tag":["tender"],"tender":{"title":"x","status":"active"},"awards":[{"id":"a","status":"pending"}]}"""),
            Release("""{"ocid":"o","id":"2","date":"2020-01-02T00:00:00Z","tag":["award"],"tender":{"title":"x","status":null},"awards":[{"id":"a","status":"active"}]}"""),
        ], "1.1");

        Assert.Equal("o", versioned["ocid"]!.GetValue<string>());
        Assert.Single(versioned["tender"]!["title"]!.AsArray());
        var status = versioned["tender"]!["status"]!.AsArray();
        Assert.Equal(2, status.Count);
        Assert.Null(status[1]!["value"]);
        Assert.Equal("2", status[1]!["releaseID"]!.GetValue<string>());
        var award = versioned["awards"]![0]!;
        Assert.Equal("a", award["id"]!.GetValue<string>());
        Assert.Equal(2, award["status"]!.AsArray().Count);
    }

    [Fact]
    public void CompiledFromVersioned_TakesTheLastValues()
    {
        var versioned = OcdsMerger.Versioned(
        [
            Release("""{"ocid":"o","id":"1","date":"2020-01-01T00:00:00Z","tender":{"title":"x","status":"planned"},"awards":[{"id":"a","status":"pending"}]}"""),
            Release("""{"ocid":"o","id":"2","date":"2020-01-02T00:00:00Z","tender":{"status":"active"},"awards":[{"id":"a","status":"active"}]}"""),
        ], "1.1");

        var compiled = OcdsMerger.CompiledFromVersioned(versioned);

        AssertJsonEqual(JsonNode.Parse("""
            {"ocid":"o","tender":{"title":"x","status":"active"},"awards":[{"id":"a","status":"active"}]}
            """), compiled, "compiled from versioned");
    }

    [Theory]
    [InlineData("id", "Omit")]
    [InlineData("tag", "Omit")]
    [InlineData("tender/items/additionalClassifications", "WholeList")]
    [InlineData("parties/roles", "WholeList")]
    [InlineData("parties/additionalIdentifiers", "WholeList")]
    [InlineData("bids/details/relatedLots", "WholeList")]
    [InlineData("bids/details/identifiers", "WholeList")]
    [InlineData("tender/tenderers", "Default")]
    [InlineData("awards", "Default")]
    public void Rules_Version11_DerivedFromEmbeddedSchemaAndBidsExtension(string path, string expected) =>
        Assert.Equal(expected, OcdsMergeRules.V11.Get(path).ToString());

    [Theory]
    [InlineData("1.0", "1.0")]
    [InlineData("1.0.3", "1.0")]
    [InlineData("1.1", "1.1")]
    [InlineData("1.1.5", "1.1")]
    [InlineData("2.0", "1.1")]
    public void Rules_VersionString_SelectsRuleSet(string version, string expected) =>
        Assert.Equal(expected, OcdsMergeRules.For(version).Version);
}
