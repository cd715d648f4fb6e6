using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Tests.Support;

/// <summary>
/// A database of a released schema (a fixture under Tests/Data/Fixtures) with one row in every table, upgraded by the
/// product's own migrate path (<see cref="SagaDatabase.MigrateAndSeedAsync(SagasDbContext, CancellationToken)"/>).
/// </summary>
public static class ReleaseUpgrade
{
    public static string FixtureSql(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "Fixtures", name));

    public static async Task UpgradeKeepsEveryRowAsync(DatabaseSettings settings, string fixture)
    {
        Dictionary<string, List<string>> before;
        Dictionary<string, HashSet<string>> columnsThen;
        await using (var db = SagaDatabase.Open(settings))
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await ExecuteAsync(connection, FixtureSql(fixture));
            await UpgradeRows.InsertOneRowPerTableAsync(db, connection);
            before = await UpgradeRows.ReadAllAsync(db, connection);
            columnsThen = await UpgradeRows.ColumnsAsync(db, connection);
        }

        before.Values.Should().OnlyContain(rows => rows.Count == 1, "the fixture database has one row in every table");

        await using (var db = SagaDatabase.Open(settings))
        {
            await SagaDatabase.MigrateAndSeedAsync(db);
        }

        await using (var db = SagaDatabase.Open(settings))
        {
            (await db.Database.GetPendingMigrationsAsync()).Should().BeEmpty();
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            var after = await UpgradeRows.ReadAllAsync(db, connection, columnsThen);
            (await UpgradeRows.ColumnsAsync(db, connection)).Keys.Should().BeEquivalentTo(
                db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Distinct(), "every table of today's model exists after the upgrade");
            foreach (var (table, rows) in before)
            {
                after.Should().ContainKey(table);
                after[table].Should().Contain(rows, $"the row inserted into {table} before the upgrade is still there, with its values");
            }

            // Every DbSet reads its rows (the inserted one included) through today's model.
            foreach (var entity in db.Model.GetEntityTypes().Where(e => columnsThen.ContainsKey(e.GetTableName()!)))
            {
                var set = (IQueryable<object>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!
                    .MakeGenericMethod(entity.ClrType).Invoke(db, null)!;
                set.AsNoTracking().ToList().Should().NotBeEmpty($"{entity.ClrType.Name} reads its rows after the upgrade");
            }

            var everything = await UpgradeRows.ReadAllAsync(db, connection);
            // The seed after the migration wrote each domain's demo rows through the model; they read back.
            foreach (var table in new[] { "flights", "inventory_items", "staff", "seat_zones" })
            {
                everything[table].Count.Should().BeGreaterThan(columnsThen.ContainsKey(table) ? 1 : 0, $"the demo data of {table} was written after the upgrade and reads back");
            }
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
