using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TemporalSagas.Activities.Calcom.Data;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Activities.Calcom;

/// <summary>
/// SIMULATED calendar over the sagas database, the default when no Cal.com API key is configured. It answers like
/// Cal.com (the rules of <see cref="CalcomHttpCalendar"/>, from Cal.com's source): hosts with their own event types plus
/// a round-robin one, the booking lasts its event type's length (not the requested one), metadata within Cal.com's
/// limits, an unknown event type is <c>CALCOM_EVENT_TYPE_NOT_FOUND</c>, a slot taken by an overlapping booking of the
/// host is <c>SLOT_UNAVAILABLE</c>, a reschedule books anew and cancels the old booking (a cancelled one cannot be
/// rescheduled: <c>BOOKING_CANCELLED</c>), a booking that ended cannot be cancelled (<c>BOOKING_ENDED</c>), and the key
/// lookup lists the attendee's bookings in the search window and matches the metadata, as it must with Cal.com; it never
/// deduplicates by metadata (the sagas' reconciliation does). Outages are simulated with the saga's fault plan.
/// </summary>
public sealed class SimulatedCalendar(SagasDbContext db, ILogger<SimulatedCalendar> logger) : ICalendar
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Kind => "simulated";

    public async Task<CalendarBooking> CreateAsync(NewBooking booking, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(booking.AttendeeEmail))
        {
            throw BusinessFailure.InvalidInput("a booking needs an attendee e-mail");
        }

        var metadata = booking.AllMetadata();
        if (CalendarBooking.MetadataProblem(metadata) is { } problem)
        {
            throw BusinessFailure.InvalidInput(problem);
        }

        var end = booking.StartUtc.AddMinutes(SimulatedCalendarData.EventTypeLengthMinutes);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var host = await FreeHostAsync(booking.EventTypeId, booking.StartUtc, end, null, cancellationToken);
        var row = new SimulatedCalendarBooking
        {
            Uid = NewUid(),
            EventTypeId = booking.EventTypeId,
            HostId = host.Id,
            StartUtc = booking.StartUtc,
            EndUtc = end,
            AttendeeName = booking.AttendeeName,
            AttendeeEmail = booking.AttendeeEmail,
            TimeZone = booking.TimeZone,
            MetadataJson = JsonSerializer.Serialize(metadata, Json),
            IdempotencyKey = metadata[CalendarBooking.IdempotencyKeyField],
            CreatedUtc = DateTime.UtcNow,
        };
        db.CalendarBookings().Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("SIMULATED calendar booked {Uid} with host {HostId} at {Start:u}", row.Uid, host.Id, row.StartUtc);
        return await MapAsync(row, cancellationToken);
    }

    public async Task<CalendarBooking?> GetAsync(string uid, CancellationToken cancellationToken)
    {
        var row = await db.CalendarBookings().AsNoTracking().FirstOrDefaultAsync(b => b.Uid == uid, cancellationToken);
        return row is null ? null : await MapAsync(row, cancellationToken);
    }

    public async Task<CalendarBooking?> FindByIdempotencyKeyAsync(string idempotencyKey, BookingSearch search, CancellationToken cancellationToken) =>
        CalendarLookup.Pick(await this.FindAllAsync(idempotencyKey, search, [], cancellationToken));

    public async Task<IReadOnlyList<CalendarBooking>> ListByIdempotencyKeyAsync(string idempotencyKey, BookingSearch search, CancellationToken cancellationToken)
    {
        // As with Cal.com: the attendee's bookings in the window, the key matched in the metadata (not a key column).
        var (from, to) = search.Window;
        var rows = await db.CalendarBookings().AsNoTracking()
            .Where(b => b.AttendeeEmail == search.AttendeeEmail && b.StartUtc >= from && b.EndUtc <= to)
            .OrderBy(b => b.Id)
            .ToListAsync(cancellationToken);
        var found = new List<CalendarBooking>();
        foreach (var row in rows)
        {
            var booking = await MapAsync(row, cancellationToken);
            if (booking.HasKey(idempotencyKey))
            {
                found.Add(booking);
            }
        }

        return found;
    }

    public async Task<CalendarBooking> CancelAsync(string uid, string reason, CancellationToken cancellationToken)
    {
        var row = await db.CalendarBookings().FirstOrDefaultAsync(b => b.Uid == uid, cancellationToken)
            ?? throw CalcomErrors.NotFound(uid);
        if (row.Status != CalendarBooking.Cancelled && row.EndUtc < DateTime.UtcNow)
        {
            throw BusinessFailure.Create(CalcomErrors.BookingEnded, $"booking {uid} ended at {row.EndUtc:u} and cannot be cancelled");
        }

        if (row.Status != CalendarBooking.Cancelled)
        {
            row.Status = CalendarBooking.Cancelled;
            row.CancellationReason = reason;
            row.CancelledUtc = DateTime.UtcNow;
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("SIMULATED calendar cancelled {Uid}: {Reason}", uid, reason);
        }

        return await MapAsync(row, cancellationToken);
    }

    public async Task<CalendarBooking> RescheduleAsync(string uid, DateTime newStartUtc, string reason, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var old = await db.CalendarBookings().FirstOrDefaultAsync(b => b.Uid == uid, cancellationToken)
            ?? throw CalcomErrors.NotFound(uid);
        if (old.Status == CalendarBooking.Cancelled)
        {
            throw BusinessFailure.Create(
                CalcomErrors.BookingCancelled,
                old.RescheduledToUid is { } to
                    ? $"booking {uid} is cancelled (rescheduled to {to}) and cannot be rescheduled"
                    : $"booking {uid} is cancelled and cannot be rescheduled");
        }

        var end = newStartUtc.AddMinutes(SimulatedCalendarData.EventTypeLengthMinutes);
        var host = await FreeHostAsync(old.EventTypeId, newStartUtc, end, old.Id, cancellationToken, preferredHost: old.HostId);
        var replacement = new SimulatedCalendarBooking
        {
            Uid = NewUid(),
            EventTypeId = old.EventTypeId,
            HostId = host.Id,
            StartUtc = newStartUtc,
            EndUtc = end,
            AttendeeName = old.AttendeeName,
            AttendeeEmail = old.AttendeeEmail,
            TimeZone = old.TimeZone,
            MetadataJson = old.MetadataJson,
            IdempotencyKey = old.IdempotencyKey,
            RescheduledFromUid = old.Uid,
            CreatedUtc = DateTime.UtcNow,
        };
        db.CalendarBookings().Add(replacement);
        old.Status = CalendarBooking.Cancelled;
        old.CancellationReason = $"rescheduled: {reason}";
        old.CancelledUtc = DateTime.UtcNow;
        old.RescheduledToUid = replacement.Uid;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("SIMULATED calendar rescheduled {Uid} to {NewUid} at {Start:u}", uid, replacement.Uid, newStartUtc);
        return await MapAsync(replacement, cancellationToken);
    }

    public async Task<IReadOnlyList<CalendarBooking>> ListOursAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var rows = await db.CalendarBookings().AsNoTracking()
            .Where(b => b.StartUtc >= fromUtc && b.StartUtc < toUtc && b.IdempotencyKey != null)
            .OrderBy(b => b.Id)
            .ToListAsync(cancellationToken);
        var bookings = new List<CalendarBooking>(rows.Count);
        foreach (var row in rows)
        {
            bookings.Add(await MapAsync(row, cancellationToken));
        }

        return bookings;
    }

    private async Task<SimulatedCalendarHost> FreeHostAsync(
        int eventTypeId, DateTime start, DateTime end, int? ignoreBooking, CancellationToken cancellationToken, int? preferredHost = null)
    {
        // Check-then-insert must not race: SQLite transactions begin IMMEDIATE (one writer at a time); on PostgreSQL
        // the hosts are locked until the booking commits, so two bookings of one slot cannot both find it free.
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("SELECT id FROM simulated_calendar_hosts ORDER BY id FOR UPDATE", cancellationToken);
        }

        var hosts = await db.CalendarHosts().AsNoTracking().OrderBy(h => h.Id).ToListAsync(cancellationToken);
        var candidates = eventTypeId == SimulatedCalendarData.RoundRobinEventTypeId
            ? hosts.OrderBy(h => h.Id == preferredHost ? 0 : 1).ThenBy(h => h.Id).ToList()
            : hosts.Where(h => h.EventTypeId == eventTypeId).ToList();
        if (candidates.Count == 0)
        {
            throw BusinessFailure.Create(CalcomErrors.EventTypeNotFound, $"Event type with id {eventTypeId} not found.");
        }

        foreach (var host in candidates)
        {
            var busy = await db.CalendarBookings().AnyAsync(
                b => b.HostId == host.Id && b.Status != CalendarBooking.Cancelled && b.Id != ignoreBooking
                    && b.StartUtc < end && start < b.EndUtc,
                cancellationToken);
            if (!busy)
            {
                return host;
            }
        }

        throw CalcomErrors.SlotTaken(
            $"no host of event type {eventTypeId} is free from {start:u} to {end:u} (the slot is taken)");
    }

    private async Task<CalendarBooking> MapAsync(SimulatedCalendarBooking row, CancellationToken cancellationToken)
    {
        var host = await db.CalendarHosts().AsNoTracking().FirstOrDefaultAsync(h => h.Id == row.HostId, cancellationToken);
        return new CalendarBooking(
            row.Id,
            row.Uid,
            row.Status,
            DateTime.SpecifyKind(row.StartUtc, DateTimeKind.Utc),
            DateTime.SpecifyKind(row.EndUtc, DateTimeKind.Utc),
            row.EventTypeId,
            host is null ? [] : [new CalendarHost(host.Id, host.Name, host.Email)],
            row.AttendeeName,
            row.AttendeeEmail,
            JsonSerializer.Deserialize<Dictionary<string, string>>(row.MetadataJson, Json) ?? [],
            row.RescheduledFromUid,
            row.RescheduledToUid);
    }

    private static string NewUid() => $"sim-{Guid.CreateVersion7():N}";
}
