using TemporalSagas.Activities.Data;
using TemporalSagas.Tests.Support;

namespace TemporalSagas.Tests.Activities.Data;

/// <summary>A SQLite database of each released schema upgrades to today's migrations and keeps every row.</summary>
public class MigrationUpgradeTests
{
    [Theory]
    [InlineData("release-2026-12-03.sqlite.sql")]
    public async Task Migrate_DatabaseOfEarlierRelease_KeepsEveryRow(string fixture)
    {
        var path = Path.Combine(Path.GetTempPath(), $"sagas-upgrade-{Guid.NewGuid():N}.db");
        try
        {
            await ReleaseUpgrade.UpgradeKeepsEveryRowAsync(DatabaseSettings.Sqlite($"Data Source={path};Pooling=False"), fixture);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
