using TemporalSagas.Activities.Calcom;
using TemporalSagas.Activities.Faults;

namespace TemporalSagas.Activities.Appointments;

public sealed record EnsureCustomerRequest(string IdempotencyKey, string Email, string Name, FaultPlan? Faults = null);

public sealed record CustomerEnsured(string CustomerId, bool Created);

/// <summary>A booking to make under the step's key. <paramref name="Step"/> names the step for fault injection.</summary>
/// <param name="Round">0 for the step's first run; n after the saga waited out Cal.com's rate limit n times (the
/// activity then looks the key up first, as on any retry).</param>
public sealed record CreateBookingRequest(
    string IdempotencyKey,
    string Step,
    int EventTypeId,
    DateTime StartUtc,
    int LengthMinutes,
    string AttendeeName,
    string AttendeeEmail,
    string TimeZone,
    string AppointmentId,
    FaultPlan? Faults = null,
    int Round = 0)
{
    public BookingSearch Search => new(AttendeeEmail, StartUtc, LengthMinutes);
}

/// <summary>What the saga keeps of a booking.</summary>
public sealed record BookingResult(
    string Uid, int Id, string Status, DateTime StartUtc, DateTime EndUtc, IReadOnlyList<int> HostIds, string Calendar)
{
    public static BookingResult From(CalendarBooking booking, string calendar) => new(
        booking.Uid, booking.Id, booking.Status, booking.StartUtc, booking.EndUtc, [.. booking.Hosts.Select(h => h.Id)], calendar);
}

/// <summary>The compensation (cancel) or the "did it happen?" check of a booking step: the booking is found by the
/// step's key in its metadata, so neither needs the step's result.</summary>
public sealed record BookingUndoRequest(string IdempotencyKey, string StepKey, string Step, BookingSearch Search, FaultPlan? Faults = null);

public sealed record BookingCheckRequest(string StepKey, BookingSearch Search);

public sealed record CreateLocalAppointmentRequest(
    string IdempotencyKey,
    string AppointmentId,
    string SagaId,
    string CustomerId,
    string BookingUid,
    DateTime StartUtc,
    DateTime EndUtc,
    string? Notes,
    FaultPlan? Faults = null);

public sealed record LocalAppointmentCreated(string AppointmentId, string Status, string SyncStatus);

/// <summary>Compensation of a local appointment step: soft delete (with an audit row) of the appointment the step
/// created, found by the step's key.</summary>
public sealed record AppointmentUndoRequest(string IdempotencyKey, string StepKey, string Step, string SagaId, FaultPlan? Faults = null);

public sealed record AssignStaffRequest(string IdempotencyKey, string AppointmentId, string SagaId, IReadOnlyList<int> HostIds, FaultPlan? Faults = null);

public sealed record StaffAssigned(string StaffId, string StaffName);

/// <summary>Read-only check of a creation or composite saga's input against the database.</summary>
public sealed record BookingInputCheckRequest(string AppointmentId, IReadOnlyList<string> StaffIds);

/// <param name="EventTypeIds">Each named staff member's event type (by staff id).</param>
public sealed record BookingInputCheck(IReadOnlyList<string> Problems, IReadOnlyDictionary<string, int> EventTypeIds);

/// <summary>Read-only: the appointment a sync will change, as it is now.</summary>
public sealed record SyncCheckRequest(string AppointmentId, string Action, DateTime? NewStartUtc);

/// <param name="Snapshot">The appointment as the sync read it (null when it has problems).</param>
public sealed record SyncCheck(IReadOnlyList<string> Problems, AppointmentSnapshot? Snapshot);

public sealed record AppointmentSnapshot(
    string AppointmentId,
    int Version,
    string Status,
    string SyncStatus,
    string? BookingUid,
    DateTime StartUtc,
    DateTime EndUtc,
    string CustomerEmail,
    string CustomerName,
    int EventTypeId)
{
    public int LengthMinutes => (int)Math.Round((EndUtc - StartUtc).TotalMinutes);
}

/// <summary>A sync's call to the calendar. <paramref name="Snapshot"/> is the appointment before the change.</summary>
public sealed record CalendarChangeRequest(
    string IdempotencyKey, string Step, string Action, AppointmentSnapshot Snapshot, DateTime? NewStartUtc, string Reason, FaultPlan? Faults = null, int Round = 0);

/// <summary>Compensation of a sync's reschedule: put the booking back at the snapshot's time and point the local
/// appointment at the booking that is live then.</summary>
public sealed record RestoreBookingRequest(
    string IdempotencyKey, string StepKey, string Step, string SagaId, AppointmentSnapshot Snapshot, FaultPlan? Faults = null);

/// <summary>A sync's local update: apply what the calendar now says, if the appointment is still at
/// <see cref="AppointmentSnapshot.Version"/> (or this sync, <paramref name="SyncKey"/>, already applied it).</summary>
public sealed record ApplySyncRequest(
    string IdempotencyKey,
    string Step,
    string SyncKey,
    string SagaId,
    string Action,
    int ExpectedVersion,
    string AppointmentId,
    BookingResult Booking,
    string NewStatus,
    FaultPlan? Faults = null);

public sealed record SyncApplied(string AppointmentId, string Status, string SyncStatus, int Version);

/// <summary>Marks the appointment's sync status (<c>error</c>, <c>manual_review_required</c>) with the reason, and audits it.</summary>
public sealed record MarkSyncStatusRequest(string IdempotencyKey, string AppointmentId, string SagaId, string SyncStatus, string Reason);

/// <summary>Records an operator's review decision on the appointment (audit row; <c>synced</c> again when resolved).</summary>
public sealed record RecordReviewRequest(
    string IdempotencyKey, string AppointmentId, string SagaId, string Decision, string Operator, string? Note, bool MarkSynced);

public sealed record CompositeSegmentBooked(int Position, string StaffId, BookingResult Booking);

public sealed record CreateCompositeRequest(
    string IdempotencyKey,
    string AppointmentId,
    string SagaId,
    string CustomerId,
    IReadOnlyList<CompositeSegmentBooked> Segments,
    FaultPlan? Faults = null);
