using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Complaints;

/// <summary>Channel maintenance: the office for every department, member units for their own.</summary>
[Authorize(Policy = ComplaintWorkflow.ChannelsPolicy)]
public sealed class ChannelsModel(JianguanDbContext db, AuditTrail audit, TimeProvider time) : PageModel
{
    public sealed class ChannelForm
    {
        public long? Id { get; set; }
        public int? DepartmentId { get; set; }
        public string? Unit { get; set; }
        public string? Staff { get; set; }
        public string? TimeLimit { get; set; }
        public string? Materials { get; set; }
        public string? OfficeHours { get; set; }
        public string? OutOfHours { get; set; }
        public string? Phone { get; set; }
        public string? Fax { get; set; }
        public string? Email { get; set; }
        public string? Address { get; set; }
        public string? Fee { get; set; }
        public string? FeeBasis { get; set; }
    }

    [BindProperty]
    public ChannelForm Form { get; set; } = new();

    public Dictionary<string, string> Errors { get; } = [];

    public List<ChannelRow> Rows { get; private set; } = [];

    public List<Organisation> Departments { get; private set; } = [];

    public string? Saved { get; private set; }

    /// <summary>Null: every department (the office); otherwise the member unit's own.</summary>
    private int? OwnDepartment { get; set; }

    private async Task LoadAsync(CancellationToken ct)
    {
        var userId = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        var unit = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.OrganisationId).FirstOrDefaultAsync(ct);
        OwnDepartment = User.IsInRole(Roles.OfficeAdmin) ? null : unit ?? -1;
        Rows = await ComplaintChannels.ListAsync(db, OwnDepartment, ct);
        Departments = await db.Organisations.AsNoTracking()
            .Where(o => (o.Kind == OrgKind.Lead || o.Kind == OrgKind.Industry) && (OwnDepartment == null || o.Id == OwnDepartment))
            .OrderBy(o => o.Id).ToListAsync(ct);
    }

    public async Task OnGetAsync(long? id, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (id is { } edit && Rows.FirstOrDefault(r => r.Id == edit) is { } r)
        {
            Form = new ChannelForm
            {
                Id = r.Id,
                DepartmentId = r.DepartmentId,
                Unit = r.Unit,
                Staff = r.Staff,
                TimeLimit = r.TimeLimit,
                Materials = r.Materials,
                OfficeHours = r.OfficeHours,
                OutOfHours = r.OutOfHours,
                Phone = r.Phone,
                Fax = r.Fax,
                Email = r.Email,
                Address = r.Address,
                Fee = r.Fee,
                FeeBasis = r.FeeBasis,
            };
        }
        else
        {
            Form.DepartmentId = OwnDepartment;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Form.DepartmentId is not { } department || Departments.All(d => d.Id != department))
        {
            Errors["DepartmentId"] = "请选择本部门（成员单位只能维护本部门的渠道）。";
        }

        if (string.IsNullOrWhiteSpace(Form.Unit))
        {
            Errors["Unit"] = "请填写受理单位。";
        }

        foreach (var (field, value, max) in new[]
        {
            ("Unit", Form.Unit, 200), ("Staff", Form.Staff, 200), ("TimeLimit", Form.TimeLimit, 500), ("Materials", Form.Materials, 1000),
            ("OfficeHours", Form.OfficeHours, 500), ("OutOfHours", Form.OutOfHours, 500), ("Phone", Form.Phone, 64), ("Fax", Form.Fax, 64),
            ("Email", Form.Email, 200), ("Address", Form.Address, 300), ("Fee", Form.Fee, 200), ("FeeBasis", Form.FeeBasis, 500),
        })
        {
            if (value is not null && value.Trim().Length > max)
            {
                Errors[field] = $"内容过长，不能超过 {max} 个字。";
            }
        }

        ComplaintChannel? channel = null;
        if (Form.Id is { } id)
        {
            channel = await db.Set<ComplaintChannel>().FirstOrDefaultAsync(c => c.Id == id && (OwnDepartment == null || c.DepartmentId == OwnDepartment), ct);
            if (channel is null)
            {
                Errors["Id"] = "该渠道不存在或不属于本部门。";
            }
        }

        if (Errors.Count > 0)
        {
            return Page();
        }

        if (channel is null)
        {
            channel = new ComplaintChannel { Unit = "" };
            db.Add(channel);
        }

        static string? T(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();
        channel.DepartmentId = Form.DepartmentId!.Value;
        channel.Unit = Form.Unit!.Trim();
        channel.Staff = T(Form.Staff);
        channel.TimeLimit = T(Form.TimeLimit);
        channel.Materials = T(Form.Materials);
        channel.OfficeHours = T(Form.OfficeHours);
        channel.OutOfHours = T(Form.OutOfHours);
        channel.Phone = T(Form.Phone);
        channel.Fax = T(Form.Fax);
        channel.Email = T(Form.Email);
        channel.Address = T(Form.Address);
        channel.Fee = T(Form.Fee);
        channel.FeeBasis = T(Form.FeeBasis);
        channel.UpdatedAt = time.GetUtcNow().ToUniversalTime();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(db, AuditActor.From(HttpContext), "complaint.channel.save", "complaint-channel:" + channel.Id.ToString(CultureInfo.InvariantCulture),
            new { department = channel.DepartmentId, unit = channel.Unit }, ct);
        await tx.CommitAsync(ct);
        return Redirect("/Complaints/Channels");
    }

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var stream = new MemoryStream();
        await ComplaintChannels.WriteXlsxAsync(stream, Rows, ct);
        stream.Position = 0;
        return File(stream, Platform.Documents.XlsxDocument.ContentType, "投诉举报渠道.xlsx");
    }
}
