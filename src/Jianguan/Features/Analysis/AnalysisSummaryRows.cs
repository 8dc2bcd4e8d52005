using System.Data;
using System.Runtime.CompilerServices;
using Jianguan.Features.Trading.Import;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Jianguan.Features.Analysis;

/// <summary>
/// Writes built <see cref="AnalysisSection"/> rows without the change tracker (ADR-021): binary COPY on PostgreSQL,
/// one prepared INSERT reused for every row on SQLite, both inside the caller's transaction. The table, its columns
/// and each value's stored form (enum as text, SQLite's REAL decimals and Unix-millisecond times, PostgreSQL's UTC
/// times) come from the EF model, so a column added to <see cref="AnalysisSection"/> is written without a change here.
/// </summary>
internal static class AnalysisSummaryRows
{
    private static readonly ConditionalWeakTable<IModel, Shape> Shapes = [];

    /// <summary>Inserts the rows (their sections' old rows already deleted).</summary>
    public static async Task WriteAsync(JianguanDbContext db, IReadOnlyList<AnalysisSection> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var shape = Shapes.GetValue(db.Model, model => new Shape(model));
        var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            switch (db.Database.GetDbConnection())
            {
                case NpgsqlConnection pg:
                    await WriterCopy.RowsAsync(pg, Quote(shape.Table), shape.Columns, rows.Select(shape.Values), ct);
                    break;
                case SqliteConnection sqlite:
                    using (var insert = new SqliteStatement(sqlite, shape.InsertSql, shape.Parameters))
                    {
                        foreach (var row in rows)
                        {
                            var values = shape.Values(row);
                            for (var i = 0; i < values.Length; i++)
                            {
                                insert.SetValue(i, values[i]);
                            }

                            await insert.ExecuteAsync(ct);
                        }
                    }

                    break;
                default:
                    throw new NotSupportedException($"no summary writer for {db.Database.ProviderName}");
            }

            if (owned is not null)
            {
                await owned.CommitAsync(ct);
            }
        }
        finally
        {
            if (owned is not null)
            {
                await owned.DisposeAsync();
            }
        }
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The table's columns as the model maps them, each with its getter and its conversion to the stored value.</summary>
    private sealed class Shape
    {
        private readonly (IClrPropertyGetter Get, Func<object?, object?>? ToStore)[] properties;

        public Shape(IModel model)
        {
            var entity = model.FindEntityType(typeof(AnalysisSection)) ?? throw new InvalidOperationException("AnalysisSection is not in the model");
            Table = entity.GetTableName() ?? throw new InvalidOperationException("AnalysisSection has no table");
            var store = StoreObjectIdentifier.Table(Table, entity.GetSchema());
            var mapped = entity.GetProperties().ToList();
            if (mapped.FirstOrDefault(p => p.IsShadowProperty()) is { } shadow)
            {
                throw new InvalidOperationException($"AnalysisSection.{shadow.Name} is a shadow property: the row does not hold its value");
            }

            Columns = [.. mapped.Select(p => p.GetColumnName(store) ?? throw new InvalidOperationException($"AnalysisSection.{p.Name} has no column"))];
            properties = [.. mapped.Select(p => (p.GetGetter(), p.GetTypeMapping().Converter is { } c ? c.ConvertToProvider : null))];
            Parameters = [.. Columns.Select((_, i) => ("p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), DbType.Object))];
            InsertSql = $"INSERT INTO {Quote(Table)} ({string.Join(", ", Columns.Select(Quote))}) VALUES ({string.Join(", ", Parameters.Select(p => "@" + p.Name))})";
        }

        public string Table { get; }

        public string[] Columns { get; }

        public (string Name, DbType Type)[] Parameters { get; }

        public string InsertSql { get; }

        /// <summary>The row's values as stored, in the order of <see cref="Columns"/>.</summary>
        public object?[] Values(AnalysisSection row)
        {
            var values = new object?[properties.Length];
            for (var i = 0; i < properties.Length; i++)
            {
                var value = properties[i].Get.GetClrValue(row);
                values[i] = value is not null && properties[i].ToStore is { } convert ? convert(value) : value;
            }

            return values;
        }
    }
}
