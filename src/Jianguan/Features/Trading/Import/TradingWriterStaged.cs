using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace Jianguan.Features.Trading.Import;

/// <summary>
/// Set-based entity, project and section upserts of the PostgreSQL chunk path: a level's upserts are streamed with binary
/// COPY into a staging table (one per level and transaction, dropped at commit), then applied with a few statements
/// per chunk instead of one statement per row. The statements are derived from the row upsert itself
/// (<see cref="StagedMerge"/>, <see cref="StagedInsert"/>), so both paths merge alike.
/// </summary>
public sealed partial class TradingWriter
{
    /// <summary>One level's staging table and the statements derived from its row upsert.</summary>
    private sealed class StagedLevel(string table, string stage, string[] key, string id)
    {
        /// <summary>The id a changed row gives back (an entity merged into another gives that one's).</summary>
        public string Id { get; } = id;

        public string Table { get; } = table;
        public string Stage { get; } = stage;
        public string[] Key { get; } = key;
        public bool Created { get; set; }
        public string? Update { get; set; }
        public string? Insert { get; set; }
    }

    /// <summary>A fragment's upsert waiting for its level's staged write: its values in the upsert's parameter order.</summary>
    private sealed record StagedRow<TKey>(PendingRow Row, TKey Key, object?[] Values);

    private readonly StagedLevel entityStage = new("MarketEntities", "jianguan_import_entities", ["Key"],
        """COALESCE("MarketEntities"."MergedIntoId", "MarketEntities"."Id")""");
    private readonly StagedLevel projectStage = new("TradingProjects", "jianguan_import_projects", ["Code"], "\"TradingProjects\".\"Id\"");
    private readonly StagedLevel sectionStage = new("Sections", "jianguan_import_sections", ["ProjectId", "Code"], "\"Sections\".\"Id\"");

    /// <summary>
    /// Applies a level's upserts (in the order met) as the row upserts would, in passes: a key named by several
    /// fragments merges its n-th fragment in pass n. Each pass is one UPDATE … FROM the staging table for the rows
    /// stored (with the upsert's SET and change test; the changed rows come back with their ordinal, which marks the
    /// fragment as changed, as the upsert's row count does); the first pass also inserts the keys not stored yet, in
    /// the order met (INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING their ids). A key another transaction stored
    /// after the lookup (a concurrent import) is not inserted: its id is looked up and the UPDATE merges into it.
    /// </summary>
    private async Task StagedUpsertAsync<TKey>(
        StagedLevel level, string upsert, IReadOnlyList<(string Name, DbType Type)> parameters, List<StagedRow<TKey>> upserts,
        Func<TKey, bool> stored, Func<NpgsqlDataReader, TKey> insertedKey, Func<List<TKey>, Task> lookup, Action<TKey, long> setId,
        CancellationToken ct)
        where TKey : notnull
    {
        if (upserts.Count == 0)
        {
            return;
        }

        var columns = parameters.Select(p => p.Name).ToArray();
        if (!level.Created)
        {
            await using var create = new NpgsqlCommand(
                $"""
                CREATE TEMP TABLE "{level.Stage}" ON COMMIT DROP AS
                SELECT {string.Join(", ", columns.Select(c => $"\"{c}\""))}, 0 AS "Ord", 0 AS "Pass", false AS "Stored"
                FROM "{level.Table}" WITH NO DATA
                """, Connection, Transaction);
            await create.ExecuteNonQueryAsync(ct);
            level.Created = true;
            level.Update = StagedMerge(upsert, level.Table, level.Stage, level.Key, $"s.\"Ord\", {level.Id}");
            level.Insert = StagedInsert(upsert, level.Stage, level.Key);
        }
        else
        {
            await using var truncate = new NpgsqlCommand($"TRUNCATE \"{level.Stage}\"", Connection, Transaction);
            await truncate.ExecuteNonQueryAsync(ct);
        }

        var occurrences = new Dictionary<TKey, int>();
        var firstOf = new Dictionary<TKey, int>();
        var passes = 0;
        var inserts = 0;
        await CopyRowsAsync($"\"{level.Stage}\"", [.. columns, "Ord", "Pass", "Stored"], upserts.Select((u, i) =>
        {
            var pass = occurrences[u.Key] = occurrences.GetValueOrDefault(u.Key) + 1;
            passes = Math.Max(passes, pass);
            var isStored = stored(u.Key);
            if (pass == 1)
            {
                firstOf[u.Key] = i;
                inserts += isStored ? 0 : 1;
            }

            object?[] values = [.. u.Values, i, pass, isStored];
            return values;
        }), ct);

        for (var pass = 1; pass <= passes; pass++)
        {
            if (pass == 1 && inserts > 0)
            {
                var missing = new HashSet<TKey>(upserts.Where(u => !stored(u.Key)).Select(u => u.Key));
                await using (var insert = new NpgsqlCommand(level.Insert, Connection, Transaction))
                await using (var reader = await insert.ExecuteReaderAsync(ct))
                {
                    while (await reader.ReadAsync(ct))
                    {
                        var key = insertedKey(reader);
                        missing.Remove(key);
                        upserts[firstOf[key]].Row.Changed = true;
                        setId(key, reader.GetInt64(0));
                    }
                }

                if (missing.Count > 0)
                {
                    await lookup([.. missing]);
                }
            }

            await using var update = new NpgsqlCommand(level.Update, Connection, Transaction);
            update.Parameters.Add(new NpgsqlParameter { Value = pass, NpgsqlDbType = NpgsqlDbType.Integer });
            await using var changed = await update.ExecuteReaderAsync(ct);
            while (await changed.ReadAsync(ct))
            {
                var u = upserts[changed.GetInt32(0)];
                u.Row.Changed = true;
                setId(u.Key, changed.GetInt64(1));
            }
        }
    }

    /// <summary>
    /// The insert half of a row upsert (<c>INSERT INTO t (cols) VALUES (…) ON CONFLICT (key) DO UPDATE …</c>) for the
    /// staged rows of the first pass whose key is not stored:
    /// <c>INSERT INTO t (cols) SELECT … FROM stage s WHERE s."Pass" = 1 AND NOT s."Stored" ORDER BY s."Ord" ON CONFLICT
    /// (key) DO NOTHING RETURNING "Id", key</c>, where the upsert's <c>@c</c> values read the staged <c>s."c"</c>.
    /// </summary>
    internal static string StagedInsert(string upsert, string stage, string[] key)
    {
        var into = upsert.IndexOf("INSERT INTO", StringComparison.Ordinal);
        var values = upsert.IndexOf("\nVALUES (", StringComparison.Ordinal);
        var conflict = upsert.IndexOf("\nON CONFLICT ", StringComparison.Ordinal);
        var update = upsert.IndexOf(" DO UPDATE SET", StringComparison.Ordinal);
        if (into < 0 || values < into || conflict < values || update < conflict)
        {
            throw new InvalidOperationException("not an upsert INSERT INTO … VALUES (…) ON CONFLICT (…) DO UPDATE SET …");
        }

        var head = upsert[into..values].TrimEnd();
        var list = upsert[(values + "\nVALUES (".Length)..conflict].TrimEnd();
        if (!list.EndsWith(')'))
        {
            throw new InvalidOperationException("the upsert's VALUES list does not end its line");
        }

        var selected = ParameterName().Replace(list[..^1], m => $"s.\"{m.Groups[1].Value}\"");
        var target = upsert[(conflict + "\nON CONFLICT ".Length)..update];
        return $"""
            {head}
            SELECT {selected}
            FROM "{stage}" s WHERE s."Pass" = 1 AND NOT s."Stored" ORDER BY s."Ord"
            ON CONFLICT {target} DO NOTHING
            RETURNING "Id", {string.Join(", ", key.Select(k => $"\"{k}\""))}
            """;
    }
}
