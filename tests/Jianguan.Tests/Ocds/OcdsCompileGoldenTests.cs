using System.Text;
using System.Text.Json.Nodes;
using Jianguan.Features.Trading.Import.Ocds;
using static Jianguan.Tests.Ocds.OcdsTestData;

namespace Jianguan.Tests.Ocds;

/// <summary>
/// Golden tests of the merge routine on ocdskit's real-data fixtures (tests/fixtures/realdata, BSD-3), paired as
/// ocdskit's tests/commands/test_compile.py pairs them: `compile`, `compile --versioned`, `compile --package`,
/// `compile --package --versioned`, `compile --package --linked-releases` and `--encoding iso-8859-1 compile`.
/// Each pair runs twice: through <see cref="OcdsMerger"/> directly and through the streaming reader.
/// </summary>
public sealed class OcdsCompileGoldenTests
{
    public static TheoryData<string, string> CompiledPairs => new()
    {
        { "release-package-1.json", "compiled-release-1.json" },
        { "release-package-2.json", "compiled-release-2.json" },
        { "release-package-1.json|release-package-2.json", "compiled-release-1.json|compiled-release-2.json" },
        { "release-package-1-2.json", "compiled-release-1.json|compiled-release-2.json" },
        { "release-package_split.json", "compiled-release-1.json|compiled-release-2.json" },
    };

    public static TheoryData<string, string> VersionedPairs => new()
    {
        { "release-package-1.json", "versioned-release-1.json" },
        { "release-package-2.json", "versioned-release-2.json" },
        { "release-package-1-2.json", "versioned-release-1.json|versioned-release-2.json" },
        { "release-package_split.json", "versioned-release-1.json|versioned-release-2.json" },
    };

    [SharedDataTheory]
    [MemberData(nameof(CompiledPairs))]
    public void Compile_ReleasePackages_MatchOcdskitCompiledReleases(string inputs, string outputs)
    {
        var expected = outputs.Split('|').SelectMany(Objects).ToList();
        var groups = ReleasesByOcid(inputs.Split('|'));
        Assert.Equal(expected.Count, groups.Count);
        for (var i = 0; i < groups.Count; i++)
        {
            AssertJsonEqual(expected[i], OcdsMerger.Compile(groups[i].Releases, groups[i].Version), $"{inputs} → {groups[i].Ocid}");
        }
    }

    [SharedDataTheory]
    [MemberData(nameof(VersionedPairs))]
    public void Versioned_ReleasePackages_MatchOcdskitVersionedReleases(string inputs, string outputs)
    {
        var expected = outputs.Split('|').SelectMany(Objects).ToList();
        var groups = ReleasesByOcid(inputs.Split('|'));
        Assert.Equal(expected.Count, groups.Count);
        for (var i = 0; i < groups.Count; i++)
        {
            AssertJsonEqual(expected[i], OcdsMerger.Versioned(groups[i].Releases, groups[i].Version), $"{inputs} → {groups[i].Ocid}");
        }
    }

    [SharedDataTheory]
    [InlineData("release-package-1.json", "compiled-release-1.json")]
    [InlineData("release-package-2.json", "compiled-release-2.json")]
    [InlineData("release-package-1-2.json", "compiled-release-1.json|compiled-release-2.json")]
    [InlineData("release-package_split.json", "compiled-release-1.json|compiled-release-2.json")]
    public void Read_ReleasePackages_CompilesLikeOcdskit(string input, string outputs)
    {
        var expected = outputs.Split('|').SelectMany(Objects).ToList();
        var (compiled, items) = OcdsReader.ReadCompiled(Fixture(input));
        Assert.Equal(expected.Count, compiled.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            AssertJsonEqual(expected[i], compiled[i], input);
        }

        Assert.Equal(expected.Count, items.Count(i => i.Data is not null));
    }

    [SharedDataTheory]
    [InlineData("record-package_package.json")]
    [InlineData("record-package_versioned.json")]
    [InlineData("record-package_linked-releases.json")]
    public void Compile_PackageOutputs_MatchRecordCompiledReleases(string recordPackage)
    {
        // `compile --package [--versioned | --linked-releases]` of release-package-1 and -2.
        var groups = ReleasesByOcid("release-package-1.json", "release-package-2.json");
        var records = Records(recordPackage);
        Assert.Equal(groups.Count, records.Count);
        for (var i = 0; i < groups.Count; i++)
        {
            Assert.Equal(groups[i].Ocid, records[i]["ocid"]!.GetValue<string>());
            AssertJsonEqual(records[i]["compiledRelease"], OcdsMerger.Compile(groups[i].Releases, groups[i].Version), recordPackage);
            if (records[i]["versionedRelease"] is { } versioned)
            {
                AssertJsonEqual(versioned, OcdsMerger.Versioned(groups[i].Releases, groups[i].Version), recordPackage + " versioned");
            }
        }
    }

    [SharedDataTheory]
    [InlineData("record-package_package.json")]
    [InlineData("record-package_versioned.json")]
    [InlineData("record-package_linked-releases.json")]
    [InlineData("record-package_split.json")]
    public void Read_RecordPackages_UsesTheirCompiledReleases(string recordPackage)
    {
        var records = Records(recordPackage);
        var (compiled, items) = OcdsReader.ReadCompiled(Fixture(recordPackage));
        Assert.Equal(records.Count, compiled.Count);
        for (var i = 0; i < records.Count; i++)
        {
            AssertJsonEqual(records[i]["compiledRelease"], compiled[i], recordPackage);
        }

        Assert.DoesNotContain(items, i => i.Error is not null);
    }

    [SharedDataFact]
    public void Read_Latin1PackageWithEncoding_MatchesOcdskitEncodingOutput()
    {
        // `ocdskit --encoding iso-8859-1 compile`.
        var expected = Objects("compile_encoding_encoding.json").Single();
        var (compiled, items) = OcdsReader.ReadCompiled(Fixture("release-package_encoding-iso-8859-1.json"), Encoding.Latin1);
        AssertJsonEqual(expected, compiled.Single(), "iso-8859-1");
        Assert.DoesNotContain(items, i => i.Error is not null);
    }

    [SharedDataFact]
    public void Read_Utf8TwinOfEncodingFixture_MatchesSameOutput()
    {
        var expected = Objects("compile_encoding_encoding.json").Single();
        var (compiled, _) = OcdsReader.ReadCompiled(Fixture("release-package_encoding-utf-8.json"));
        AssertJsonEqual(expected, compiled.Single(), "utf-8");
    }

    [SharedDataFact]
    public void Read_Latin1PackageWithoutEncoding_RefusesWithPosition()
    {
        var items = OcdsReader.Read(Fixture("release-package_encoding-iso-8859-1.json"), "latin1.json").ToList();
        var error = Assert.Single(items).Error;
        Assert.NotNull(error);
        Assert.Equal("latin1.json", error.File);
        Assert.Contains("UTF-8", error.Reason, StringComparison.Ordinal);
        Assert.Contains("byte offset 592", error.Reason, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
    }

    /// <summary>
    /// Records whose compiledRelease was written by the publisher (Mexico's datos.gob.mx) or by `ocdskit upgrade`
    /// rather than by `ocdskit compile`: the same content, except that the publisher keeps its release id and date
    /// and empty objects, and the upgrade keeps nulls. Both sides are compared without those, which carry no information.
    /// </summary>
    [SharedDataTheory]
    [InlineData("record-package-1-2.json")]
    [InlineData("record-package_record-package.json")]
    [InlineData("record-package_package_1.1.json")]
    public void Compile_EmbeddedReleasesOfRecords_MatchTheirCompiledRelease(string file)
    {
        foreach (var record in Records(file))
        {
            var releases = record["releases"]!.AsArray().Cast<JsonObject>().Select(r => (JsonObject)r.DeepClone()).ToList();
            var expected = WithoutNulls(record["compiledRelease"]!.AsObject());
            var actual = WithoutNulls(OcdsMerger.Compile(releases, "1.1"));
            foreach (var name in new[] { "id", "date" })
            {
                expected.Remove(name);
                actual.Remove(name);
            }

            AssertJsonEqual(expected, actual, $"{file} {record["ocid"]}");
        }
    }

    private static JsonObject WithoutNulls(JsonObject source)
    {
        var copy = (JsonObject)source.DeepClone();
        Strip(copy);
        return copy;

        static void Strip(JsonNode? node)
        {
            if (node is JsonObject obj)
            {
                foreach (var (_, value) in obj)
                {
                    Strip(value);
                }

                foreach (var key in obj.Where(p => p.Value is null or JsonObject { Count: 0 }).Select(p => p.Key).ToList())
                {
                    obj.Remove(key);
                }
            }
            else if (node is JsonArray array)
            {
                foreach (var item in array)
                {
                    Strip(item);
                }
            }
        }
    }
}
