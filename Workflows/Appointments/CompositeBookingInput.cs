using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Faults;

namespace TemporalSagas.Workflows.Appointments;

/// <summary>One part of a composite appointment: a staff member from <paramref name="StartUtc"/> to <paramref name="EndUtc"/>.</summary>
public sealed record CompositeSegment(string StaffId, DateTime StartUtc, DateTime EndUtc);

/// <param name="CompositeId">The composite appointment's id; the workflow id is <c>composite-booking-{id}</c>.</param>
public sealed record CompositeBookingInput(
    string CompositeId,
    string CustomerEmail,
    string CustomerName,
    IReadOnlyList<CompositeSegment> Segments,
    string TimeZone = "UTC",
    FaultPlan? Faults = null)
{
    public const int MaxSegments = 10;

    public IReadOnlyList<string> Problems(DateTime? now = null)
    {
        var problems = new List<string>();
        AppointmentInputChecks.Id(problems, "composite id", CompositeId);
        AppointmentInputChecks.Customer(problems, CustomerEmail, CustomerName);
        if (Segments is null || Segments.Count is < 2 or > MaxSegments)
        {
            problems.Add($"segments: between 2 and {MaxSegments} are required (got {Segments?.Count ?? 0})");
            return problems;
        }

        for (var i = 0; i < Segments.Count; i++)
        {
            var segment = Segments[i];
            var field = $"segment {i + 1}";
            AppointmentInputChecks.Id(problems, $"{field} staff", segment.StaffId);
            AppointmentInputChecks.Time(problems, $"{field} start", segment.StartUtc, now);
            var minutes = (segment.EndUtc - segment.StartUtc).TotalMinutes;
            if (minutes is < AppointmentInputChecks.MinLengthMinutes or > AppointmentInputChecks.MaxLengthMinutes || minutes % 1 != 0)
            {
                problems.Add($"{field}: must last {AppointmentInputChecks.MinLengthMinutes}-{AppointmentInputChecks.MaxLengthMinutes} whole minutes (got {minutes})");
            }
        }

        if (Faults is not null)
        {
            problems.AddRange(Faults.Problems([.. AppointmentSteps.Composite(Segments.Count)]));
        }

        return problems;
    }
}
