using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Activities.Orders.Data;

/// <summary>The order domain's tables in the shared <see cref="SagasDbContext"/>.</summary>
public static class OrderTables
{
    public static DbSet<Order> Orders(this SagasDbContext db) => db.Set<Order>();

    public static DbSet<InventoryItem> InventoryItems(this SagasDbContext db) => db.Set<InventoryItem>();

    public static DbSet<InventoryReservation> InventoryReservations(this SagasDbContext db) => db.Set<InventoryReservation>();

    public static DbSet<Prescription> Prescriptions(this SagasDbContext db) => db.Set<Prescription>();

    public static DbSet<Shipment> Shipments(this SagasDbContext db) => db.Set<Shipment>();

    public static DbSet<DomainEvent> DomainEvents(this SagasDbContext db) => db.Set<DomainEvent>();

    public static DbSet<OrderFulfillmentSaga> OrderFulfillmentSagas(this SagasDbContext db) => db.Set<OrderFulfillmentSaga>();
}
