namespace TemporalSagas.Activities.Appointments;

/// <summary>The appointment sagas' own business error types (the calendar's are in <c>CalcomErrors</c>).</summary>
public static class AppointmentErrors
{
    /// <summary>The appointment changed since the sync read it (another change won): the local update is refused.</summary>
    public const string AppointmentChanged = "APPOINTMENT_CHANGED";

    public const string AppointmentNotFound = "APPOINTMENT_NOT_FOUND";

    /// <summary>No local staff member for the booking's host (the optional ASSIGN_STAFF step is then skipped).</summary>
    public const string StaffNotFound = "STAFF_NOT_FOUND";
}
