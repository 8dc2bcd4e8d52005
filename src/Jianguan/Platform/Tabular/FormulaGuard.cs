namespace Jianguan.Platform.Tabular;

/// <summary>
/// Keeps text written into spreadsheets from being taken for a formula (CSV/formula injection): names, reasons and
/// details in exports come from outside, and a cell such as <c>=HYPERLINK(…)</c> would run when an officer opens it.
/// </summary>
public static class FormulaGuard
{
    /// <summary>Text starting with a character that spreadsheets read as a formula gets an apostrophe in front.</summary>
    public static string Safe(string? value) =>
        string.IsNullOrEmpty(value) ? ""
        : IsFormulaLike(value) ? "'" + value
        : value;

    /// <summary>
    /// Undoes <see cref="Safe"/> for a value read back from one of the platform's own exports (a list that is
    /// exported, edited and imported again), so that the round trip does not add an apostrophe each time.
    /// </summary>
    public static string Restore(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 1 && value[0] == '\'' && IsFormulaLike(value.AsSpan(1)) ? value[1..] : value;
    }

    private static bool IsFormulaLike(ReadOnlySpan<char> value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
}
