namespace TemporalSagas.Activities.Appointments;

/// <summary>Step names of the three appointment sagas (the ledger, fault plans and tests use them).</summary>
public static class AppointmentSteps
{
    public const string EnsureCustomer = "ENSURE_CUSTOMER";
    public const string CreateCalcomBooking = "CREATE_CALCOM_BOOKING";
    public const string CreateLocalAppointment = "CREATE_LOCAL_APPOINTMENT";
    public const string AssignStaff = "ASSIGN_STAFF";

    public const string CalcomCreate = "CALCOM_CREATE";
    public const string CalcomUpdate = "CALCOM_UPDATE";
    public const string CalcomCancel = "CALCOM_CANCEL";
    public const string CalcomReschedule = "CALCOM_RESCHEDULE";
    public const string UpdateLocalAppointment = "UPDATE_LOCAL_APPOINTMENT";
    public const string MarkSyncError = "MARK_SYNC_ERROR";
    public const string RetryLocalUpdate = "RETRY_LOCAL_UPDATE";
    public const string MarkManualReview = "MARK_MANUAL_REVIEW";
    public const string RecordReview = "RECORD_REVIEW";

    public const string CreateCompositeAppointment = "CREATE_COMPOSITE_APPOINTMENT";

    public static readonly IReadOnlyList<string> Creation = [EnsureCustomer, CreateCalcomBooking, CreateLocalAppointment, AssignStaff];

    public static readonly IReadOnlyList<string> Sync =
        [CalcomCreate, CalcomUpdate, CalcomCancel, CalcomReschedule, UpdateLocalAppointment, RetryLocalUpdate];

    public static string BookSegment(int position) => $"BOOK_SEGMENT_{position}";

    public static IReadOnlyList<string> Composite(int segments) =>
        [EnsureCustomer, .. Enumerable.Range(1, segments).Select(BookSegment), CreateCompositeAppointment];

    public static string CalcomStepFor(string action) => action switch
    {
        SyncActions.Create => CalcomCreate,
        SyncActions.Update => CalcomUpdate,
        SyncActions.Cancel => CalcomCancel,
        SyncActions.Reschedule => CalcomReschedule,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown sync action"),
    };
}

/// <summary>What a sync does at Cal.com.</summary>
public static class SyncActions
{
    /// <summary>Book the calendar for a local appointment that has no booking yet (status pending).</summary>
    public const string Create = "create";

    /// <summary>Read the booking from Cal.com and bring the local status, time and booking pointer in line.</summary>
    public const string Update = "update";

    public const string Cancel = "cancel";
    public const string Reschedule = "reschedule";

    public static readonly IReadOnlyList<string> All = [Create, Update, Cancel, Reschedule];
}
