using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Jianguan.Features.Trading.Import;

/// <summary>
/// Column widths taken from the EF model, so that a value too long for PostgreSQL's varchar is rejected as a row
/// error with its line, not as a failed transaction (SQLite would silently keep it). Read-only after construction:
/// the reader thread and the writer use it at the same time.
/// </summary>
public sealed class ModelLimits
{
    private readonly FrozenDictionary<(Type, string), int> lengths;

    public ModelLimits(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var all = new Dictionary<(Type, string), int>();
        foreach (var entity in model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                // Encrypted columns are wider than the values they hold: the limit is the plaintext's.
                if ((property.FindAnnotation(Platform.Crypto.FieldEncryption.PlaintextMaxLengthAnnotation)?.Value as int?
                     ?? property.GetMaxLength()) is { } max)
                {
                    all[(entity.ClrType, property.Name)] = max;
                }
            }
        }

        lengths = all.ToFrozenDictionary();
    }

    public int? MaxLength(Type entity, string property) =>
        lengths.TryGetValue((entity, property), out var max) ? max : null;
}
