using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Jianguan.Platform.Crypto;

/// <summary>
/// Marks a string property as personal data encrypted at rest (<see cref="FieldCipher"/>). With
/// <see cref="BlindIndex"/>, the named string property receives the blind index of the value on every save, for
/// equality search. Queries must never compare an encrypted property with a value (the ciphertext differs at every
/// write): compare the blind index instead.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EncryptedAttribute : Attribute
{
    public string? BlindIndex { get; init; }

    public BlindNormalisation Normalisation { get; init; } = BlindNormalisation.Plain;
}

/// <summary>One encrypted column as the model describes it, for the writer and the rotation command.</summary>
public sealed record EncryptedColumn(
    string Table, string KeyColumn, string Column, string Purpose, string? BlindIndexColumn, BlindNormalisation Normalisation,
    int PlaintextMaxLength);

/// <summary>Wires <see cref="EncryptedAttribute"/> into the EF model and the save path.</summary>
public static class FieldEncryption
{
    public const string PlaintextMaxLengthAnnotation = "Jianguan:PlaintextMaxLength";
    public const string PurposeAnnotation = "Jianguan:EncryptedPurpose";
    public const int BlindIndexLength = 32;

    private static readonly ConcurrentDictionary<Type, (PropertyInfo Source, PropertyInfo Index, BlindNormalisation Normalisation)[]> Indexed = new();

    /// <summary>The column width that holds the ciphertext of <paramref name="plaintextLength"/> characters (UTF-8, worst case).</summary>
    public static int CiphertextLength(int plaintextLength) => 32 + (4 * ((4 * plaintextLength) + 28 + 2) / 3);

    /// <summary>"Bid.ContactPhone": the associated data of the column's ciphertexts.</summary>
    public static string PurposeOf(Type entity, string property) => $"{entity.Name}.{property}";

    /// <summary>
    /// Call after the entity configurations: converters, widths, and blind-index columns. The converters capture
    /// <paramref name="cipher"/>, so the model belongs to that cipher's configuration: the context caches it per
    /// <see cref="FieldCipher.Fingerprint"/> (<see cref="CipherModelCacheKeyFactory"/>).
    /// </summary>
    public static void Apply(ModelBuilder builder, FieldCipher cipher)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(cipher);
        foreach (var entity in builder.Model.GetEntityTypes().ToList())
        {
            foreach (var info in entity.ClrType.GetProperties())
            {
                if (info.GetCustomAttribute<EncryptedAttribute>() is not { } attribute)
                {
                    continue;
                }

                if (info.PropertyType != typeof(string))
                {
                    throw new InvalidOperationException($"[Encrypted] applies to string properties: {entity.ClrType.Name}.{info.Name}");
                }

                var property = builder.Entity(entity.ClrType).Property(info.Name);
                var plainMax = property.Metadata.GetMaxLength() ?? 200;
                var purpose = PurposeOf(entity.ClrType, info.Name);
                property.HasMaxLength(CiphertextLength(plainMax))
                    .HasConversion(new EncryptedConverter(cipher, purpose))
                    .HasAnnotation(PlaintextMaxLengthAnnotation, plainMax)
                    .HasAnnotation(PurposeAnnotation, purpose);
                if (attribute.BlindIndex is { } index)
                {
                    builder.Entity(entity.ClrType).Property(index).HasMaxLength(BlindIndexLength);
                }
            }
        }
    }

    /// <summary>The encrypted columns of a model (table and column names as the provider maps them).</summary>
    public static IReadOnlyList<EncryptedColumn> Columns(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var columns = new List<EncryptedColumn>();
        foreach (var entity in model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            var key = entity.FindPrimaryKey()?.Properties;
            if (table is null || key is not { Count: 1 })
            {
                continue;
            }

            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties())
            {
                if (property.FindAnnotation(PurposeAnnotation)?.Value is not string purpose || property.PropertyInfo is null)
                {
                    continue;
                }

                var attribute = property.PropertyInfo.GetCustomAttribute<EncryptedAttribute>()!;
                var index = attribute.BlindIndex is { } name ? entity.FindProperty(name)?.GetColumnName(store) : null;
                columns.Add(new EncryptedColumn(table, key[0].GetColumnName(store)!, property.GetColumnName(store)!, purpose, index,
                    attribute.Normalisation, (int)property.FindAnnotation(PlaintextMaxLengthAnnotation)!.Value!));
            }
        }

        return columns;
    }

    /// <summary>Fills the blind indexes of added and modified entities (called by SaveChanges).</summary>
    public static void StampBlindIndexes(ChangeTracker tracker, FieldCipher cipher)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(cipher);
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            var indexed = Indexed.GetOrAdd(entry.Entity.GetType(), static type =>
            [
                .. type.GetProperties()
                    .Select(p => (Source: p, Attribute: p.GetCustomAttribute<EncryptedAttribute>()))
                    .Where(x => x.Attribute?.BlindIndex is not null)
                    .Select(x => (x.Source, type.GetProperty(x.Attribute!.BlindIndex!)!, x.Attribute!.Normalisation)),
            ]);
            foreach (var (source, index, normalisation) in indexed)
            {
                var value = cipher.BlindIndex((string?)source.GetValue(entry.Entity), normalisation);
                if (!string.Equals((string?)index.GetValue(entry.Entity), value, StringComparison.Ordinal))
                {
                    entry.Property(index.Name).CurrentValue = value;
                }
            }
        }
    }

    private sealed class EncryptedConverter(FieldCipher cipher, string purpose) : ValueConverter<string, string>(
        v => cipher.Encrypt(v, purpose),
        v => cipher.Decrypt(v, purpose));
}

/// <summary>
/// EF caches a context type's model once per process; ours holds the field cipher in its value converters, so the
/// cache key adds the cipher's fingerprint. Two hosts with the same keys share one model; a host with other keys
/// (a test, a rotation) gets its own instead of silently encrypting with the first host's keys.
/// </summary>
public sealed class CipherModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context is Data.JianguanDbContext jianguan
            ? (context.GetType(), jianguan.Cipher.Fingerprint, designTime)
            : (context.GetType(), designTime);
    }
}
