using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Jianguan.Features.Complaints;

/// <summary>The intake form's fields as typed (kept on error so nothing the user typed is lost).</summary>
public sealed class ComplaintForm
{
    public string? Kind { get; set; }
    public string? Procedure { get; set; }
    public int? DepartmentId { get; set; }
    public string? Title { get; set; }
    public string? Content { get; set; }
    public string? ProjectCode { get; set; }
    public string? SectionCode { get; set; }
    public string? LinkedNumber { get; set; }
    public string? ComplainantName { get; set; }
    public string? ComplainantIdNumber { get; set; }
    public string? ComplainantPhone { get; set; }
    public string? ComplainantEmail { get; set; }
    public string? ComplainantAddress { get; set; }
    public DateOnly? ReceivedOn { get; set; }

    public const int MaxAttachments = 10;

    public ComplaintInput ToInput(int? department, IReadOnlyList<ComplaintAttachmentInfo> attachments) => new(
        ComplaintLabels.TryParse<ComplaintKind>(Kind, out var k) ? k : null,
        ComplaintLabels.TryParse<ComplaintProcedure>(Procedure, out var p) ? p : null,
        department, Title, Content, ProjectCode, SectionCode, LinkedNumber, ComplainantName, ComplainantIdNumber, ComplainantPhone,
        ComplainantEmail, ComplainantAddress, ReceivedOn, attachments);

    /// <summary>Name, size and SHA-256 of the uploaded files; their content is read once for the hash and not kept.</summary>
    public static async Task<List<ComplaintAttachmentInfo>> DescribeAsync(IEnumerable<IFormFile>? files, CancellationToken ct)
    {
        var list = new List<ComplaintAttachmentInfo>();
        foreach (var file in files ?? [])
        {
            await using var stream = file.OpenReadStream();
            var hash = await SHA256.HashDataAsync(stream, ct);
            var name = Path.GetFileName(file.FileName);
            list.Add(new ComplaintAttachmentInfo(name.Length > 255 ? name[..255] : name, file.Length, Convert.ToHexStringLower(hash)));
        }

        return list;
    }

    /// <summary>The departments that receive complaints: the office and the industry supervisors.</summary>
    public static async Task<List<SelectListItem>> DepartmentsAsync(JianguanDbContext db, CancellationToken ct) =>
        [.. (await db.Organisations.AsNoTracking().Where(o => o.Kind == OrgKind.Lead || o.Kind == OrgKind.Industry).OrderBy(o => o.Id).ToListAsync(ct))
            .Select(o => new SelectListItem(o.Name, o.Id.ToString(CultureInfo.InvariantCulture)))];
}

/// <summary>What the shared fields partial needs.</summary>
public sealed record ComplaintFieldsModel(ComplaintForm Form, IReadOnlyDictionary<string, string> Errors, IReadOnlyList<SelectListItem>? Departments,
    bool ShowReceivedOn);
