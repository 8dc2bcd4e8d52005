using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Jianguan.Features.Trading.Import.Ocds;
using Xunit.Abstractions;

namespace Jianguan.Tests.Ocds;

/// <summary>Every real OCDS file in ../shared/data reads without an exception, and yields fragments when it has data.</summary>
public sealed partial class OcdsSampleTests(ITestOutputHelper output)
{
    [GeneratedRegex("\"tender\"\\s*:\\s*\\{")]
    private static partial Regex TenderObject();

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        if (SharedData.Root is null)
        {
            data.Add("(absent)");
            return data;
        }

        var root = SharedData.Path("ocds");
        foreach (var folder in new[] { "samples", "compile-fixtures" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(root, file));
            }
        }

        return data;
    }

    [SharedDataTheory]
    [MemberData(nameof(Files))]
    public void Read_RealFile_NoExceptionAndFragmentsWhenItHasTenders(string relative)
    {
        var path = SharedData.Path("ocds", relative);
        Assert.True(OcdsReader.CanRead(path), "CanRead");
        var items = OcdsReader.Read(path, relative).ToList();
        var projects = items.Where(i => i.Data is not null).Select(i => i.Data!).ToList();
        var text = File.ReadAllText(path, Encoding.Latin1);
        if (TenderObject().IsMatch(text) && !relative.Contains("iso-8859-1", StringComparison.Ordinal))
        {
            Assert.NotEmpty(projects);
            Assert.Contains(projects, p => p.Sections.Count > 0);
        }

        foreach (var item in items)
        {
            Assert.True(item.Data is not null ^ item.Error is not null);
            if (item.Error is { } error)
            {
                Assert.Equal(relative, error.File);
                Assert.Contains(" / ", error.Reason, StringComparison.Ordinal);
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{relative}: {projects.Count} projects, {projects.Sum(p => p.Sections.Count)} sections, {projects.Sum(p => p.Sections.Sum(s => s.Bids.Count))} bids, {items.Count(i => i.Error is not null)} errors"));
        foreach (var error in items.Where(i => i.Error is not null).Take(5))
        {
            output.WriteLine($"  line {error.Line}: {error.Error!.Field}: {error.Error.Reason}");
        }
    }

    [SharedDataFact]
    public void Read_ArmeniaFullReleases_YieldsEveryRelease()
    {
        var folder = SharedData.Path("ocds", "samples", "armenia", "sample", "releases_full");
        var projects = 0;
        var bids = 0;
        var awarded = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.json"))
        {
            foreach (var item in OcdsReader.Read(file, Path.GetFileName(file)))
            {
                Assert.Null(item.Error);
                projects++;
                bids += item.Data!.Sections.Sum(s => s.Bids.Count);
                awarded += item.Data.Sections.Count(s => s.Winner is not null);
            }
        }

        Assert.Equal(900, projects);
        Assert.Equal(1468, bids);
        Assert.True(awarded > 300, $"{awarded} awarded sections");
    }
}

/// <summary>
/// ocdskit's upgrade fixtures hold the same data in OCDS 1.0 (inline organisations, no parties) and 1.1 (parties
/// referenced by id): the reader must map both to the same fragments.
/// </summary>
public sealed class OcdsVersionEquivalenceTests
{
    [SharedDataTheory]
    [InlineData("release-package_1.0-1.json", "release-package_1.1-1.json")]
    [InlineData("release-package_1.0-2.json", "release-package_1.1-2.json")]
    [InlineData("record-package_1.0.json", "record-package_1.1.json")]
    [InlineData("record-package_package.json", "record-package_package_1.1.json")]
    public void Read_SameDataIn10And11_SameFragments(string version10, string version11)
    {
        var options = new System.Text.Json.JsonSerializerOptions { WriteIndented = true };
        string Snapshot(string file) => System.Text.Json.JsonSerializer.Serialize(
            OcdsReader.Read(SharedData.Path("ocds", "compile-fixtures", file), "f").ToList(), options);

        var old = Snapshot(version10);
        Assert.Contains("\"Data\"", old, StringComparison.Ordinal);
        Assert.Equal(old, Snapshot(version11));
    }
}
