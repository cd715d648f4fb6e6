using Microsoft.Extensions.DependencyInjection;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Orders.Events;

namespace TemporalSagas.Activities.Orders;

/// <summary>The order fulfillment saga's activities, its simulated services, its event store and demo data.</summary>
public sealed class OrdersModule : ISagaModule
{
    public IReadOnlyList<Type> ActivityTypes { get; } =
        [typeof(OrderActivities), typeof(PharmacyActivities), typeof(InventoryActivities), typeof(ShippingActivities)];

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<DomainEventStore>();
        services.AddScoped<OrderCompensations>();
        services.AddScoped<SimulatedInventory>();
        services.AddScoped<SimulatedPharmacy>();
        services.AddScoped<SimulatedCarrier>();
        foreach (var type in ActivityTypes)
        {
            services.AddScoped(type);
        }
    }

    public Task SeedAsync(SagasDbContext db, CancellationToken cancellationToken) => OrderDemoData.SeedAsync(db, cancellationToken);
}
