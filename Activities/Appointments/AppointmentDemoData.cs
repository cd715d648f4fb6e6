using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Appointments.Data;
using TemporalSagas.Activities.Calcom;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Activities.Appointments;

/// <summary>The clinic's staff, one per host of the SIMULATED calendar (same host ids and event types).</summary>
public static class AppointmentDemoData
{
    public const string Ada = "staff-ada";
    public const string Ben = "staff-ben";
    public const string Cleo = "staff-cleo";

    public static readonly IReadOnlyList<(string Id, int HostId)> StaffHosts = [(Ada, 101), (Ben, 102), (Cleo, 103)];

    /// <summary>Adds what is missing: the simulated calendar's hosts and the staff members mapped to them.</summary>
    public static async Task SeedAsync(SagasDbContext db, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await SimulatedCalendarData.SeedAsync(db, cancellationToken);
        var existing = await db.Staff().Select(s => s.Id).ToListAsync(cancellationToken);
        foreach (var (id, hostId) in StaffHosts.Where(s => !existing.Contains(s.Id)))
        {
            var host = SimulatedCalendarData.Hosts.Single(h => h.Id == hostId);
            db.Staff().Add(new Staff { Id = id, Name = host.Name, Email = host.Email, CalcomHostId = host.Id, CalcomEventTypeId = host.EventTypeId });
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
