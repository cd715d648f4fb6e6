using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Tests.Activities.Data;

/// <summary>Both providers' migration sets describe the current model: a model change without a migration for each fails here.</summary>
public class MigrationsInStepTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "Data Source=unused.db")]
    [InlineData(DatabaseProvider.Postgres, "Host=unused;Database=unused")]
    public void Migrations_OfEachProvider_MatchTheModel(DatabaseProvider provider, string connectionString)
    {
        using var db = SagaDatabase.Open(new DatabaseSettings(provider, connectionString));

        db.Database.HasPendingModelChanges().Should().BeFalse(
            $"add a migration for {provider}: dotnet ef migrations add NAME --project Activities --context {db.GetType().Name}");
        db.Database.GetMigrations().Should().NotBeEmpty();
    }
}
