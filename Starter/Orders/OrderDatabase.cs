using Microsoft.Extensions.Configuration;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Starter.Orders;

/// <summary>The sagas database the worker uses (appsettings.json beside the executable, or ConnectionStrings__Sagas),
/// opened and brought up to date for the order commands that read SQL.</summary>
internal static class OrderDatabase
{
    public static async Task<SagasDbContext> OpenAsync(CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var db = SagaDatabase.Open(SagaDatabase.Settings(configuration));
        await SagaDatabase.MigrateAndSeedAsync(db, cancellationToken);
        return db;
    }
}
