using System.Text.Json;
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
    /// <summary>Marks the local record of a uid a create under a key answered with (<see cref="IdempotencyRecord"/> rows).</summary>
    public const string BookingRecordOperation = "calendar-booking";

    private static int Attempt => ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.Info.Attempt : 1;

    /// <summary>Books under the step's key. A retry (attempt &gt; 1, or a new round after a rate-limit wait) looks the key
    /// up first; the POST, once sent, is not abandoned when the saga is cancelled (see <see cref="CalcomHttpCalendar"/>):
    /// the engine waits for this activity, then compensates the booking it made.</summary>
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
            request.Round > 0,
            ct);
        faults.AfterEffect(request.Step, request.IdempotencyKey, request.Faults);
        return BookingResult.From(booking, calendar.Kind);
    }

    /// <summary>Compensation: cancels <b>every</b> live booking made under the step's key (duplicates of a create whose
    /// answer was lost, and the bookings a reschedule moved them to), found by the list, by the uids recorded locally
    /// and through <c>rescheduledToUid</c>. Nothing found fences the key, so a create still retrying is refused.</summary>
    [Activity]
    public async Task<string> CancelCalendarBookingAsync(BookingUndoRequest request)
    {
        var ct = ActivityCancellation.Token;
        await faults.ThrowIfCompensationFailsAsync(request.Step, request.IdempotencyKey, request.Faults, ct);
        await using var heartbeat = ActivityHeartbeat.Start();
        return await RetryableRateLimitAsync(async () =>
        {
            var all = await FindAllAsync(request.StepKey, request.Search, ct);
            if (all.Count == 0)
            {
                await idempotency.HasEffectAsync(request.StepKey, ct);
                logger.LogInformation("No booking under {StepKey}: nothing to cancel (key fenced)", request.StepKey);
                return CompensationOutcome.NothingToUndo;
            }

            var live = all.Where(b => b.IsLive).ToList();
            foreach (var booking in live)
            {
                await calendar.CancelAsync(booking.Uid, $"saga compensation ({request.Step})", CancellationToken.None);
                logger.LogInformation("Cancelled booking {Uid} made under {StepKey} ({Step})", booking.Uid, request.StepKey, request.Step);
            }

            return live.Count > 0 ? CompensationOutcome.Undone : CompensationOutcome.AlreadyUndone;
        });
    }

    /// <summary>"Did it happen?" for a booking step: is there a booking under its key (list, local record, reschedules)?
    /// If not, the key is fenced.</summary>
    [Activity]
    public async Task<bool> CalendarBookingHappenedAsync(BookingCheckRequest request)
    {
        var ct = ActivityCancellation.Token;
        await using var heartbeat = ActivityHeartbeat.Start();
        return await RetryableRateLimitAsync(async () =>
        {
            if ((await FindAllAsync(request.StepKey, request.Search, ct)).Count > 0)
            {
                return true;
            }

            await idempotency.HasEffectAsync(request.StepKey, ct);
            return false;
        });
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
                    request.Round > 0,
                    ct);
                break;
            case SyncActions.Update:
                booking = await CurrentAsync(Uid(snapshot), ct);
                break;
            case SyncActions.Cancel:
                booking = await calendar.CancelAsync((await CurrentAsync(Uid(snapshot), ct)).Uid, request.Reason, CancellationToken.None);
                break;
            case SyncActions.Reschedule:
                var newStart = request.NewStartUtc ?? throw BusinessFailure.InvalidInput("a reschedule needs the new start");
                await ThrowIfFencedAsync(request.IdempotencyKey, ct);
                var current = await CurrentAsync(Uid(snapshot), ct);
                booking = current.IsLive && current.StartUtc == newStart
                    ? current
                    : await calendar.RescheduleAsync(current.Uid, newStart, request.Reason, CancellationToken.None);
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
        await using var heartbeat = ActivityHeartbeat.Start();
        return await RetryableRateLimitAsync(async () =>
        {
            var current = await CurrentAsync(Uid(snapshot), ct);
            string outcome;
            if (current.Uid == snapshot.BookingUid && current.IsLive)
            {
                // The reschedule did not happen (yet): fence its key so a late retry of it is refused, as the cancel
                // compensation does for a create.
                await idempotency.HasEffectAsync(request.StepKey, ct);
                outcome = CompensationOutcome.NothingToUndo;
            }
            else if (current.IsLive && current.StartUtc == snapshot.StartUtc)
            {
                outcome = CompensationOutcome.AlreadyUndone;
            }
            else
            {
                current = await calendar.RescheduleAsync(current.Uid, snapshot.StartUtc, "saga compensation: restore the previous time", CancellationToken.None);
                outcome = CompensationOutcome.Undone;
            }

            await PointAppointmentAtAsync(request, current, outcome, ct);
            return outcome;
        });
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

    private async Task<CalendarBooking> ReconcileOrCreateAsync(string key, BookingSearch search, NewBooking booking, bool retried, CancellationToken ct)
    {
        await ThrowIfFencedAsync(key, ct);

        // A retry may follow a create whose answer was lost (timeout, worker lost), or one still in flight: look the key
        // up before any new POST — by the list, by the uids recorded locally, through reschedules.
        var isRetry = retried || Attempt > 1;
        if (isRetry && await ExistingAsync(key, search, ct) is { } existing)
        {
            return existing;
        }

        CalendarBooking created;
        try
        {
            // Not the activity's token: a create once sent is finished, never abandoned (Cal.com would book anyway).
            created = await calendar.CreateAsync(booking, CancellationToken.None);
        }
        catch (Temporalio.Exceptions.ApplicationFailureException e) when (isRetry && e.ErrorType == CalcomErrors.SlotUnavailable)
        {
            // On a retry the slot may be taken by our own first booking (still processing when we looked, or invisible to
            // the key's list): look again; not found, the outcome is unknown — retryable, never a business failure.
            if (await ExistingAsync(key, search, ct) is { } mine)
            {
                return mine;
            }

            throw new Temporalio.Exceptions.ApplicationFailureException(
                $"{e.Message} (attempt {Attempt}: the slot may be taken by this step's own earlier create; outcome unknown)",
                e, CalcomErrors.SlotUnavailable, nonRetryable: false);
        }

        await RememberAsync(key, created.Uid);
        return created;
    }

    private async Task<CalendarBooking?> ExistingAsync(string key, BookingSearch search, CancellationToken ct)
    {
        var all = await FindAllAsync(key, search, ct);
        if (all.FirstOrDefault(b => b.IsLive) is { } live)
        {
            logger.LogInformation("Booking {Uid} under {IdempotencyKey} already made (attempt {Attempt}): reconciled, not booked again", live.Uid, key, Attempt);
            return live;
        }

        if (all.Count > 0)
        {
            throw BusinessFailure.Create(SagaErrorTypes.StepFenced, $"{key}: booking {all[^1].Uid} was made and already cancelled");
        }

        return null;
    }

    private async Task ThrowIfFencedAsync(string key, CancellationToken ct)
    {
        if (await db.Set<IdempotencyRecord>().AsNoTracking().AnyAsync(r => r.Key == key && r.Operation == IdempotencyRecord.FenceOperation, ct))
        {
            throw BusinessFailure.Create(SagaErrorTypes.StepFenced, $"{key}: the saga already compensated this step as not done; refusing to act now");
        }
    }

    private async Task<IReadOnlyList<CalendarBooking>> FindAllAsync(string key, BookingSearch search, CancellationToken ct) =>
        await calendar.FindAllAsync(key, search, await KnownUidsAsync(key, ct), ct);

    // The uid of every booking a create under the key answered with, recorded in the sagas database: Cal.com's list
    // shows only what the API key's user organizes or attends, GET /bookings/{uid} finds the rest.
    private async Task<IReadOnlyList<string>> KnownUidsAsync(string key, CancellationToken ct)
    {
        var prefix = BookingRecordPrefix(key);
        var rows = await db.Set<IdempotencyRecord>().AsNoTracking()
            .Where(r => r.Operation == BookingRecordOperation && r.Key.StartsWith(prefix))
            .Select(r => r.ResultJson)
            .ToListAsync(ct);
        return [.. rows.Select(json => JsonSerializer.Deserialize<string>(json)!)];
    }

    private async Task RememberAsync(string key, string uid)
    {
        try
        {
            db.Set<IdempotencyRecord>().Add(new IdempotencyRecord
            {
                Key = BookingRecordPrefix(key) + uid,
                Operation = BookingRecordOperation,
                ResultJson = JsonSerializer.Serialize(uid),
                CreatedUtc = DateTime.UtcNow,
            });
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException e)
        {
            // The booking is made; failing the step over its memo would only make the saga book again.
            logger.LogWarning(e, "Could not record booking {Uid} under {IdempotencyKey} locally", uid, key);
            db.ChangeTracker.Clear();
        }
    }

    private static string BookingRecordPrefix(string key) => $"{key}/calendar-booking/";

    // Compensations and checks retry for hours: a rate limit waits for the reset (NextRetryDelay), not for review.
    private static async Task<T> RetryableRateLimitAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Temporalio.Exceptions.ApplicationFailureException e) when (e.ErrorType == CalcomErrors.RateLimited)
        {
            throw CalcomErrors.Retryable(e);
        }
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
