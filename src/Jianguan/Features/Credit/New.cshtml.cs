using Jianguan.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Credit;

/// <summary>Lists an entity or person, by hand or from a penalty decision (<c>?penalty=ID</c> fills the form).</summary>
[Authorize(Policy = CreditPolicies.Manage)]
public sealed class NewModel(JianguanDbContext db, AuditTrail audit, TimeProvider time) : PageModel
{
    [BindProperty]
    public CreditSubjectType SubjectType { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? CreditCode { get; set; }

    [BindProperty]
    public string? IdNumber { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Basis { get; set; }

    [BindProperty]
    public BlacklistSeverity Severity { get; set; } = BlacklistSeverity.General;

    [BindProperty]
    public DateOnly? StartOn { get; set; }

    [BindProperty]
    public DateOnly? EndOn { get; set; }

    [BindProperty]
    public bool Published { get; set; } = true;

    [BindProperty]
    public string? Restriction { get; set; } = "限制参与本市公共资源交易活动";

    [BindProperty]
    public string? Authority { get; set; }

    [BindProperty]
    public string? DocumentNumber { get; set; }

    [BindProperty]
    public long? PenaltyId { get; set; }

    public string? Error { get; private set; }

    public string? PenaltyNumber { get; private set; }

    public async Task OnGetAsync(long? penalty, CancellationToken ct)
    {
        StartOn = ChinaTime.Today(time);
        if (penalty is { } id && await db.Set<PenaltyDecision>().AsNoTracking().Include(p => p.Organisation).FirstOrDefaultAsync(p => p.Id == id, ct) is { } p)
        {
            PenaltyId = p.Id;
            PenaltyNumber = p.Number;
            Name = p.EntityName;
            CreditCode = p.CreditCode;
            Reason = p.Facts.Length <= 2000 ? p.Facts : p.Facts[..2000];
            Basis = $"{p.DocumentNumber}；{p.LegalBasis}";
            Basis = Basis.Length <= 1000 ? Basis : Basis[..1000];
            Authority = p.Organisation?.Name;
            DocumentNumber = p.DocumentNumber;
            StartOn = p.DecidedOn;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var entry = await BlacklistService.CreateAsync(db, audit, AuditActor.From(HttpContext),
                new BlacklistInput(SubjectType, Name, CreditCode, IdNumber, Reason, Basis, Severity, StartOn, EndOn, Published, Restriction, Authority,
                    DocumentNumber, PenaltyId), time.GetUtcNow(), ct);
            return Redirect(BlacklistService.Link(entry.Id));
        }
        catch (CreditException e)
        {
            Error = e.Message;
            if (PenaltyId is { } id)
            {
                PenaltyNumber = await db.Set<PenaltyDecision>().AsNoTracking().Where(p => p.Id == id).Select(p => p.Number).FirstOrDefaultAsync(ct);
            }

            return Page();
        }
    }
}
