using Microsoft.Extensions.DependencyInjection;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Activities.Flights;

/// <summary>The flight booking saga's activities, the services they call, and its demo data.</summary>
public sealed class FlightsModule : ISagaModule
{
    public IReadOnlyList<Type> ActivityTypes { get; } = [typeof(FlightActivities)];

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<SimulatedPaymentGateway>();
        services.AddScoped<FlightCatalog>();
        services.AddScoped<FlightActivities>();
    }

    public Task SeedAsync(SagasDbContext db, CancellationToken cancellationToken) => FlightDemoData.SeedAsync(db, cancellationToken);
}
