namespace TemporalSagas.Activities.Appointments.Data;

/// <summary>
/// The local appointment the sagas keep consistent with its Cal.com booking. <see cref="Status"/> is the business
/// state, <see cref="CalcomSyncStatus"/> whether the calendar agrees (<see cref="AppointmentStatuses"/>). Never deleted:
/// a compensation soft-deletes it (<see cref="DeletedUtc"/>) and writes an audit row.
/// </summary>
public class Appointment
{
    public required string Id { get; set; }

    public required string CustomerId { get; set; }

    public string? StaffId { get; set; }

    /// <summary>The current Cal.com booking (a reschedule replaces it); null while pending or for a composite.</summary>
    public string? CalcomBookingUid { get; set; }

    public DateTime StartsUtc { get; set; }

    public DateTime EndsUtc { get; set; }

    public string Status { get; set; } = AppointmentStatuses.Scheduled;

    public string CalcomSyncStatus { get; set; } = AppointmentStatuses.Synced;

    public string? SyncError { get; set; }

    public DateTime? LastSyncedUtc { get; set; }

    /// <summary>Bumped by every change a sync applies; a sync applies its change only to the version it read.</summary>
    public int Version { get; set; }

    /// <summary>The sync that last applied its change (its key), so a retried local update knows it already did.</summary>
    public string? LastSyncKey { get; set; }

    public bool IsComposite { get; set; }

    public string? Notes { get; set; }

    /// <summary>The key of the step that created it: compensations find it by this.</summary>
    public required string IdempotencyKey { get; set; }

    public required string SagaId { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public DateTime? DeletedUtc { get; set; }
}
