using Microsoft.AspNetCore.Identity;

namespace Jianguan.Data;

/// <summary>Kinds of member unit in the Haikou mechanism.</summary>
public enum OrgKind
{
    Lead,          // 牵头 (公管办)
    Industry,      // 行业监督
    Justice,       // 司法
    TradingCenter, // 交易中心
    Enforcement,   // 执法
    Discipline,    // 纪检监察
    Audit,         // 审计
    Police,        // 公安
    Government,    // 政府
}

public sealed class Organisation
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public OrgKind Kind { get; set; }

    /// <summary>Trading categories or industries the unit supervises, '|'-joined.</summary>
    public string? Sectors { get; set; }
}

public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public int? OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    public bool MustChangePassword { get; set; }

    /// <summary>Disabled by the system administrator: cannot sign in, open sessions end at the next stamp check.</summary>
    public bool Disabled { get; set; }
}

/// <summary>A holiday-cn year file loaded by an administrator; overrides the embedded data for that year.</summary>
public sealed class HolidayYear
{
    public int Year { get; set; }
    public required string Json { get; set; }
    public DateTimeOffset LoadedAt { get; set; }
}
