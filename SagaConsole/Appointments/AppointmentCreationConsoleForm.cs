using Temporalio.Client;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Client.Appointments;
using TemporalSagas.SagaConsole;
using TemporalSagas.Workflows.Appointments;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.SagaConsole.Appointments;

/// <summary>The body of <c>POST /api/sagas/AppointmentCreation</c>: <c>appointment create</c>'s options as JSON.</summary>
/// <param name="StartUtc">ISO 8601 with its zone (<c>2026-12-01T09:00Z</c>).</param>
/// <param name="AppointmentId">Default a new one; the workflow id is <c>appointment-create-{id}</c>.</param>
public sealed record AppointmentCreationRequest(
    string CustomerEmail,
    string CustomerName,
    string StartUtc,
    int LengthMinutes = 30,
    string? StaffId = null,
    int? EventTypeId = null,
    string TimeZone = "UTC",
    string? Notes = null,
    string? AppointmentId = null,
    string? FailAt = null,
    string? TransientAt = null,
    int TransientFailures = 2,
    string? FailCompensationOf = null);

/// <summary>The appointment creation saga's test form: customer, calendar booking, local record, staff.</summary>
public sealed class AppointmentCreationConsoleForm : SagaConsoleForm<AppointmentCreationRequest, AppointmentCreationInput>
{
    public override SagaDescriptor Saga => SagaCatalog.All.Single(d => d.WorkflowClass == typeof(AppointmentCreationWorkflow));

    public override string Title => "Appointment creation";

    public override IReadOnlyList<string> FaultSteps => AppointmentSteps.Creation;

    public override IReadOnlyList<ConsoleField> Fields =>
    [
        new("customerEmail", "Customer e-mail", "text", "pat@example.com"),
        new("customerName", "Customer name", "text", "Pat Example"),
        new("startUtc", "Start (UTC)", "text", AppointmentConsoleFields.Iso(AppointmentConsoleFields.DefaultStart()), Hint: "ISO 8601, ending in Z"),
        new("lengthMinutes", "Length (minutes)", "number", 30),
        new("staffId", "Staff (optional)", "text", null, AppointmentConsoleFields.Staff, "none: the round-robin event type"),
        new("eventTypeId", "Event type id (optional)", "number"),
        new("timeZone", "Time zone", "text", "UTC"),
        new("notes", "Notes (optional)", "text"),
        new("appointmentId", "Appointment id (optional)", "text"),
        .. ConsoleFaults.Fields(AppointmentSteps.Creation),
    ];

    protected override IReadOnlyList<(string Phrase, string Field)> ProblemFields =>
    [
        ("appointment id", "appointmentId"), ("customer email", "customerEmail"), ("customer name", "customerName"), ("start", "startUtc"),
        ("length", "lengthMinutes"), ("staff", "staffId"), ("event type", "eventTypeId"), ("time zone", "timeZone"), ("notes", "notes"),
        ("fault plan", "failAt"),
    ];

    protected override AppointmentCreationInput ToInput(AppointmentCreationRequest request)
    {
        var faults = ConsoleFaults.Read(
            AppointmentSteps.Creation, request.FailAt, request.TransientAt, request.TransientFailures, request.FailCompensationOf);
        return new AppointmentCreationInput(
            request.AppointmentId ?? AppointmentConsoleFields.NewId("apt"),
            request.CustomerEmail,
            request.CustomerName,
            AppointmentConsoleFields.Utc("startUtc", request.StartUtc ?? string.Empty),
            request.LengthMinutes,
            request.StaffId,
            request.EventTypeId,
            request.TimeZone,
            request.Notes,
            faults);
    }

    protected override IReadOnlyList<string> Problems(AppointmentCreationInput input) => input.Problems(DateTime.UtcNow);

    protected override Task CheckDataAsync(ConsoleStart start, AppointmentCreationInput input, CancellationToken cancellationToken) =>
        AppointmentDataCheck.EnsureBookingAsync(
            start.Context, input.AppointmentId, input.StaffId is null ? [] : [input.StaffId],
            AppointmentCreationWorkflow.WorkflowId(input.AppointmentId), "appointmentId", "staffId", start.ClientAsync, cancellationToken);

    protected override async Task<WorkflowHandle> StartAsync(
        ConsoleStart start, AppointmentCreationRequest request, AppointmentCreationInput input, CancellationToken cancellationToken) =>
        await AppointmentSagaClient.StartCreationAsync(await start.ClientAsync(), input, start.TaskQueue);
}
