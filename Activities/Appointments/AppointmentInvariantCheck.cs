using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TemporalSagas.Activities.Appointments.Data;
using TemporalSagas.Activities.Calcom;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Verification;

namespace TemporalSagas.Activities.Appointments;

/// <summary>
/// DESIGN §3.2's invariants, checked against the database and the calendar: no live local appointment (or composite
/// segment) pointing at a cancelled or missing booking; no live booking made by these sagas without a live local
/// appointment; every appointment's status/sync-status pair valid. Reads only.
/// </summary>
public sealed class AppointmentInvariantCheck : IInvariantCheck
{
    public const string PointsAtDeadBooking = "appointment-points-at-cancelled-or-missing-booking";
    public const string OrphanedBooking = "live-booking-without-appointment";
    public const string InvalidStatusPair = "invalid-status-pair";

    /// <summary>How far back and ahead the calendar is listed for orphaned bookings.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(400);

    public string Domain => "appointment";

    public async Task<IReadOnlyList<InvariantViolation>> CheckAsync(SagasDbContext db, IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        return (await InspectAsync(db, scope.ServiceProvider.GetRequiredService<ICalendar>(), cancellationToken)).Violations;
    }

    /// <summary>The violations, and the live bookings of these sagas that no live local appointment references (the
    /// orphans <c>appointment verify --fix</c> offers to cancel).</summary>
    public async Task<(IReadOnlyList<InvariantViolation> Violations, IReadOnlyList<CalendarBooking> Orphans)> InspectAsync(
        SagasDbContext db, ICalendar calendar, CancellationToken cancellationToken)
    {
        var orphans = new List<CalendarBooking>();
        var violations = new List<InvariantViolation>();
        var appointments = await db.Appointments().AsNoTracking().Where(a => a.DeletedUtc == null).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var segments = (await db.AppointmentSegments().AsNoTracking().ToListAsync(cancellationToken)).ToLookup(s => s.AppointmentId);
        var referenced = new HashSet<string>(StringComparer.Ordinal);

        foreach (var appointment in appointments)
        {
            var uids = appointment.IsComposite
                ? segments[appointment.Id].Select(s => s.CalcomBookingUid).ToList()
                : appointment.CalcomBookingUid is { } uid ? [uid] : [];
            if (AppointmentStatuses.PairProblem(appointment.Status, appointment.CalcomSyncStatus, uids.Count > 0) is { } problem)
            {
                violations.Add(new(Domain, InvalidStatusPair, appointment.Id, $"{appointment.Status}/{appointment.CalcomSyncStatus}: {problem}"));
            }

            if (appointment.Status is AppointmentStatuses.Cancelled or AppointmentStatuses.Pending)
            {
                continue; // its booking must not be live: a live one is reported below as orphaned
            }

            referenced.UnionWith(uids);
            foreach (var bookingUid in uids)
            {
                var booking = await calendar.GetAsync(bookingUid, cancellationToken);
                if (booking is null || !booking.IsLive)
                {
                    violations.Add(new(
                        Domain, PointsAtDeadBooking, appointment.Id,
                        $"{appointment.Status} appointment points at booking {bookingUid}, which is {(booking is null ? "missing" : booking.Status)} in the {calendar.Kind} calendar"));
                }
            }
        }

        var now = DateTime.UtcNow;
        foreach (var booking in await calendar.ListOursAsync(now - Window, now + Window, cancellationToken))
        {
            if (booking.IsLive && !referenced.Contains(booking.Uid))
            {
                orphans.Add(booking);
                violations.Add(new(
                    Domain, OrphanedBooking, booking.Uid,
                    $"live {calendar.Kind} booking at {booking.StartUtc:u} for {booking.AttendeeEmail} (key {booking.IdempotencyKey}) has no live local appointment"));
            }
        }

        return (violations, orphans);
    }
}
