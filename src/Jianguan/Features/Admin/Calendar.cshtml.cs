using System.Text;
using Jianguan.Platform.Calendar;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Jianguan.Features.Admin;

/// <summary>
/// Loading next year's holiday notice (holiday-cn year file) without a new release, and the list of loaded years.
/// The policy is declared in Calendar.cshtml, as on every page.
/// </summary>
public sealed class CalendarModel(CalendarService calendars, TimeProvider clock) : PageModel
{
    public IReadOnlyList<LoadedHolidayYear> Loaded { get; private set; } = [];

    public IReadOnlyList<int> EmbeddedYears { get; } = WorkingCalendar.Embedded.Years;

    [TempData]
    public string? Message { get; set; }

    public string? Error { get; private set; }

    /// <summary>
    /// From December on, the year to come whose holidays are neither built in nor loaded: its deadlines would count
    /// only weekends, so the page says so until the file is loaded.
    /// </summary>
    public int? MissingNextYear { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await ListAsync(ct);

    private async Task ListAsync(CancellationToken ct)
    {
        Loaded = await calendars.ListAsync(ct);
        var today = Platform.Time.ChinaTime.Today(clock);
        var next = today.Year + 1;
        MissingNextYear = today.Month == 12 && !EmbeddedYears.Contains(next) && Loaded.All(l => l.Year != next) ? next : null;
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        Error = await LoadAsync(file, ct);
        if (Error is null)
        {
            return RedirectToPage();
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        await ListAsync(ct);
        return Page();
    }

    private async Task<string?> LoadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return "请选择要上传的年度节假日文件（YYYY.json）。";
        }

        if (file.Length > HolidayFileParser.MaxBytes)
        {
            return $"文件过大（超过 {HolidayFileParser.MaxBytes / 1024} KB），不是节假日年度文件。";
        }

        string json;
        using (var reader = new StreamReader(file.OpenReadStream(), new UTF8Encoding(false, true)))
        {
            try
            {
                json = await reader.ReadToEndAsync(ct);
            }
            catch (DecoderFallbackException)
            {
                return "文件不是 UTF-8 编码的文本。";
            }
        }

        try
        {
            var loaded = await calendars.LoadYearAsync(json, ct);
            Message = $"已载入 {loaded.Year} 年节假日文件，共 {loaded.DayCount} 个日期。";
            return null;
        }
        catch (HolidayFileException e)
        {
            return e.Message;
        }
    }
}
