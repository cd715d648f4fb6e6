using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace TemporalSagas.Activities.Data;

/// <summary>
/// Before 2 Dec 2026 the PostgreSQL migration was regenerated whenever a saga was added (<c>InitialPostgres</c> under
/// three ids), so a database migrated by one of the two earlier releases has an <c>InitialPostgres</c> in its history
/// that today's migrations do not know: <c>Migrate</c> would run today's <c>InitialPostgres</c> on it and fail on its
/// first existing table (42P07). This brings such a database to today's <c>InitialPostgres</c> in one transaction, adding
/// only what is missing — the tables and indexes of the sagas added since (<c>IF NOT EXISTS</c>) and the flight seat
/// inventory's <c>capacity</c> (filled as the SQLite migration fills it) — then records today's id in the history.
/// Every row stays. From now on migrations are additive and this list never grows.
/// </summary>
internal static class PostgresReleaseRepair
{
    public const string CurrentInitial = "20261125004228_InitialPostgres";

    /// <summary>The ids the earlier releases' regenerated <c>InitialPostgres</c> carried.</summary>
    public static readonly string[] EarlierInitials = ["20261124234650_InitialPostgres", "20261125003224_InitialPostgres"];

    public static async Task RunAsync(SagasDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql() || !await NeedsRepairAsync(db, cancellationToken))
        {
            return;
        }

        var script = db.GetService<IMigrator>().GenerateScript(fromMigration: Migration.InitialDatabase, toMigration: CurrentInitial);
        var additive = string.Join('\n', script.Split('\n')
            .Where(line => !line.StartsWith("START TRANSACTION", StringComparison.Ordinal) && !line.StartsWith("COMMIT", StringComparison.Ordinal)))
            .Replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ", StringComparison.Ordinal)
            .Replace("CREATE TABLE IF NOT EXISTS IF NOT EXISTS ", "CREATE TABLE IF NOT EXISTS ", StringComparison.Ordinal)
            .Replace("CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX IF NOT EXISTS ", StringComparison.Ordinal)
            .Replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", StringComparison.Ordinal);
        // Today's id goes in below, after the old one is gone.
        additive = additive[..additive.IndexOf("INSERT INTO \"__EFMigrationsHistory\"", StringComparison.Ordinal)];

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("LOCK TABLE \"__EFMigrationsHistory\" IN EXCLUSIVE MODE", cancellationToken);
        if (!await NeedsRepairAsync(db, cancellationToken))
        {
            return; // another process repaired it while this one waited for the lock
        }

        await db.Database.ExecuteSqlRawAsync(
            "ALTER TABLE flight_seat_inventory ADD COLUMN IF NOT EXISTS capacity integer NOT NULL DEFAULT -1", cancellationToken);
        await db.Database.ExecuteSqlRawAsync(
            "UPDATE flight_seat_inventory i SET capacity = i.seats_available + COALESCE((SELECT SUM(h.seats) FROM seat_holds h " +
            "WHERE h.flight_id = i.flight_id AND h.seat_class = i.seat_class AND h.status = 'held'), 0) WHERE i.capacity = -1",
            cancellationToken);
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE flight_seat_inventory ALTER COLUMN capacity DROP DEFAULT", cancellationToken);
#pragma warning disable EF1002 // the script is EF's own, generated from today's migration, not input
        await db.Database.ExecuteSqlRawAsync(additive, cancellationToken);
#pragma warning restore EF1002
        await db.Database.ExecuteSqlRawAsync(
            "UPDATE \"__EFMigrationsHistory\" SET \"MigrationId\" = {0} WHERE \"MigrationId\" = ANY({1})",
            [CurrentInitial, EarlierInitials], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<bool> NeedsRepairAsync(SagasDbContext db, CancellationToken cancellationToken)
    {
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToHashSet();
        return !applied.Contains(CurrentInitial) && EarlierInitials.Any(applied.Contains);
    }
}
