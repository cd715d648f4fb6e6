using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Flights;

namespace TemporalSagas.Starter.Cli;

/// <summary>
/// Checks a flight id against the sagas database before anything starts. The database is the one the
/// worker uses by default (appsettings.json beside the executable, or ConnectionStrings__Sagas).
/// </summary>
public static class FlightCatalogCheck
{
    public static async Task EnsureFlightExistsAsync(string flightId, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSagaActivities(configuration);
        await using var provider = services.BuildServiceProvider();
        await SagaDatabase.MigrateAndSeedAsync(provider, cancellationToken);
        await using var scope = provider.CreateAsyncScope();
        var flight = await scope.ServiceProvider.GetRequiredService<FlightCatalog>().FindFlightAsync(flightId, cancellationToken);
        if (flight is null)
        {
            throw CliException.BadInput($"--flight: unknown flight '{flightId}'");
        }
    }
}
