using TemporalSagas.Activities.Appointments.Data;
using TemporalSagas.Activities.Calcom;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Starter.Appointments;

/// <summary>What <c>appointment verify --fix</c> did with one orphaned booking.</summary>
public sealed record OrphanFix(string BookingUid, string? IdempotencyKey, string? SagaId, string Outcome, string Detail)
{
    public const string Cancelled = "cancelled";
    public const string Skipped = "skipped";
}

/// <summary>
/// <c>appointment verify --fix</c>: cancels the live calendar bookings these sagas made that no live local appointment
/// references — the effect that can still escape a saga (a create Cal.com processed after the saga gave up on it).
/// A booking whose saga is still running is left alone (its own compensation or local record is still to come), as
/// is one whose key cannot name its saga (hashed because it was too long); each cancel is recorded in the
/// appointment audit trail (action <c>orphan_cancelled</c>) with the saga and key it came from.
/// </summary>
public static class AppointmentOrphanFix
{
    public const string AuditAction = "orphan_cancelled";

    public static async Task<IReadOnlyList<OrphanFix>> FixAsync(
        IReadOnlyList<CalendarBooking> orphans,
        ICalendar calendar,
        Func<string, CancellationToken, Task<bool>> sagaRunning,
        SagasDbContext db,
        CancellationToken cancellationToken)
    {
        var fixes = new List<OrphanFix>();
        foreach (var booking in orphans)
        {
            var key = booking.IdempotencyKey;
            var sagaId = SagaIdOf(key);
            if (sagaId is null)
            {
                fixes.Add(new(booking.Uid, key, null, OrphanFix.Skipped, "its key does not name a saga (hashed or missing): check it by hand"));
                continue;
            }

            if (await sagaRunning(sagaId, cancellationToken))
            {
                fixes.Add(new(booking.Uid, key, sagaId, OrphanFix.Skipped, $"saga {sagaId} is still running: it settles the booking itself"));
                continue;
            }

            var reason = $"TemporalSagas: no local appointment references this booking (saga {sagaId} ended); cancelled by appointment verify --fix";
            var cancelled = await calendar.CancelAsync(booking.Uid, reason, cancellationToken);
            db.AppointmentAudit().Add(new AppointmentAudit
            {
                AppointmentId = booking.Metadata.GetValueOrDefault("appointmentId") ?? "(none)",
                Action = AuditAction,
                Detail = $"{calendar.Kind} booking {booking.Uid} at {booking.StartUtc:u} for {booking.AttendeeEmail}: {cancelled.Status}",
                SagaId = sagaId,
                IdempotencyKey = key,
                OccurredUtc = DateTime.UtcNow,
            });
            await db.SaveChangesAsync(cancellationToken);
            fixes.Add(new(booking.Uid, key, sagaId, OrphanFix.Cancelled, $"{calendar.Kind} booking is now {cancelled.Status}"));
        }

        return fixes;
    }

    /// <summary>The workflow id in an engine key <c>{workflowId}/{firstRunId}/{step}</c> (a workflow id may itself
    /// contain '/'); null for a hashed or foreign key.</summary>
    public static string? SagaIdOf(string? key)
    {
        if (key is null || key.StartsWith("sha256:", StringComparison.Ordinal))
        {
            return null;
        }

        var step = key.LastIndexOf('/');
        var run = step > 0 ? key.LastIndexOf('/', step - 1) : -1;
        return run > 0 ? key[..run] : null;
    }
}
