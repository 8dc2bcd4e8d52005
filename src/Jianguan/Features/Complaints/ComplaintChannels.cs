using Jianguan.Platform.Documents;
using Jianguan.Platform.Time;

namespace Jianguan.Features.Complaints;

/// <summary>A channel as listed (public page, staff page, XLSX).</summary>
public sealed record ChannelRow(long Id, int DepartmentId, string Department, string Unit, string? Staff, string? TimeLimit, string? Materials,
    string? OfficeHours, string? OutOfHours, string? Phone, string? Fax, string? Email, string? Address, string? Fee, string? FeeBasis, DateTimeOffset UpdatedAt);

/// <summary>The complaint channels of the departments (投诉举报渠道): public list, staff maintenance, export.</summary>
public static class ComplaintChannels
{
    public static Task<List<ChannelRow>> ListAsync(JianguanDbContext db, int? department = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.Set<ComplaintChannel>().AsNoTracking();
        if (department is { } d)
        {
            query = query.Where(c => c.DepartmentId == d);
        }

        return query.OrderBy(c => c.DepartmentId).ThenBy(c => c.Id)
            .Select(c => new ChannelRow(c.Id, c.DepartmentId, c.Department!.Name, c.Unit, c.Staff, c.TimeLimit, c.Materials, c.OfficeHours, c.OutOfHours,
                c.Phone, c.Fax, c.Email, c.Address, c.Fee, c.FeeBasis, c.UpdatedAt))
            .ToListAsync(ct);
    }

    public static Task WriteXlsxAsync(Stream stream, IReadOnlyList<ChannelRow> rows, CancellationToken ct = default) =>
        XlsxDocument.WriteAsync(stream, "投诉举报渠道", rows,
        [
            new XlsxColumn<ChannelRow>("部门", r => r.Department, 24),
            new XlsxColumn<ChannelRow>("受理单位", r => r.Unit, 24),
            new XlsxColumn<ChannelRow>("工作人员", r => r.Staff),
            new XlsxColumn<ChannelRow>("办理时限", r => r.TimeLimit, 30),
            new XlsxColumn<ChannelRow>("所需材料", r => r.Materials, 40),
            new XlsxColumn<ChannelRow>("工作时间受理", r => r.OfficeHours, 30),
            new XlsxColumn<ChannelRow>("非工作时间受理", r => r.OutOfHours, 30),
            new XlsxColumn<ChannelRow>("电话", r => r.Phone, 16),
            new XlsxColumn<ChannelRow>("传真", r => r.Fax, 16),
            new XlsxColumn<ChannelRow>("电子邮箱", r => r.Email, 24),
            new XlsxColumn<ChannelRow>("地址", r => r.Address, 30),
            new XlsxColumn<ChannelRow>("收费", r => r.Fee),
            new XlsxColumn<ChannelRow>("收费依据", r => r.FeeBasis, 30),
            new XlsxColumn<ChannelRow>("更新时间", r => ChinaTime.FormatMinute(r.UpdatedAt), 18),
        ], ct);
}
