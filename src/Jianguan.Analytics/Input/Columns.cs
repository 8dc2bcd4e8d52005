using Jianguan.Analytics.Data;

namespace Jianguan.Analytics.Input;

/// <summary>What a CSV column means to the engine, whatever its header says.</summary>
public enum Column
{
    Unknown = -1,
    Tender,
    Project,
    Bidder,
    BidderCode,
    Bid,
    WinnerFlag,
    WinnerName,
    AwardAmount,
    OpenDate,
    NoticeDate,
    Checkin,
    Estimate,
    Control,
    Status,
    Category,
    Mode,
    FileCode,
    MachineCode,
    Dongle,
    Mac,
    Cpu,
    Disk,
    Ip,
    ContactPhone,
    ProjectManager,
    PmCertificate,
    DocHash,
    DepositAccount,
    LegalRep,
}

/// <summary>The engine's reading of a header, through the shared vocabulary (<see cref="FieldCatalog"/>).</summary>
public static class Columns
{
    public static Column Of(string header) => FieldCatalog.FindEngineHeader(header)?.Column ?? Column.Unknown;

    public static FingerprintKind? Kind(Column c) => c switch
    {
        Column.FileCode => FingerprintKind.FileCode,
        Column.MachineCode => FingerprintKind.MachineCode,
        Column.Dongle => FingerprintKind.Dongle,
        Column.Mac => FingerprintKind.Mac,
        Column.Cpu => FingerprintKind.Cpu,
        Column.Disk => FingerprintKind.Disk,
        Column.Ip => FingerprintKind.Ip,
        Column.ContactPhone => FingerprintKind.ContactPhone,
        Column.ProjectManager => FingerprintKind.ProjectManager,
        Column.PmCertificate => FingerprintKind.PmCertificate,
        Column.DocHash => FingerprintKind.DocHash,
        Column.DepositAccount => FingerprintKind.DepositAccount,
        Column.LegalRep => FingerprintKind.LegalRep,
        _ => null,
    };
}
