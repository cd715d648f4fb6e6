using Temporalio.Client;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Client.Appointments;
using TemporalSagas.SagaConsole;
using TemporalSagas.Workflows.Appointments;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.SagaConsole.Appointments;

/// <summary>The body of <c>POST /api/sagas/CompositeBooking</c>: <c>appointment composite</c>'s options as JSON.</summary>
/// <param name="Segments">One <c>STAFF,START,END</c> per line (or separated by <c>;</c>), in order, as <c>--segment</c>.</param>
/// <param name="CompositeId">Default a new one; the workflow id is <c>composite-booking-{id}</c>.</param>
public sealed record CompositeBookingRequest(
    string CustomerEmail,
    string CustomerName,
    string Segments,
    string TimeZone = "UTC",
    string? CompositeId = null,
    string? FailAt = null,
    string? TransientAt = null,
    int TransientFailures = 2,
    string? FailCompensationOf = null);

/// <summary>The composite booking saga's test form: N segments booked all-or-nothing, then one composite appointment.</summary>
public sealed class CompositeBookingConsoleForm : SagaConsoleForm<CompositeBookingRequest, CompositeBookingInput>
{
    // Every step a booking of the most segments has; a plan naming a segment the booking lacks is refused naming its field.
    private static readonly IReadOnlyList<string> Steps = AppointmentSteps.Composite(CompositeBookingInput.MaxSegments);

    public override SagaDescriptor Saga => SagaCatalog.All.Single(d => d.WorkflowClass == typeof(CompositeBookingWorkflow));

    public override string Title => "Composite booking";

    public override IReadOnlyList<string> FaultSteps => Steps;

    public override IReadOnlyList<ConsoleField> Fields =>
    [
        new("customerEmail", "Customer e-mail", "text", "pat@example.com"),
        new("customerName", "Customer name", "text", "Pat Example"),
        new(
            "segments", "Segments (STAFF,START,END per line)", "textarea", DefaultSegments(),
            Hint: $"2 to {CompositeBookingInput.MaxSegments}, in order; staff: {string.Join(", ", AppointmentConsoleFields.Staff)}"),
        new("timeZone", "Time zone", "text", "UTC"),
        new("compositeId", "Composite id (optional)", "text"),
        .. ConsoleFaults.Fields(Steps),
    ];

    protected override IReadOnlyList<(string Phrase, string Field)> ProblemFields =>
    [
        ("composite id", "compositeId"), ("customer email", "customerEmail"), ("customer name", "customerName"), ("segment", "segments"),
        ("staff", "segments"), ("fault plan", "failAt"),
    ];

    protected override CompositeBookingInput ToInput(CompositeBookingRequest request)
    {
        var segments = (request.Segments ?? string.Empty)
            .Split(['\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Segment)
            .ToList();
        var faults = ConsoleFaults.Read(
            AppointmentSteps.Composite(Math.Clamp(segments.Count, 1, CompositeBookingInput.MaxSegments)),
            request.FailAt, request.TransientAt, request.TransientFailures, request.FailCompensationOf);
        return new CompositeBookingInput(
            request.CompositeId ?? AppointmentConsoleFields.NewId("cmp"), request.CustomerEmail, request.CustomerName, segments, request.TimeZone, faults);
    }

    protected override IReadOnlyList<string> Problems(CompositeBookingInput input) => input.Problems(DateTime.UtcNow);

    protected override Task CheckDataAsync(ConsoleStart start, CompositeBookingInput input, CancellationToken cancellationToken) =>
        AppointmentDataCheck.EnsureBookingAsync(
            start.Context, input.CompositeId, [.. input.Segments.Select(s => s.StaffId)], CompositeBookingWorkflow.WorkflowId(input.CompositeId),
            "compositeId", "segments", start.ClientAsync, cancellationToken);

    protected override async Task<WorkflowHandle> StartAsync(
        ConsoleStart start, CompositeBookingRequest request, CompositeBookingInput input, CancellationToken cancellationToken) =>
        await AppointmentSagaClient.StartCompositeAsync(await start.ClientAsync(), input, start.TaskQueue);

    private static CompositeSegment Segment(string text) =>
        text.Split(',') is [var staff, var start, var end]
            ? new CompositeSegment(
                staff.Trim(), AppointmentConsoleFields.Utc("segments", start.Trim()), AppointmentConsoleFields.Utc("segments", end.Trim()))
            : throw ConsoleProblem.BadInput("segments", $"segments: each line must be STAFF,START,END (got '{Client.Bounds.InputBounds.Printable(text)}')");

    // Two back-to-back half hours with two staff members.
    private static string DefaultSegments()
    {
        var start = AppointmentConsoleFields.DefaultStart();
        return $"{AppointmentDemoData.Ada},{AppointmentConsoleFields.Iso(start)},{AppointmentConsoleFields.Iso(start.AddMinutes(30))}\n" +
            $"{AppointmentDemoData.Ben},{AppointmentConsoleFields.Iso(start.AddMinutes(30))},{AppointmentConsoleFields.Iso(start.AddMinutes(60))}";
    }
}
