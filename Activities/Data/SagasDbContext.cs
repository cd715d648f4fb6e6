using System.Text;
using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Data.Entities;

namespace TemporalSagas.Activities.Data;

public class SagasDbContext(DbContextOptions<SagasDbContext> options) : DbContext(options)
{
    public DbSet<Flight> Flights => Set<Flight>();

    public DbSet<FlightSeatInventory> FlightSeatInventory => Set<FlightSeatInventory>();

    public DbSet<SeatHoldEntity> SeatHolds => Set<SeatHoldEntity>();

    public DbSet<LoyaltyAccount> LoyaltyAccounts => Set<LoyaltyAccount>();

    public DbSet<LoyaltyTransaction> LoyaltyTransactions => Set<LoyaltyTransaction>();

    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<Booking> Bookings => Set<Booking>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<SimulatedFaultCounter> SimulatedFaultCounters => Set<SimulatedFaultCounter>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SagasDbContext).Assembly);

        // snake_case columns everywhere, so hand-written SQL and the check constraints read naturally.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    private static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
