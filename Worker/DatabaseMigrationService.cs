using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Worker;

/// <summary>Applies migrations and seeds the database before the Temporal worker starts polling.</summary>
internal sealed class DatabaseMigrationService(IServiceProvider services, ILogger<DatabaseMigrationService> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await SagaDatabase.MigrateAndSeedAsync(services, cancellationToken);
        logger.LogInformation("Database migrated and seeded");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
