using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Activities.Calcom.Data;

/// <summary>The simulated calendar's tables in the shared <see cref="SagasDbContext"/>.</summary>
public static class CalendarTables
{
    public static DbSet<SimulatedCalendarHost> CalendarHosts(this SagasDbContext db) => db.Set<SimulatedCalendarHost>();

    public static DbSet<SimulatedCalendarBooking> CalendarBookings(this SagasDbContext db) => db.Set<SimulatedCalendarBooking>();
}
