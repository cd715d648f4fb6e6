using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Calcom.Data;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Activities.Calcom;

/// <summary>The SIMULATED calendar's hosts: one event type per host, and a round-robin event type over all of them.</summary>
public static class SimulatedCalendarData
{
    /// <summary>Books whichever host is free (the lowest id first), like a Cal.com round-robin team event.</summary>
    public const int RoundRobinEventTypeId = 1000;

    /// <summary>Every simulated event type lasts this long; like Cal.com, a booking has its event type's length.</summary>
    public const int EventTypeLengthMinutes = 30;

    public static readonly IReadOnlyList<SimulatedCalendarHost> Hosts =
    [
        new() { Id = 101, Name = "Dr. Ada Moreau", Email = "ada@clinic.example", EventTypeId = 1001 },
        new() { Id = 102, Name = "Dr. Ben Okafor", Email = "ben@clinic.example", EventTypeId = 1002 },
        new() { Id = 103, Name = "Cleo Tanaka (hygienist)", Email = "cleo@clinic.example", EventTypeId = 1003 },
    ];

    /// <summary>Adds the hosts that are missing; never touches bookings.</summary>
    public static async Task SeedAsync(SagasDbContext db, CancellationToken cancellationToken)
    {
        var existing = await db.CalendarHosts().Select(h => h.Id).ToListAsync(cancellationToken);
        foreach (var host in Hosts.Where(h => !existing.Contains(h.Id)))
        {
            db.CalendarHosts().Add(new SimulatedCalendarHost { Id = host.Id, Name = host.Name, Email = host.Email, EventTypeId = host.EventTypeId });
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
