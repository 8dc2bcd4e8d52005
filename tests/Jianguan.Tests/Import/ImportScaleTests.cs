using System.Diagnostics;
using System.Globalization;
using System.Text;
using Jianguan.Features.Trading.Import;
using Microsoft.EntityFrameworkCore;

namespace Jianguan.Tests.Import;

/// <summary>
/// The scale target: 100 000 sections with about a million bids in the TradingFields layout, well under a minute on
/// SQLite. Opt-in (JIANGUAN_SCALE_TESTS=1) because it needs half a gigabyte of disk and a quiet machine.
/// </summary>
public class ImportScaleTests
{
    public sealed class ScaleFactAttribute : FactAttribute
    {
        public ScaleFactAttribute()
        {
            if (Environment.GetEnvironmentVariable("JIANGUAN_SCALE_TESTS") != "1")
            {
                Skip = "set JIANGUAN_SCALE_TESTS=1 to run the million-bid import";
            }
        }
    }

    [ScaleFact]
    public async Task ImportAsync_100kSections1MBids_WellUnderAMinute()
    {
        await using var t = await ImportTestDb.CreateAsync();
        var files = Generate(t, sections: 100_000, bidsPerSection: 10);
        var watch = Stopwatch.StartNew();

        var summary = await t.ImportAsync(files);

        watch.Stop();
        Assert.Equal((3, 100_000, 100_000, 1_000_000, 0), (summary.Files, summary.Projects, summary.Sections, summary.Bids, summary.Rejected));
        Assert.Equal(1_000_000, await t.Db.Bids.CountAsync());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"import took {watch.Elapsed}");
    }

    /// <summary>projects.csv, sections.csv and bids.csv as `demo generate` writes them; 20 000 bidders with valid codes.</summary>
    internal static string[] Generate(ImportTestDb t, int sections, int bidsPerSection)
    {
        var random = new Random(7);
        var bidders = Enumerable.Range(0, 20_000).Select(i => ($"杭州第{i}建设工程有限公司", CreditCode(i))).ToArray();
        var projects = new StringBuilder(
            $"{TradingFields.ProjectCode},{TradingFields.ProjectName},{TradingFields.ProjectType},{TradingFields.RegionCode},{TradingFields.TendererName},{TradingFields.TendererCode},{TradingFields.TenderMode},{TradingFields.CreateTime}\n");
        var sectionRows = new StringBuilder(
            $"{TradingFields.ProjectCode},{TradingFields.SectionCode},{TradingFields.SectionName},{TradingFields.ContractReckonPrice},{TradingFields.ControlPrice},{TradingFields.BidOpenTime}\n");
        var bidsPath = t.PathOf("bids.csv");
        using (var bids = new StreamWriter(bidsPath, false, new UTF8Encoding(false)))
        {
            bids.Write($"{TradingFields.ProjectCode},{TradingFields.SectionCode},{TradingFields.BidderName},{TradingFields.BidderOrgCode},{TradingFields.BidPrice},{TradingFields.CheckinTime},{TradingFields.BidStatus},{TradingFields.UploadIp},{TradingFields.MacAddress},{TradingFields.CpuSerial},{TradingFields.DiskSerial},{TradingFields.FileMachineCode},{TradingFields.FileCreationCode},{TradingFields.DongleSerial},{TradingFields.DepositAccount},{TradingFields.BidManager},{TradingFields.PmCertificates},{TradingFields.ContactName},{TradingFields.ContactPhone},{TradingFields.LegalRepresent},{TradingFields.DocHash}\n");
            for (var i = 0; i < sections; i++)
            {
                var code = string.Create(CultureInfo.InvariantCulture, $"P{i:D7}");
                var control = random.Next(100_000, 50_000_000);
                var day = string.Create(CultureInfo.InvariantCulture, $"2024-{1 + (i % 12)}-{1 + (i % 28)}");
                projects.Append(CultureInfo.InvariantCulture, $"{code},演示项目{i}（施工）,施工项目,330100,杭州市某局{i % 300},{CreditCode(100_000 + (i % 300))},公开招标,{day} 09:00\n");
                sectionRows.Append(CultureInfo.InvariantCulture, $"{code},{code}-001,第一标段,{control},{control},{day} 09:30\n");
                var used = new HashSet<int>();
                for (var j = 0; j < bidsPerSection; j++)
                {
                    int b;
                    do
                    {
                        b = random.Next(bidders.Length);
                    }
                    while (!used.Add(b));

                    var (name, credit) = bidders[b];
                    var price = Math.Round(control * (0.8 + (random.NextDouble() * 0.2)), 2);
                    bids.Write(string.Create(CultureInfo.InvariantCulture,
                        $"{code},{code}-001,{name},{credit},{price},{day} 08:{random.Next(10, 60)},有效,10.{b % 250}.{i % 250}.{b % 200},00-1B-{b % 99:D2}-AA-{i % 99:D2}-{b % 77:D2},CPU{b:D6},DSK{b:D6},MC{b:D7},FC{i:D7}{b:D5},DG{b:D6},6222{b:D12},张{b % 500},PM{b:D8},李{b % 300},138{b:D8},王{b % 400},{random.NextInt64():x16}\n"));
                }
            }
        }

        return [t.File("projects.csv", projects.ToString()), t.File("sections.csv", sectionRows.ToString()), bidsPath];
    }

    private static string CreditCode(int i)
    {
        const string alphabet = UnifiedSocialCreditCode.Alphabet;
        int[] weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        var body = string.Create(CultureInfo.InvariantCulture, $"913301{i % 100:D2}{i:D8}0")[..17];
        var sum = body.Select((c, k) => alphabet.IndexOf(c, StringComparison.Ordinal) * weights[k]).Sum();
        var check = 31 - (sum % 31);
        return body + alphabet[check == 31 ? 0 : check];
    }
}
