using System.Text;

namespace Jianguan.Features.Demo;

/// <summary>Categories of the synthetic market, written as TENDER_PROJECT_TYPE.</summary>
internal enum DemoCategory
{
    Works,       // 施工
    Supervision, // 监理
    Design,      // 勘察设计
    Goods,       // 货物
    Services,    // 服务
}

/// <summary>What a collusive section shows; the names are written to truth.csv.</summary>
[Flags]
internal enum Mechanism
{
    None = 0,
    SharedIp = 1 << 0,
    SharedMac = 1 << 1,
    SharedFileCode = 1 << 2,
    SharedMachineCode = 1 << 3,
    SharedDongle = 1 << 4,
    SameDeposit = 1 << 5,
    SamePm = 1 << 6,
    SameContact = 1 << 7,
    PriceSteps = 1 << 8,
    IdenticalPrice = 1 << 9,
    CoverBidding = 1 << 10,
    Rotation = 1 << 11,
}

internal static class Mechanisms
{
    /// <summary>The fingerprint mechanisms (条例 art. 40 items 1–3 and 6), in the order written to truth.csv.</summary>
    public static readonly Mechanism[] Fingerprints =
    [
        Mechanism.SharedIp, Mechanism.SharedMac, Mechanism.SharedFileCode, Mechanism.SharedMachineCode,
        Mechanism.SharedDongle, Mechanism.SameDeposit, Mechanism.SamePm, Mechanism.SameContact,
    ];

    private static readonly (Mechanism Flag, string Name)[] Names =
    [
        (Mechanism.SharedIp, "shared_ip"), (Mechanism.SharedMac, "shared_mac"), (Mechanism.SharedFileCode, "shared_file_code"),
        (Mechanism.SharedMachineCode, "shared_machine_code"), (Mechanism.SharedDongle, "shared_dongle"),
        (Mechanism.SameDeposit, "same_deposit"), (Mechanism.SamePm, "same_pm"), (Mechanism.SameContact, "same_contact"),
        (Mechanism.PriceSteps, "price_steps"), (Mechanism.IdenticalPrice, "identical_price"),
        (Mechanism.CoverBidding, "cover_bidding"), (Mechanism.Rotation, "rotation"),
    ];

    private static readonly Dictionary<Mechanism, byte[]> Utf8Cache = [];

    public static string Format(Mechanism set) =>
        string.Join('|', Names.Where(n => (set & n.Flag) != 0).Select(n => n.Name));

    /// <summary>The '|'-joined names as UTF-8, cached: a market uses only a few hundred distinct sets.</summary>
    public static byte[] FormatUtf8(Mechanism set)
    {
        lock (Utf8Cache)
        {
            if (!Utf8Cache.TryGetValue(set, out var bytes))
            {
                bytes = Encoding.UTF8.GetBytes(Format(set));
                Utf8Cache[set] = bytes;
            }

            return bytes;
        }
    }
}

/// <summary>A text value with its CSV form (UTF-8, RFC 4180 quoting) computed once.</summary>
internal sealed class Txt
{
    public Txt(string value)
    {
        Value = value;
        var needsQuotes = value.AsSpan().IndexOfAny(",\"\r\n") >= 0;
        Csv = Encoding.UTF8.GetBytes(needsQuotes ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value);
    }

    public string Value { get; }

    public byte[] Csv { get; }

    public override string ToString() => Value;
}

internal sealed class Firm
{
    public int Index;
    public required Txt Name;
    public required Txt Code;
    public bool CodeValid;
    public DemoCategory Category;
    public required Txt LegalRep;
    public required int[] Ips;
    public required int[] Computers;
    public required int[] Dongles;
    public required int[] Pms;
    public int Account;
    public int Contact;
    public int Ring = -1;
}

internal sealed class Computer
{
    public required Txt Mac;
    public required Txt Cpu;
    public required Txt Disk;
    public required Txt MachineCode;
}

internal sealed class Person
{
    public required Txt Name;

    /// <summary>Certificate (project managers) or telephone (contacts).</summary>
    public required Txt Detail;
}

internal sealed class Body
{
    public required Txt Name;
    public required Txt Code;
    public int District = -1;
}

internal sealed class Ring
{
    public int Index;
    public required Txt Id;
    public DemoCategory Category;
    public required int[] Members;
    public bool Rotates;
    public int Boss;
    public int Turn;

    /// <summary>Fingerprints this ring tends to leave, and how often; none for a careful ring.</summary>
    public Mechanism Leaks;
    public double LeakChance;

    /// <summary>Cumulative weights of the cover styles: plain cover, regular steps, identical prices.</summary>
    public required double[] PriceStyles;
}

internal struct BidDraft
{
    public int Firm;
    public long Price; // cents
    public DateTime Checkin;
    public byte Status; // 0 valid, 1 disqualified, 2 withdrawn
    public bool Winner;
    public int Ip;
    public int Hardware;
    public int MachineCode;
    public int Dongle;
    public int Account;
    public int Pm;
    public int Contact;
    public ulong FileKey;
    public ulong DocKey;
}

internal sealed class SectionDraft
{
    public int Ordinal;
    public long Control; // cents
    public long Estimate; // cents
    public DateTime NoticeAt;
    public DateTime OpenAt;
    public DateTime AwardAt;
    public int BidCount;
    public BidDraft[] Bids = new BidDraft[32];
    public int Winner;
    public int Ring = -1;
    public Mechanism Mechanisms;
}

internal sealed class ProjectDraft
{
    public long Index;
    public DemoCategory Category;
    public int Subtype;
    public int District;
    public int Tenderer;
    public int Agency;
    public int Supervisor;
    public int Mode;
    public DateTime CreatedAt;
    public readonly Txt[] NameParts = new Txt[8];
    public int NamePartCount;
    public int SectionCount;
    public readonly SectionDraft[] Sections = [new(), new(), new(), new()];
}
