using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Activities.Flights.Data;

/// <summary>The flight domain's tables in the shared <see cref="SagasDbContext"/>.</summary>
public static class FlightTables
{
    public static DbSet<Flight> Flights(this SagasDbContext db) => db.Set<Flight>();

    public static DbSet<FlightSeatInventory> FlightSeatInventory(this SagasDbContext db) => db.Set<FlightSeatInventory>();

    public static DbSet<SeatHoldEntity> SeatHolds(this SagasDbContext db) => db.Set<SeatHoldEntity>();

    public static DbSet<LoyaltyAccount> LoyaltyAccounts(this SagasDbContext db) => db.Set<LoyaltyAccount>();

    public static DbSet<LoyaltyTransaction> LoyaltyTransactions(this SagasDbContext db) => db.Set<LoyaltyTransaction>();

    public static DbSet<Payment> Payments(this SagasDbContext db) => db.Set<Payment>();

    public static DbSet<Booking> Bookings(this SagasDbContext db) => db.Set<Booking>();
}
