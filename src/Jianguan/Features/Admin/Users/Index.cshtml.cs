using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Admin.Users;

/// <summary>The system administrator's account list and new accounts (roles are the security administrator's).</summary>
[Authorize(Policy = Policies.AccountAdmin)]
public sealed class IndexModel(JianguanDbContext db, UserManager<AppUser> users, AuditTrail audit, TimeProvider clock) : PageModel
{
    public IReadOnlyList<Admin.IndexModel.UserRow> Accounts { get; private set; } = [];

    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    public IReadOnlyDictionary<string, string> UnitOf { get; private set; } = new Dictionary<string, string>();

    [BindProperty]
    public NewAccount Input { get; set; } = new();

    /// <summary>The initial password of the account just created: shown in this response only.</summary>
    public string? CreatedPassword { get; private set; }

    public string? CreatedUserName { get; private set; }

    public sealed class NewAccount
    {
        [Required(ErrorMessage = "请输入用户名")]
        [StringLength(64, ErrorMessage = "用户名不超过 64 个字符")]
        [RegularExpression("^[A-Za-z0-9._@+-]+$", ErrorMessage = "用户名只能包含字母、数字和 -._@+")]
        public string UserName { get; set; } = "";

        [Required(ErrorMessage = "请输入姓名")]
        [StringLength(100, ErrorMessage = "姓名不超过 100 个字符")]
        public string DisplayName { get; set; } = "";

        public int? OrganisationId { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Input.OrganisationId is { } org && !await db.Organisations.AnyAsync(o => o.Id == org, ct))
        {
            ModelState.AddModelError("Input.OrganisationId", "所属单位不存在。");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }

        var password = PasswordRules.Generate();
        var user = new AppUser
        {
            UserName = Input.UserName.Trim(),
            DisplayName = Input.DisplayName.Trim(),
            OrganisationId = Input.OrganisationId,
            MustChangePassword = true,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(string.Empty, error.Description);
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }

        await audit.RecordAsync(db, AuditActor.From(HttpContext), "account.create", user.UserName,
            new { user.DisplayName, organisation = user.OrganisationId }, ct);
        await tx.CommitAsync(ct);
        CreatedUserName = user.UserName;
        CreatedPassword = password;
        Input = new NewAccount();
        ModelState.Clear();
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Accounts = await Admin.IndexModel.LoadAsync(db, clock.GetUtcNow(), ct);
        Organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);
        var names = Organisations.ToDictionary(o => o.Id, o => o.Name);
        UnitOf = (await db.Users.AsNoTracking().Where(u => u.OrganisationId != null).Select(u => new { u.Id, u.OrganisationId }).ToListAsync(ct))
            .ToDictionary(x => x.Id, x => names.GetValueOrDefault(x.OrganisationId!.Value, ""));
    }
}
