using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Activities.Seats.Data;

/// <summary>The seat domain's tables in the shared <see cref="SagasDbContext"/>.</summary>
public static class SeatTables
{
    public static DbSet<SeatZone> SeatZones(this SagasDbContext db) => db.Set<SeatZone>();

    public static DbSet<SeatReservation> SeatReservations(this SagasDbContext db) => db.Set<SeatReservation>();

    public static DbSet<SeatPayment> SeatPayments(this SagasDbContext db) => db.Set<SeatPayment>();
}
