using TemporalSagas.Activities.Data;
using TemporalSagas.Tests.Support;

namespace TemporalSagas.Tests.Postgres;

/// <summary>A PostgreSQL database of each released schema upgrades to today's migrations and keeps every row.</summary>
[Trait("Category", PostgresDevServerFixture.Category)]
public class MigrationUpgradeOnPostgresTests
{
    [Theory]
    [InlineData("release-2026-12-03.postgres.sql")]
    [InlineData("release-2026-11-25-b0a74a5.postgres.sql")] // InitialPostgres under an earlier id: repaired first
    [InlineData("release-2026-11-24-9726934.postgres.sql")]
    public async Task Migrate_DatabaseOfEarlierRelease_KeepsEveryRow(string fixture) =>
        await ReleaseUpgrade.UpgradeKeepsEveryRowAsync(
            DatabaseSettings.Postgres(await PostgresServer.CreateDatabaseAsync("sagas_upgrade")), fixture);
}
