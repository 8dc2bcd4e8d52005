namespace Jianguan.Features.Trading;

/// <summary>
/// The bid fingerprints that 条例 art. 40 treats as evidence of collusion when two bidders of one section share
/// them (same machine, same person, same account). The order is the order of the columns on the section page.
/// </summary>
public static class Fingerprints
{
    public sealed record Field(string Key, string Label, Func<Bid, string?> Read, Func<string, string> Normalise);

    public static IReadOnlyList<Field> Fields { get; } =
    [
        new("uploadIp", "上传IP", b => b.UploadIp, Plain),
        new("mac", "MAC地址", b => b.Mac, HardwareId),
        new("cpu", "CPU序列号", b => b.CpuSerial, HardwareId),
        new("disk", "硬盘序列号", b => b.DiskSerial, HardwareId),
        new("machineCode", "文件制作机器码", b => b.FileMachineCode, HardwareId),
        new("fileCode", "文件创建标识码", b => b.FileCreationCode, HardwareId),
        new("dongle", "加密锁序列号", b => b.DongleSerial, HardwareId),
        new("depositAccount", "保证金账户", b => b.DepositAccount, Digits),
        new("projectManager", "项目负责人", b => b.ProjectManager, Plain),
        new("pmCertificate", "负责人证书", b => b.PmCertificate, HardwareId),
        new("contactPerson", "联系人", b => b.ContactPerson, Plain),
        new("contactPhone", "联系电话", b => b.ContactPhone, Digits),
        new("legalRepresentative", "法定代表人", b => b.LegalRepresentative ?? b.Bidder?.LegalRepresentative, Plain),
        new("docHash", "文件哈希", b => b.DocHash, HardwareId),
    ];

    /// <summary>
    /// For each fingerprint field, the normalised values held by two or more bids of the same section, with the
    /// ids of those bids.
    /// </summary>
    public static IReadOnlyList<(Field Field, string Value, List<long> BidIds)> Shared(IEnumerable<Bid> bids)
    {
        var list = bids.ToList();
        var shared = new List<(Field, string, List<long>)>();
        foreach (var field in Fields)
        {
            var groups = list
                .Select(b => (b.Id, Raw: field.Read(b)))
                .Where(x => !string.IsNullOrWhiteSpace(x.Raw))
                .GroupBy(x => field.Normalise(x.Raw!), StringComparer.Ordinal)
                .Where(g => g.Key.Length > 0 && g.Select(x => x.Id).Distinct().Count() >= 2);
            foreach (var g in groups)
            {
                shared.Add((field, g.First().Raw!.Trim(), g.Select(x => x.Id).Distinct().Order().ToList()));
            }
        }

        return shared;
    }

    private static string Plain(string value) => string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Serials and addresses are written with varying case and separators ("00-1A-2B" vs "001a2b").</summary>
    private static string HardwareId(string value) =>
        new([.. value.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant)]);

    private static string Digits(string value)
    {
        var digits = new string([.. value.Where(char.IsAsciiDigit)]);
        return digits.Length > 0 ? digits : Plain(value);
    }
}
