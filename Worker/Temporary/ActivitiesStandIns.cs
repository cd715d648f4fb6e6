// TEMPORARY stand-ins for the Activities project's API (being built on the `activities` branch) so the
// host builds and runs. Delete this whole file on merge: the real types have the same names, so keeping
// it would be a CS0436 conflict, which TreatWarningsAsErrors turns into a build error.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Flights;

namespace TemporalSagas.Activities
{
    public static class SagaActivitiesServiceCollectionExtensions
    {
        public static IServiceCollection AddSagaActivities(this IServiceCollection services, IConfiguration configuration)
        {
            services.AddOptions<FaultInjectionOptions>().Bind(configuration.GetSection(FaultInjectionOptions.Section));
            services.AddScoped<FlightActivities>();
            services.AddScoped<FlightCatalog>();
            return services;
        }
    }
}

namespace TemporalSagas.Activities.Data
{
    public static class SagaDatabase
    {
        public static Task MigrateAndSeedAsync(IServiceProvider services, CancellationToken cancellationToken = default) =>
            Task.CompletedTask;
    }
}

namespace TemporalSagas.Activities.Faults
{
    public sealed class FaultInjectionOptions
    {
        public const string Section = "Faults";

        public bool Enabled { get; set; }
    }
}

namespace TemporalSagas.Activities.Flights
{
    public sealed record Flight(string FlightId);

    public sealed class FlightCatalog
    {
        public Task<Flight?> FindFlightAsync(string flightId, CancellationToken cancellationToken = default) =>
            Task.FromResult(flightId.StartsWith("FL", StringComparison.Ordinal) ? new Flight(flightId) : null);
    }
}
