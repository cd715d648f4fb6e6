namespace TemporalSagas.Activities.Appointments.Data;

/// <summary>Append-only record of what the sagas did to an appointment (created, soft-deleted, synced, errors, reviews).</summary>
public class AppointmentAudit
{
    public const string Created = "created";
    public const string SoftDeleted = "soft_deleted";
    public const string StaffAssigned = "staff_assigned";
    public const string Synced = "synced";
    public const string SyncError = "sync_error";
    public const string ManualReviewRequired = "manual_review_required";
    public const string Restored = "calendar_restored";
    public const string Reviewed = "review_decision";

    public long Id { get; set; }

    public required string AppointmentId { get; set; }

    public required string Action { get; set; }

    public required string Detail { get; set; }

    public required string SagaId { get; set; }

    /// <summary>The key of the call that wrote it; unique, so a redelivered call writes no second row.</summary>
    public string? IdempotencyKey { get; set; }

    public DateTime OccurredUtc { get; set; }
}
