using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Temporalio.Activities;
using TemporalSagas.Activities.Calcom;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Data.Entities;
using TemporalSagas.Activities.Faults;

namespace TemporalSagas.Activities.Appointments;

/// <summary>
/// The appointment sagas' calls to the calendar (Cal.com or the simulated one). The calendar is the record of these
/// effects: every booking carries its step's idempotency key in its metadata, so a create whose answer was lost is
/// found again instead of booked twice, and compensations and checks find the booking by the key alone.
/// </summary>
public class CalendarActivities(
    ICalendar calendar,
    SagasDbContext db,
    Idempotency idempotency,
    FaultInjector faults,
    IOptions<CalcomOptions> options,
    ILogger<CalendarActivities> logger)
{
    private static int Attempt => ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.Info.Attempt : 1;

    [Activity]
    public async Task<BookingResult> CreateCalendarBookingAsync(CreateBookingRequest request)
    {
        var ct = ActivityCancellation.Token;
        await faults.BeforeEffectAsync(request.Step, request.IdempotencyKey, request.Faults);
        await using var heartbeat = ActivityHeartbeat.Start();
        var booking = await ReconcileOrCreateAsync(
            request.IdempotencyKey,
            request.Search,
            new NewBooking(
                request.EventTypeId > 0 ? request.EventTypeId : options.Value.DefaultEventTypeId, request.StartUtc, request.LengthMinutes, request.AttendeeName, request.AttendeeEmail, request.TimeZone,
                request.IdempotencyKey, new Dictionary<string, string> { ["appointmentId"] = request.AppointmentId }),
            ct);
        faults.AfterEffect(request.Step, request.IdempotencyKey, request.Faults);
        return BookingResult.From(booking, calendar.Kind);
    }

    /// <summary>Compensation: cancels the booking made under the step's key. Nothing found fences the key, so a
    /// create still in flight is refused when it is retried.</summary>
    [Activity]
    public async Task<string> CancelCalendarBookingAsync(BookingUndoRequest request)
    {
        var ct = ActivityCancellation.Token;
        await faults.ThrowIfCompensationFailsAsync(request.Step, request.IdempotencyKey, request.Faults, ct);
        var booking = await calendar.FindByIdempotencyKeyAsync(request.StepKey, request.Search, ct);
        if (booking is null)
        {
            await idempotency.HasEffectAsync(request.StepKey, ct);
            logger.LogInformation("No booking under {StepKey}: nothing to cancel (key fenced)", request.StepKey);
            return CompensationOutcome.NothingToUndo;
        }

        if (!booking.IsLive)
        {
            return CompensationOutcome.AlreadyUndone;
        }

        await calendar.CancelAsync(booking.Uid, $"saga compensation ({request.Step})", ct);
        logger.LogInformation("Cancelled booking {Uid} made under {StepKey}", booking.Uid, request.StepKey);
        return CompensationOutcome.Undone;
    }

    /// <summary>"Did it happen?" for a booking step: is there a booking under its key? If not, the key is fenced.</summary>
    [Activity]
    public async Task<bool> CalendarBookingHappenedAsync(BookingCheckRequest request)
    {
        var ct = ActivityCancellation.Token;
        if (await calendar.FindByIdempotencyKeyAsync(request.StepKey, request.Search, ct) is not null)
        {
            return true;
        }

        await idempotency.HasEffectAsync(request.StepKey, ct);
        return false;
    }

    /// <summary>A sync's call to the calendar. Each action is safe to repeat: a create reconciles by key, a
    /// reschedule that already happened is found by following the booking, a cancel of a cancelled booking is a no-op.</summary>
    [Activity]
    public async Task<BookingResult> ChangeCalendarBookingAsync(CalendarChangeRequest request)
    {
        var ct = ActivityCancellation.Token;
        var snapshot = request.Snapshot;
        await faults.BeforeEffectAsync(request.Step, request.IdempotencyKey, request.Faults);
        await using var heartbeat = ActivityHeartbeat.Start();
        CalendarBooking booking;
        switch (request.Action)
        {
            case SyncActions.Create:
                booking = await ReconcileOrCreateAsync(
                    request.IdempotencyKey,
                    new BookingSearch(snapshot.CustomerEmail, snapshot.StartUtc, snapshot.LengthMinutes),
                    new NewBooking(
                        snapshot.EventTypeId, snapshot.StartUtc, snapshot.LengthMinutes, snapshot.CustomerName, snapshot.CustomerEmail, "UTC",
                        request.IdempotencyKey, new Dictionary<string, string> { ["appointmentId"] = snapshot.AppointmentId }),
                    ct);
                break;
            case SyncActions.Update:
                booking = await CurrentAsync(Uid(snapshot), ct);
                break;
            case SyncActions.Cancel:
                booking = await calendar.CancelAsync((await CurrentAsync(Uid(snapshot), ct)).Uid, request.Reason, ct);
                break;
            case SyncActions.Reschedule:
                var newStart = request.NewStartUtc ?? throw BusinessFailure.InvalidInput("a reschedule needs the new start");
                var current = await CurrentAsync(Uid(snapshot), ct);
                booking = current.IsLive && current.StartUtc == newStart
                    ? current
                    : await calendar.RescheduleAsync(current.Uid, newStart, request.Reason, ct);
                break;
            default:
                throw BusinessFailure.InvalidInput($"unknown sync action '{request.Action}'");
        }

        faults.AfterEffect(request.Step, request.IdempotencyKey, request.Faults);
        return BookingResult.From(booking, calendar.Kind);
    }

    /// <summary>
    /// Compensation of a sync's reschedule: moves the booking that is live now back to the time the appointment had,
    /// then points the local appointment at it (Cal.com replaces a booking when it moves it).
    /// </summary>
    [Activity]
    public async Task<string> RestoreCalendarBookingAsync(RestoreBookingRequest request)
    {
        var ct = ActivityCancellation.Token;
        var snapshot = request.Snapshot;
        await faults.ThrowIfCompensationFailsAsync(request.Step, request.IdempotencyKey, request.Faults, ct);
        var current = await CurrentAsync(Uid(snapshot), ct);
        string outcome;
        if (current.Uid == snapshot.BookingUid && current.IsLive)
        {
            outcome = CompensationOutcome.NothingToUndo;
        }
        else if (current.IsLive && current.StartUtc == snapshot.StartUtc)
        {
            outcome = CompensationOutcome.AlreadyUndone;
        }
        else
        {
            current = await calendar.RescheduleAsync(current.Uid, snapshot.StartUtc, "saga compensation: restore the previous time", ct);
            outcome = CompensationOutcome.Undone;
        }

        await PointAppointmentAtAsync(request, current, outcome, ct);
        return outcome;
    }

    private async Task PointAppointmentAtAsync(RestoreBookingRequest request, CalendarBooking booking, string outcome, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var appointment = await db.Set<Data.Appointment>().FirstOrDefaultAsync(a => a.Id == request.Snapshot.AppointmentId, ct);
        if (appointment is not null)
        {
            appointment.CalcomBookingUid = booking.Uid;
            appointment.StartsUtc = booking.StartUtc;
            appointment.EndsUtc = booking.EndUtc;
            appointment.CalcomSyncStatus = AppointmentStatuses.Synced;
            appointment.SyncError = null;
            appointment.LastSyncedUtc = DateTime.UtcNow;
            appointment.UpdatedUtc = DateTime.UtcNow;
            appointment.Version++;
        }

        var audit = db.Set<Data.AppointmentAudit>();
        if (!await audit.AnyAsync(a => a.IdempotencyKey == request.IdempotencyKey, ct))
        {
            audit.Add(new Data.AppointmentAudit
            {
                AppointmentId = request.Snapshot.AppointmentId,
                Action = Data.AppointmentAudit.Restored,
                Detail = $"{outcome}: booking {booking.Uid} at {booking.StartUtc:u}",
                SagaId = request.SagaId,
                IdempotencyKey = request.IdempotencyKey,
                OccurredUtc = DateTime.UtcNow,
            });
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private async Task<CalendarBooking> ReconcileOrCreateAsync(string key, BookingSearch search, NewBooking booking, CancellationToken ct)
    {
        if (await db.Set<IdempotencyRecord>().AsNoTracking().AnyAsync(r => r.Key == key && r.Operation == IdempotencyRecord.FenceOperation, ct))
        {
            throw BusinessFailure.Create(SagaErrorTypes.StepFenced, $"{key}: the saga already compensated this booking as not made; refusing to book now");
        }

        // A retry may follow a create whose answer was lost (timeout, worker lost): look the key up first.
        if (Attempt > 1 && await calendar.FindByIdempotencyKeyAsync(key, search, ct) is { } existing)
        {
            if (!existing.IsLive)
            {
                throw BusinessFailure.Create(SagaErrorTypes.StepFenced, $"{key}: booking {existing.Uid} was made and already cancelled");
            }

            logger.LogInformation("Booking {Uid} under {IdempotencyKey} already made (attempt {Attempt}): reconciled, not booked again", existing.Uid, key, Attempt);
            return existing;
        }

        return await calendar.CreateAsync(booking, ct);
    }

    private async Task<CalendarBooking> CurrentAsync(string uid, CancellationToken ct)
    {
        // Follow reschedules to the booking that replaced this one (bounded: a chain longer than this is a loop).
        for (var hops = 0; hops < 20; hops++)
        {
            var booking = await calendar.GetAsync(uid, ct) ?? throw CalcomErrors.NotFound(uid);
            if (booking.RescheduledToUid is not { Length: > 0 } next)
            {
                return booking;
            }

            uid = next;
        }

        throw BusinessFailure.InvalidInput($"booking {uid}: too many reschedules to follow");
    }

    private static string Uid(AppointmentSnapshot snapshot) =>
        snapshot.BookingUid ?? throw BusinessFailure.InvalidInput($"appointment {snapshot.AppointmentId} has no booking");
}
