namespace TemporalSagas.Activities.Appointments;

/// <summary>An appointment's business status, its calendar sync status, and which pairs are valid.</summary>
public static class AppointmentStatuses
{
    public const string Pending = "pending";
    public const string Scheduled = "scheduled";
    public const string Confirmed = "confirmed";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string Rescheduled = "rescheduled";

    public const string SyncPending = "pending";
    public const string Synced = "synced";
    public const string Error = "error";
    public const string ManualReviewRequired = "manual_review_required";

    public static readonly IReadOnlyList<string> All = [Pending, Scheduled, Confirmed, Completed, Cancelled, Rescheduled];

    public static readonly IReadOnlyList<string> SyncAll = [SyncPending, Synced, Error, ManualReviewRequired];

    /// <summary>Statuses whose booking must be live in the calendar.</summary>
    public static readonly IReadOnlyList<string> Booked = [Scheduled, Confirmed, Rescheduled];

    /// <summary>Why the pair is invalid, or null. A pending appointment has no booking, so it cannot be synced; a
    /// completed one is history and must be synced.</summary>
    public static string? PairProblem(string status, string syncStatus, bool hasBooking) => (status, syncStatus) switch
    {
        _ when !All.Contains(status) => $"unknown status '{status}'",
        _ when !SyncAll.Contains(syncStatus) => $"unknown sync status '{syncStatus}'",
        (Pending, Synced) => "a pending appointment has no booking, so it cannot be synced",
        (Pending, _) when hasBooking => "a pending appointment must not point at a booking",
        (Completed, not Synced) => "a completed appointment must be synced",
        _ when Booked.Contains(status) && !hasBooking => $"a {status} appointment must point at a booking",
        _ => null,
    };
}
