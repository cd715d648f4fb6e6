using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Temporalio.Activities;
using TemporalSagas.Activities.Appointments.Data;
using TemporalSagas.Activities.Calcom;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Faults;

namespace TemporalSagas.Activities.Appointments;

/// <summary>The appointment sagas' writes to the local database: customers, appointments, staff, sync status, audit.
/// Every effect commits with its idempotency key (<see cref="Idempotency"/>) and its audit row in one transaction.</summary>
public class AppointmentActivities(
    SagasDbContext db, Idempotency idempotency, FaultInjector faults, IOptions<CalcomOptions> calcom, ILogger<AppointmentActivities> logger)
{
    /// <summary>Read-only: the creation or composite saga's input against the database.</summary>
    [Activity]
    public async Task<BookingInputCheck> CheckBookingInputAsync(BookingInputCheckRequest request)
    {
        var ct = ActivityCancellation.Token;
        var problems = new List<string>();
        if (await db.Appointments().AnyAsync(a => a.Id == request.AppointmentId, ct))
        {
            problems.Add($"appointment id: '{request.AppointmentId}' already exists");
        }

        var ids = request.StaffIds.Distinct(StringComparer.Ordinal).ToList();
        var staff = await db.Staff().AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.CalcomEventTypeId, ct);
        problems.AddRange(ids.Where(id => !staff.ContainsKey(id)).Select(id => $"staff: unknown staff member '{id}'"));
        return new BookingInputCheck(problems, staff);
    }

    /// <summary>Read-only: the appointment a sync will change, and whether the action fits its state.</summary>
    [Activity]
    public async Task<SyncCheck> CheckSyncAsync(SyncCheckRequest request)
    {
        var ct = ActivityCancellation.Token;
        var appointment = await db.Appointments().AsNoTracking().FirstOrDefaultAsync(a => a.Id == request.AppointmentId && a.DeletedUtc == null, ct);
        if (appointment is null)
        {
            return new SyncCheck([$"appointment id: no appointment '{request.AppointmentId}'"], null);
        }

        var problem = (request.Action, appointment) switch
        {
            (_, { IsComposite: true }) => "a composite appointment is synced segment by segment by its own saga, not by this one",
            (SyncActions.Create, { CalcomBookingUid: not null }) => $"appointment '{appointment.Id}' already has booking {appointment.CalcomBookingUid}",
            (not SyncActions.Create, { CalcomBookingUid: null }) => $"appointment '{appointment.Id}' has no booking yet (sync it with the action create)",
            (SyncActions.Cancel or SyncActions.Reschedule, { Status: AppointmentStatuses.Cancelled or AppointmentStatuses.Completed }) =>
                $"appointment '{appointment.Id}' is {appointment.Status}",
            (SyncActions.Reschedule, _) when request.NewStartUtc is null => "new start: a reschedule needs one",
            (SyncActions.Reschedule, _) when request.NewStartUtc == appointment.StartsUtc => "new start: the appointment already starts then",
            _ => null,
        };
        var customer = await db.Customers().AsNoTracking().FirstAsync(c => c.Id == appointment.CustomerId, ct);
        var eventType = appointment.StaffId is null
            ? calcom.Value.DefaultEventTypeId
            : await db.Staff().Where(s => s.Id == appointment.StaffId).Select(s => s.CalcomEventTypeId).FirstOrDefaultAsync(ct);
        var snapshot = new AppointmentSnapshot(
            appointment.Id, appointment.Version, appointment.Status, appointment.CalcomSyncStatus, appointment.CalcomBookingUid,
            Utc(appointment.StartsUtc), Utc(appointment.EndsUtc), customer.Email, customer.Name, eventType == 0 ? calcom.Value.DefaultEventTypeId : eventType);
        return new SyncCheck(problem is null ? [] : [problem], problem is null ? snapshot : null);
    }

    /// <summary>Upserts the customer by e-mail (lower-cased): the same e-mail always gives the same customer.</summary>
    [Activity]
    public async Task<CustomerEnsured> EnsureCustomerAsync(EnsureCustomerRequest request)
    {
        var ct = ActivityCancellation.Token;
        await faults.BeforeEffectAsync(AppointmentSteps.EnsureCustomer, request.IdempotencyKey, request.Faults);
        var email = request.Email.Trim().ToLowerInvariant();
        var ensured = await idempotency.RunOnceAsync(request.IdempotencyKey, "ensure-customer", request, async () =>
        {
            var customer = await db.Customers().FirstOrDefaultAsync(c => c.Email == email, ct);
            if (customer is not null)
            {
                customer.Name = request.Name;
                customer.UpdatedUtc = DateTime.UtcNow;
                return new CustomerEnsured(customer.Id, Created: false);
            }

            customer = new Customer { Id = Ids.New("cus"), Email = email, Name = request.Name, CreatedUtc = DateTime.UtcNow, UpdatedUtc = DateTime.UtcNow };
            db.Customers().Add(customer);
            return new CustomerEnsured(customer.Id, Created: true);
        }, ct);
        faults.AfterEffect(AppointmentSteps.EnsureCustomer, request.IdempotencyKey, request.Faults);
        return ensured;
    }

    [Activity]
    public async Task<LocalAppointmentCreated> CreateLocalAppointmentAsync(CreateLocalAppointmentRequest request)
    {
        var ct = ActivityCancellation.Token;
        await faults.BeforeEffectAsync(AppointmentSteps.CreateLocalAppointment, request.IdempotencyKey, request.Faults);
        var created = await idempotency.RunOnceAsync(request.IdempotencyKey, "create-local-appointment", request, async () =>
        {
            if (await db.Appointments().AnyAsync(a => a.Id == request.AppointmentId, ct))
            {
                throw BusinessFailure.InvalidInput($"appointment '{request.AppointmentId}' already exists");
            }

            var now = DateTime.UtcNow;
            db.Appointments().Add(new Appointment
            {
                Id = request.AppointmentId,
                CustomerId = request.CustomerId,
                CalcomBookingUid = request.BookingUid,
                StartsUtc = request.StartUtc,
                EndsUtc = request.EndUtc,
                Status = AppointmentStatuses.Scheduled,
                CalcomSyncStatus = AppointmentStatuses.Synced,
                LastSyncedUtc = now,
                Notes = request.Notes,
                IdempotencyKey = request.IdempotencyKey,
                SagaId = request.SagaId,
                CreatedUtc = now,
                UpdatedUtc = now,
            });
            Audit(request.AppointmentId, AppointmentAudit.Created, $"booking {request.BookingUid} at {request.StartUtc:u}", request.SagaId, request.IdempotencyKey);
            return new LocalAppointmentCreated(request.AppointmentId, AppointmentStatuses.Scheduled, AppointmentStatuses.Synced);
        }, ct);
        faults.AfterEffect(AppointmentSteps.CreateLocalAppointment, request.IdempotencyKey, request.Faults);
        return created;
    }

    /// <summary>Compensation: soft-deletes the appointment (and its composite segments stay as history) with an audit row.</summary>
    [Activity]
    public async Task<string> SoftDeleteAppointmentAsync(AppointmentUndoRequest request)
    {
        var ct = ActivityCancellation.Token;
        await faults.ThrowIfCompensationFailsAsync(request.Step, request.IdempotencyKey, request.Faults, ct);
        return await idempotency.UndoOnceAsync(request.IdempotencyKey, request.StepKey, "soft-delete-appointment", request, async () =>
        {
            var appointment = await db.Appointments().FirstOrDefaultAsync(a => a.IdempotencyKey == request.StepKey, ct);
            if (appointment is null)
            {
                return CompensationOutcome.NothingToUndo;
            }

            if (appointment.DeletedUtc is not null)
            {
                return CompensationOutcome.AlreadyUndone;
            }

            appointment.DeletedUtc = DateTime.UtcNow;
            appointment.Status = AppointmentStatuses.Cancelled;
            appointment.UpdatedUtc = DateTime.UtcNow;
            Audit(appointment.Id, AppointmentAudit.SoftDeleted, $"saga compensation ({request.Step})", request.SagaId, request.IdempotencyKey);
            logger.LogInformation("Soft-deleted appointment {AppointmentId} ({StepKey})", appointment.Id, request.StepKey);
            return CompensationOutcome.Undone;
        }, ct);
    }

    /// <summary>Assigns the local staff member whose Cal.com host took the booking; <c>STAFF_NOT_FOUND</c> otherwise.</summary>
    [Activity]
    public async Task<StaffAssigned> AssignStaffAsync(AssignStaffRequest request)
    {
        var ct = ActivityCancellation.Token;
        await faults.BeforeEffectAsync(AppointmentSteps.AssignStaff, request.IdempotencyKey, request.Faults);
        var assigned = await idempotency.RunOnceAsync(request.IdempotencyKey, "assign-staff", request, async () =>
        {
            var staff = await db.Staff().AsNoTracking().Where(s => request.HostIds.Contains(s.CalcomHostId)).OrderBy(s => s.CalcomHostId).FirstOrDefaultAsync(ct)
                ?? throw BusinessFailure.Create(AppointmentErrors.StaffNotFound, $"no staff member for the booking's host(s) {string.Join(", ", request.HostIds)}");
            var appointment = await db.Appointments().FirstOrDefaultAsync(a => a.Id == request.AppointmentId, ct)
                ?? throw BusinessFailure.Create(AppointmentErrors.AppointmentNotFound, $"no appointment '{request.AppointmentId}'");
            appointment.StaffId = staff.Id;
            appointment.UpdatedUtc = DateTime.UtcNow;
            Audit(appointment.Id, AppointmentAudit.StaffAssigned, $"{staff.Id} ({staff.Name})", request.SagaId, request.IdempotencyKey);
            return new StaffAssigned(staff.Id, staff.Name);
        }, ct);
        faults.AfterEffect(AppointmentSteps.AssignStaff, request.IdempotencyKey, request.Faults);
        return assigned;
    }

    /// <summary>
    /// A sync's local update: the calendar's answer applied to the appointment read at <c>ExpectedVersion</c>. Another
    /// change in between is <c>APPOINTMENT_CHANGED</c> (non-retryable); the same sync applied before returns at once.
    /// </summary>
    [Activity]
    public async Task<SyncApplied> ApplySyncAsync(ApplySyncRequest request)
    {
        var ct = ActivityCancellation.Token;
        await faults.BeforeEffectAsync(request.Step, request.IdempotencyKey, request.Faults);
        var applied = await idempotency.RunOnceAsync(request.IdempotencyKey, "apply-sync", request, async () =>
        {
            var appointment = await db.Appointments().AsNoTracking().FirstOrDefaultAsync(a => a.Id == request.AppointmentId && a.DeletedUtc == null, ct)
                ?? throw BusinessFailure.Create(AppointmentErrors.AppointmentNotFound, $"appointment '{request.AppointmentId}' is gone");
            if (appointment.LastSyncKey == request.SyncKey)
            {
                return new SyncApplied(appointment.Id, appointment.Status, appointment.CalcomSyncStatus, appointment.Version);
            }

            // The version check and the write are one statement (UPDATE ... WHERE version = @expected): a change committed
            // by anyone after the read above makes it match no row, on PostgreSQL (READ COMMITTED) as on SQLite.
            var now = DateTime.UtcNow;
            var changed = await db.Appointments()
                .Where(a => a.Id == request.AppointmentId && a.DeletedUtc == null && a.Version == request.ExpectedVersion)
                .ExecuteUpdateAsync(
                    set => set
                        .SetProperty(a => a.CalcomBookingUid, request.Booking.Uid)
                        .SetProperty(a => a.StartsUtc, request.Booking.StartUtc)
                        .SetProperty(a => a.EndsUtc, request.Booking.EndUtc)
                        .SetProperty(a => a.Status, request.NewStatus)
                        .SetProperty(a => a.CalcomSyncStatus, AppointmentStatuses.Synced)
                        .SetProperty(a => a.SyncError, (string?)null)
                        .SetProperty(a => a.LastSyncedUtc, now)
                        .SetProperty(a => a.UpdatedUtc, now)
                        .SetProperty(a => a.LastSyncKey, request.SyncKey)
                        .SetProperty(a => a.Version, a => a.Version + 1),
                    ct);
            if (changed == 0)
            {
                var current = await db.Appointments().AsNoTracking().FirstOrDefaultAsync(a => a.Id == request.AppointmentId, ct);
                if (current?.LastSyncKey == request.SyncKey)
                {
                    return new SyncApplied(current.Id, current.Status, current.CalcomSyncStatus, current.Version);
                }

                throw BusinessFailure.Create(
                    AppointmentErrors.AppointmentChanged,
                    $"appointment '{request.AppointmentId}' changed since this sync read it (version {current?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "gone"}, expected {request.ExpectedVersion})");
            }

            Audit(appointment.Id, AppointmentAudit.Synced, $"{request.Action}: {request.NewStatus}, booking {request.Booking.Uid} at {request.Booking.StartUtc:u}",
                request.SagaId, request.IdempotencyKey);
            return new SyncApplied(appointment.Id, request.NewStatus, AppointmentStatuses.Synced, request.ExpectedVersion + 1);
        }, ct);
        faults.AfterEffect(request.Step, request.IdempotencyKey, request.Faults);
        return applied;
    }

    /// <summary>Marks the sync status (<c>error</c> or <c>manual_review_required</c>) without touching the version, so the
    /// sync's own retry still applies; audited.</summary>
    [Activity]
    public Task<string> MarkSyncStatusAsync(MarkSyncStatusRequest request)
    {
        var ct = ActivityCancellation.Token;
        return idempotency.RunOnceAsync(request.IdempotencyKey, "mark-sync-status", request, async () =>
        {
            var appointment = await db.Appointments().FirstOrDefaultAsync(a => a.Id == request.AppointmentId, ct)
                ?? throw BusinessFailure.Create(AppointmentErrors.AppointmentNotFound, $"no appointment '{request.AppointmentId}'");
            appointment.CalcomSyncStatus = request.SyncStatus;
            appointment.SyncError = request.Reason.Length > 1000 ? request.Reason[..1000] : request.Reason;
            appointment.UpdatedUtc = DateTime.UtcNow;
            var action = request.SyncStatus == AppointmentStatuses.ManualReviewRequired ? AppointmentAudit.ManualReviewRequired : AppointmentAudit.SyncError;
            Audit(appointment.Id, action, appointment.SyncError, request.SagaId, request.IdempotencyKey);
            if (action == AppointmentAudit.ManualReviewRequired)
            {
                logger.LogCritical("Appointment {AppointmentId} needs manual review: {Reason}", appointment.Id, request.Reason);
            }

            return request.SyncStatus;
        }, ct);
    }

    /// <summary>Records an operator's decision on the appointment's review (and, when resolved, that it is synced again).</summary>
    [Activity]
    public Task<bool> RecordReviewAsync(RecordReviewRequest request)
    {
        var ct = ActivityCancellation.Token;
        return idempotency.RunOnceAsync(request.IdempotencyKey, "record-review", request, async () =>
        {
            var appointment = await db.Appointments().FirstOrDefaultAsync(a => a.Id == request.AppointmentId, ct);
            if (appointment is not null && request.MarkSynced)
            {
                appointment.CalcomSyncStatus = AppointmentStatuses.Synced;
                appointment.SyncError = null;
                appointment.UpdatedUtc = DateTime.UtcNow;
            }

            Audit(request.AppointmentId, AppointmentAudit.Reviewed,
                $"{request.Decision} by {request.Operator}{(request.Note is { Length: > 0 } note ? $": {note}" : string.Empty)}", request.SagaId, request.IdempotencyKey);
            return appointment is not null;
        }, ct);
    }

    /// <summary>The composite appointment and its segments, written only once every segment is booked.</summary>
    [Activity]
    public async Task<LocalAppointmentCreated> CreateCompositeAppointmentAsync(CreateCompositeRequest request)
    {
        var ct = ActivityCancellation.Token;
        await faults.BeforeEffectAsync(AppointmentSteps.CreateCompositeAppointment, request.IdempotencyKey, request.Faults);
        var created = await idempotency.RunOnceAsync(request.IdempotencyKey, "create-composite-appointment", request, async () =>
        {
            if (await db.Appointments().AnyAsync(a => a.Id == request.AppointmentId, ct))
            {
                throw BusinessFailure.InvalidInput($"appointment '{request.AppointmentId}' already exists");
            }

            var now = DateTime.UtcNow;
            db.Appointments().Add(new Appointment
            {
                Id = request.AppointmentId,
                CustomerId = request.CustomerId,
                StartsUtc = request.Segments.Min(s => s.Booking.StartUtc),
                EndsUtc = request.Segments.Max(s => s.Booking.EndUtc),
                Status = AppointmentStatuses.Scheduled,
                CalcomSyncStatus = AppointmentStatuses.Synced,
                LastSyncedUtc = now,
                IsComposite = true,
                IdempotencyKey = request.IdempotencyKey,
                SagaId = request.SagaId,
                CreatedUtc = now,
                UpdatedUtc = now,
            });
            foreach (var segment in request.Segments)
            {
                db.AppointmentSegments().Add(new AppointmentSegment
                {
                    AppointmentId = request.AppointmentId,
                    Position = segment.Position,
                    StaffId = segment.StaffId,
                    StartsUtc = segment.Booking.StartUtc,
                    EndsUtc = segment.Booking.EndUtc,
                    CalcomBookingUid = segment.Booking.Uid,
                });
            }

            Audit(request.AppointmentId, AppointmentAudit.Created, $"composite of {request.Segments.Count} segment(s)", request.SagaId, request.IdempotencyKey);
            return new LocalAppointmentCreated(request.AppointmentId, AppointmentStatuses.Scheduled, AppointmentStatuses.Synced);
        }, ct);
        faults.AfterEffect(AppointmentSteps.CreateCompositeAppointment, request.IdempotencyKey, request.Faults);
        return created;
    }

    private void Audit(string appointmentId, string action, string detail, string sagaId, string idempotencyKey) =>
        db.AppointmentAudit().Add(new AppointmentAudit
        {
            AppointmentId = appointmentId,
            Action = action,
            Detail = detail,
            SagaId = sagaId,
            IdempotencyKey = idempotencyKey,
            OccurredUtc = DateTime.UtcNow,
        });

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
