using System.Data;
using Microsoft.EntityFrameworkCore.Storage;

namespace Jianguan.Features.Trading.Import;

/// <summary>A firm first seen by name only, merged into the entity that carries its credit code.</summary>
public sealed record EntityMerge(long FromId, string FromKey, string FromName, long ToId, string ToKey, string ToName);

public sealed partial class TradingWriter
{
    private readonly List<EntityMerge> merges = [];

    /// <summary>The merges this file's commit made (for the audit chain).</summary>
    public IReadOnlyList<EntityMerge> Merges => merges;

    /// <summary>
    /// One firm, one entity: a name-only entity (no credit code) whose normalised name is the name of exactly one
    /// entity with a valid credit code is merged into it, whichever was seen first. The name-only row stays as an
    /// alias (MergedIntoId, MergedAt): later rows naming the firm without its code resolve to the coded entity, and
    /// its bids, candidacies, awards, contracts and project roles move there. A bid the coded entity already has in the same
    /// section stays where it is (the same firm listed twice). Two firms of one name with different codes merge
    /// nothing. Runs inside the file's transaction, on both providers.
    /// </summary>
    private async Task MergeEntitiesAsync(CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var tx = transaction.GetDbTransaction();
        var found = new List<EntityMerge>();
        await using (var find = connection.CreateCommand())
        {
            find.Transaction = tx;
            find.CommandText =
                """
                SELECT n."Id", n."Key", n."Name", c."Id", c."Key", c."Name"
                FROM "MarketEntities" n
                JOIN "MarketEntities" c ON c."NameKey" = n."Key" AND c."Id" <> n."Id"
                WHERE n."CreditCode" IS NULL AND n."MergedIntoId" IS NULL AND c."CreditCodeValid" AND c."MergedIntoId" IS NULL
                  AND NOT EXISTS (SELECT 1 FROM "MarketEntities" o
                    WHERE o."NameKey" = n."Key" AND o."CreditCodeValid" AND o."MergedIntoId" IS NULL AND o."Id" <> c."Id")
                ORDER BY n."Id"
                """;
            await using var reader = await find.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                found.Add(new EntityMerge(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                    reader.GetString(4), reader.GetString(5)));
            }
        }

        if (found.Count == 0)
        {
            return;
        }

        foreach (var m in found)
        {
            await using var mark = connection.CreateCommand();
            mark.Transaction = tx;
            mark.CommandText = """UPDATE "MarketEntities" SET "MergedIntoId" = @To, "MergedAt" = @At WHERE "Id" = @From""";
            Add(mark, "To", DbType.Int64, m.ToId);
            Add(mark, "From", DbType.Int64, m.FromId);
            Add(mark, "At", sqlite ? DbType.Int64 : DbType.DateTimeOffset,
                sqlite ? UnixMillisecondsConverter.ToStore(now) : now.ToUniversalTime());
            await mark.ExecuteNonQueryAsync(ct);
        }

        // References of every merged entity move to its target (set-based: one statement per referencing column).
        const string Target = """(SELECT m."MergedIntoId" FROM "MarketEntities" m WHERE m."Id" = {0})""";
        const string Merged = """(SELECT "Id" FROM "MarketEntities" WHERE "MergedIntoId" IS NOT NULL)""";
        string[] moves =
        [
            $"""
            UPDATE "Bids" SET "BidderId" = {string.Format(CultureInfo.InvariantCulture, Target, "\"Bids\".\"BidderId\"")}
            WHERE "BidderId" IN {Merged}
              AND NOT EXISTS (SELECT 1 FROM "Bids" b2 JOIN "MarketEntities" m2 ON m2."Id" = "Bids"."BidderId"
                WHERE b2."SectionId" = "Bids"."SectionId" AND b2."BidderId" = m2."MergedIntoId")
            """,
            $"""
            UPDATE "Candidates" SET "EntityId" = {string.Format(CultureInfo.InvariantCulture, Target, "\"Candidates\".\"EntityId\"")}
            WHERE "EntityId" IN {Merged}
              AND NOT EXISTS (SELECT 1 FROM "Candidates" c2 JOIN "MarketEntities" m2 ON m2."Id" = "Candidates"."EntityId"
                WHERE c2."SectionId" = "Candidates"."SectionId" AND c2."EntityId" = m2."MergedIntoId")
            """,
            $"""UPDATE "Contracts" SET "SupplierId" = {string.Format(CultureInfo.InvariantCulture, Target, "\"Contracts\".\"SupplierId\"")} WHERE "SupplierId" IN {Merged}""",
            $"""UPDATE "Sections" SET "WinnerId" = {string.Format(CultureInfo.InvariantCulture, Target, "\"Sections\".\"WinnerId\"")} WHERE "WinnerId" IN {Merged}""",
            $"""UPDATE "TradingProjects" SET "TendererId" = {string.Format(CultureInfo.InvariantCulture, Target, "\"TradingProjects\".\"TendererId\"")} WHERE "TendererId" IN {Merged}""",
            $"""UPDATE "TradingProjects" SET "AgencyId" = {string.Format(CultureInfo.InvariantCulture, Target, "\"TradingProjects\".\"AgencyId\"")} WHERE "AgencyId" IN {Merged}""",
        ];
        foreach (var sql in moves)
        {
            await using var move = connection.CreateCommand();
            move.Transaction = tx;
            move.CommandText = sql;
            await move.ExecuteNonQueryAsync(ct);
        }

        merges.AddRange(found);
    }
}
