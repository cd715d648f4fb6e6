using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Faults;

namespace TemporalSagas.Workflows.Appointments;

/// <param name="AppointmentId">The local appointment's id; the workflow id is <c>appointment-create-{id}</c>.</param>
/// <param name="StaffId">Book this staff member's own event type; null books the configured (round-robin) event type.</param>
public sealed record AppointmentCreationInput(
    string AppointmentId,
    string CustomerEmail,
    string CustomerName,
    DateTime StartUtc,
    int LengthMinutes = 30,
    string? StaffId = null,
    int? EventTypeId = null,
    string TimeZone = "UTC",
    string? Notes = null,
    FaultPlan? Faults = null)
{
    /// <summary>Every problem with this input on its own (the workflow then checks ids against the database).</summary>
    /// <param name="now">When given, a start in the past is a problem (the CLI passes the clock; the workflow its own).</param>
    public IReadOnlyList<string> Problems(DateTime? now = null)
    {
        var problems = new List<string>();
        AppointmentInputChecks.Id(problems, "appointment id", AppointmentId);
        AppointmentInputChecks.Customer(problems, CustomerEmail, CustomerName);
        AppointmentInputChecks.Time(problems, "start", StartUtc, now);
        if (LengthMinutes is < AppointmentInputChecks.MinLengthMinutes or > AppointmentInputChecks.MaxLengthMinutes)
        {
            problems.Add($"length must be {AppointmentInputChecks.MinLengthMinutes}-{AppointmentInputChecks.MaxLengthMinutes} minutes (got {LengthMinutes})");
        }

        if (StaffId is not null)
        {
            AppointmentInputChecks.Id(problems, "staff", StaffId);
        }

        if (EventTypeId is <= 0)
        {
            problems.Add($"event type id must be positive (got {EventTypeId})");
        }

        if (string.IsNullOrWhiteSpace(TimeZone) || TimeZone.Length > 64)
        {
            problems.Add("time zone is required (an IANA name such as Europe/Berlin)");
        }

        if (Notes?.Length > 2000)
        {
            problems.Add("notes: at most 2000 characters");
        }

        if (Faults is not null)
        {
            problems.AddRange(Faults.Problems([.. AppointmentSteps.Creation]));
        }

        return problems;
    }
}
