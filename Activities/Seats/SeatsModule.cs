using Microsoft.Extensions.DependencyInjection;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Activities.Seats;

/// <summary>The seat reservation saga's activities, its simulated payment provider and its demo zones.</summary>
public sealed class SeatsModule : ISagaModule
{
    public IReadOnlyList<Type> ActivityTypes { get; } = [typeof(SeatActivities)];

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<SimulatedSeatPayments>();
        services.AddSingleton<SeatWriterGate>();
        services.AddScoped<SeatDatabaseGuard>();
        services.AddScoped<SeatActivities>();
    }

    public Task SeedAsync(SagasDbContext db, CancellationToken cancellationToken) => SeatDemoData.SeedAsync(db, cancellationToken);
}
