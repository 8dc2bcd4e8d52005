using System.Data;
using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Jianguan.Features.Trading.Import;

/// <summary>A prepared statement executed many times with positional values (index 0 = first parameter).</summary>
internal abstract class WriterStatement : IDisposable
{
    public abstract void Set(int index, long? value);

    public abstract void Set(int index, double? value);

    public abstract void Set(int index, decimal? value);

    public abstract void Set(int index, string? value);

    public abstract void Set(int index, bool value);

    public abstract void Set(int index, DateTimeOffset? value);

    /// <summary>
    /// A value of any type the statement binds (null, long, int, double, decimal, string, bool, DateTimeOffset): for
    /// rows whose values come boxed from the EF model's conversions.
    /// </summary>
    public void SetValue(int index, object? value)
    {
        switch (value)
        {
            case null:
                Set(index, (long?)null);
                break;
            case long l:
                Set(index, l);
                break;
            case int n:
                Set(index, (long)n);
                break;
            case double d:
                Set(index, d);
                break;
            case decimal m:
                Set(index, m);
                break;
            case string text:
                Set(index, text);
                break;
            case bool flag:
                Set(index, flag);
                break;
            case DateTimeOffset t:
                Set(index, t);
                break;
            default:
                throw new InvalidOperationException($"unexpected value type {value.GetType()}");
        }
    }

    /// <summary>Runs the statement; returns the first column of its first row (RETURNING "Id"), or 0.</summary>
    public abstract ValueTask<long> ExecuteAsync(CancellationToken ct);

    /// <summary>
    /// Rows the last execution inserted or updated, where the provider reports it at once (SQLite); null when not
    /// known (a statement deferred into a batch).
    /// </summary>
    public virtual long? Changes => null;

    /// <summary>
    /// Runs the statement now or later, before <see cref="WriterBatch.FlushAsync"/> returns: for statements whose
    /// result nobody reads (bids, candidates) and whose table nothing else in the import reads.
    /// </summary>
    public virtual async ValueTask DeferAsync(CancellationToken ct) => await ExecuteAsync(ct);

    public abstract void Dispose();

    /// <summary>The statement's SQL as prepared.</summary>
    public string Sql { get; private set; } = "";

    /// <summary>The parameters in the order of the Set indexes.</summary>
    public IReadOnlyList<(string Name, DbType Type)> Parameters { get; private set; } = [];

    /// <summary>
    /// Parameters are written @Name in SQL; <paramref name="parameters"/> lists them in the order of the Set indexes.
    /// SQLite gets the direct engine path, PostgreSQL (or anything else) ADO.NET.
    /// </summary>
    public static WriterStatement Prepare(
        DbConnection connection, DbTransaction transaction, WriterBatch batch, string sql, (string Name, DbType Type)[] parameters)
    {
        WriterStatement statement = connection is SqliteConnection sqlite
            ? new SqliteStatement(sqlite, sql, parameters)
            : new AdoStatement(connection, transaction, batch, sql, parameters);
        statement.Sql = sql;
        statement.Parameters = parameters;
        return statement;
    }
}

/// <summary>
/// Deferred statements sent together: one round trip per few hundred bids instead of one per bid, which is what a
/// networked PostgreSQL needs (SQLite runs in-process and executes at once).
/// </summary>
internal sealed class WriterBatch(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
{
    private const int Size = 500;
    private DbBatch? pending;

    public bool Supported { get; } = connection.CanCreateBatch;

    public async ValueTask AddAsync(string sql, DbParameter[] values, CancellationToken ct)
    {
        pending ??= NewBatch();
        var command = pending.CreateBatchCommand();
        command.CommandText = sql;
        foreach (var v in values)
        {
            var p = command.CreateParameter();
            p.ParameterName = v.ParameterName;
            p.DbType = v.DbType;
            p.Value = v.Value;
            command.Parameters.Add(p);
        }

        pending.BatchCommands.Add(command);
        if (pending.BatchCommands.Count >= Size)
        {
            await FlushAsync(ct);
        }
    }

    public async ValueTask FlushAsync(CancellationToken ct)
    {
        if (pending is { } batch)
        {
            pending = null;
            await using (batch)
            {
                await batch.ExecuteNonQueryAsync(ct);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (pending is not null)
        {
            await pending.DisposeAsync();
            pending = null;
        }
    }

    private DbBatch NewBatch()
    {
        var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        return batch;
    }
}

/// <summary>
/// SQLite through the engine's own API on the ADO.NET connection (so inside its transaction). Microsoft.Data.Sqlite
/// resolves every parameter by name on each execution; for a million bids that cost more than the inserts
/// themselves (12 s against 5 s measured), hence binding by index here. Dates are Unix milliseconds and decimals
/// REAL, as <see cref="Data.SqliteJianguanDbContext"/> stores them.
/// </summary>
internal sealed class SqliteStatement : WriterStatement
{
    private readonly sqlite3 db;
    private readonly sqlite3_stmt stmt;
    private readonly int[] slots;
    private byte[] utf8 = new byte[1024];

    public SqliteStatement(SqliteConnection connection, string sql, (string Name, DbType Type)[] parameters)
    {
        db = connection.Handle ?? throw new InvalidOperationException("the SQLite connection is not open");
        Check(raw.sqlite3_prepare_v2(db, sql, out stmt));
        slots = new int[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            slots[i] = raw.sqlite3_bind_parameter_index(stmt, "@" + parameters[i].Name);
            if (slots[i] == 0)
            {
                throw new InvalidOperationException($"parameter @{parameters[i].Name} is not in the statement");
            }
        }
    }

    public override void Set(int index, long? value) =>
        Check(value is { } v ? raw.sqlite3_bind_int64(stmt, slots[index], v) : raw.sqlite3_bind_null(stmt, slots[index]));

    public override void Set(int index, double? value) =>
        Check(value is { } v ? raw.sqlite3_bind_double(stmt, slots[index], v) : raw.sqlite3_bind_null(stmt, slots[index]));

    public override void Set(int index, decimal? value) => Set(index, value is { } v ? (double)v : null);

    public override void Set(int index, string? value)
    {
        if (value is null)
        {
            Check(raw.sqlite3_bind_null(stmt, slots[index]));
            return;
        }

        // Encoded into a reused buffer (SQLite copies it): the string overload allocates an array per value.
        if (Encoding.UTF8.GetMaxByteCount(value.Length) > utf8.Length)
        {
            utf8 = new byte[Encoding.UTF8.GetMaxByteCount(value.Length)];
        }

        var n = Encoding.UTF8.GetBytes(value, utf8);
        Check(raw.sqlite3_bind_text(stmt, slots[index], utf8.AsSpan(0, n)));
    }

    public override void Set(int index, bool value) => Check(raw.sqlite3_bind_int64(stmt, slots[index], value ? 1 : 0));

    public override void Set(int index, DateTimeOffset? value) =>
        Set(index, value is { } v ? Data.UnixMillisecondsConverter.ToStore(v) : null);

    public override ValueTask<long> ExecuteAsync(CancellationToken ct)
    {
        try
        {
            var rc = raw.sqlite3_step(stmt);
            long result = 0;
            if (rc == raw.SQLITE_ROW)
            {
                result = raw.sqlite3_column_int64(stmt, 0);
                while (rc == raw.SQLITE_ROW)
                {
                    rc = raw.sqlite3_step(stmt);
                }
            }

            if (rc != raw.SQLITE_DONE)
            {
                throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(db));
            }

            changes = raw.sqlite3_stmt_readonly(stmt) != 0 ? 0 : raw.sqlite3_changes(db);
            return ValueTask.FromResult(result);
        }
        finally
        {
            raw.sqlite3_reset(stmt);
        }
    }

    private long changes;

    public override long? Changes => changes;

    public override void Dispose() => stmt.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(db));
        }
    }
}

/// <summary>Any other provider: a prepared ADO.NET command; times in UTC (timestamptz takes only offset 0).</summary>
internal sealed class AdoStatement : WriterStatement
{
    private readonly DbCommand command;
    private readonly DbParameter[] values;
    private readonly WriterBatch batch;

    public AdoStatement(DbConnection connection, DbTransaction transaction, WriterBatch batch, string sql, (string Name, DbType Type)[] parameters)
    {
        this.batch = batch;
        command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        values = new DbParameter[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + parameters[i].Name;
            p.DbType = parameters[i].Type;
            p.Value = DBNull.Value;
            command.Parameters.Add(p);
            values[i] = p;
        }

        command.Prepare();
    }

    public override void Set(int index, long? value) => values[index].Value = value is { } v ? v : DBNull.Value;

    public override void Set(int index, double? value) => values[index].Value = value is { } v ? v : DBNull.Value;

    public override void Set(int index, decimal? value) => values[index].Value = value is { } v ? v : DBNull.Value;

    public override void Set(int index, string? value) => values[index].Value = (object?)value ?? DBNull.Value;

    public override void Set(int index, bool value) => values[index].Value = value;

    public override void Set(int index, DateTimeOffset? value) =>
        values[index].Value = value is { } v ? v.ToUniversalTime() : DBNull.Value;

    public override async ValueTask<long> ExecuteAsync(CancellationToken ct)
    {
        var result = await command.ExecuteScalarAsync(ct);
        return result is null or DBNull ? 0 : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }

    public override async ValueTask DeferAsync(CancellationToken ct)
    {
        if (batch.Supported)
        {
            await batch.AddAsync(command.CommandText, values, ct);
        }
        else
        {
            await ExecuteAsync(ct);
        }
    }

    public override void Dispose() => command.Dispose();
}

/// <summary>
/// PostgreSQL binary COPY of boxed rows, inside the connection's current transaction: the trading writer's bids and
/// staging tables, and the analysis summary rows (<see cref="Analysis.AnalysisSummary"/>).
/// </summary>
internal static class WriterCopy
{
    /// <summary>Copies rows (values in the order of <paramref name="columns"/>) into <paramref name="table"/> (quoted).</summary>
    public static async Task RowsAsync(Npgsql.NpgsqlConnection connection, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows,
        CancellationToken ct)
    {
        var sql = $"COPY {table} ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)";
        await using var importer = await connection.BeginBinaryImportAsync(sql, ct);
        foreach (var values in rows)
        {
            await importer.StartRowAsync(ct);
            for (var i = 0; i < values.Length; i++)
            {
                switch (values[i])
                {
                    case null:
                        await importer.WriteNullAsync(ct);
                        break;
                    case long l:
                        await importer.WriteAsync(l, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                        break;
                    case int n:
                        await importer.WriteAsync(n, NpgsqlTypes.NpgsqlDbType.Integer, ct);
                        break;
                    case decimal m:
                        await importer.WriteAsync(m, NpgsqlTypes.NpgsqlDbType.Numeric, ct);
                        break;
                    case DateTimeOffset t:
                        await importer.WriteAsync(t.ToUniversalTime(), NpgsqlTypes.NpgsqlDbType.TimestampTz, ct);
                        break;
                    case string text:
                        await importer.WriteAsync(text, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                        break;
                    case bool flag:
                        await importer.WriteAsync(flag, NpgsqlTypes.NpgsqlDbType.Boolean, ct);
                        break;
                    default:
                        throw new InvalidOperationException($"unexpected value type {values[i]!.GetType()}");
                }
            }
        }

        await importer.CompleteAsync(ct);
    }
}
