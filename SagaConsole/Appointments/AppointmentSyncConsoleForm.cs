using Microsoft.AspNetCore.Http;
using Temporalio.Client;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Client.Appointments;
using TemporalSagas.SagaConsole;
using TemporalSagas.Workflows.Appointments;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.SagaConsole.Appointments;

/// <summary>The body of <c>POST /api/sagas/AppointmentSync</c>: <c>appointment sync</c>'s options as JSON.</summary>
/// <param name="NewStartUtc">A reschedule's new start, ISO 8601 with its zone.</param>
/// <param name="RetryDelaySeconds">First wait before a failed local update is retried (default 60).</param>
public sealed record AppointmentSyncRequest(
    string AppointmentId,
    string Action,
    string? NewStartUtc = null,
    string? Reason = null,
    double? RetryDelaySeconds = null,
    int MaxRetries = 5,
    string? FailAt = null,
    string? TransientAt = null,
    int TransientFailures = 2,
    string? FailCompensationOf = null);

/// <summary>The appointment sync saga's test form: one existing appointment brought in line with the calendar.</summary>
public sealed class AppointmentSyncConsoleForm : SagaConsoleForm<AppointmentSyncRequest, AppointmentSyncInput>
{
    public override SagaDescriptor Saga => SagaCatalog.All.Single(d => d.WorkflowClass == typeof(AppointmentSyncWorkflow));

    public override string Title => "Appointment sync";

    public override IReadOnlyList<string> FaultSteps => AppointmentSteps.Sync;

    public override IReadOnlyList<ConsoleField> Fields =>
    [
        new("appointmentId", "Appointment id", "text", Hint: "one the creation form booked"),
        new("action", "Action", "select", SyncActions.Update, SyncActions.All),
        new("newStartUtc", "New start (UTC, reschedule only)", "text", Hint: "ISO 8601, ending in Z"),
        new("reason", "Reason (optional)", "text"),
        new("retryDelaySeconds", "Local retry delay (seconds)", "number", Hint: "default 60"),
        new("maxRetries", "Local retries before review", "number", 5),
        .. ConsoleFaults.Fields(AppointmentSteps.Sync),
    ];

    protected override IReadOnlyList<(string Phrase, string Field)> ProblemFields =>
    [
        ("appointment id", "appointmentId"), ("composite appointment", "appointmentId"), ("action", "action"), ("new start", "newStartUtc"),
        ("reason", "reason"), ("local retry delay", "retryDelaySeconds"), ("max local retries", "maxRetries"), ("fault plan", "failAt"),
    ];

    protected override AppointmentSyncInput ToInput(AppointmentSyncRequest request)
    {
        var faults = ConsoleFaults.Read(
            AppointmentSteps.Sync, request.FailAt, request.TransientAt, request.TransientFailures, request.FailCompensationOf);
        if (request.RetryDelaySeconds is < 1 or > 3600)
        {
            throw ConsoleProblem.BadInput(
                "retryDelaySeconds", $"retryDelaySeconds must be between 1 and 3600 (got {request.RetryDelaySeconds})");
        }

        return new AppointmentSyncInput(
            request.AppointmentId,
            (request.Action ?? string.Empty).ToLowerInvariant(),
            request.NewStartUtc is { } text ? AppointmentConsoleFields.Utc("newStartUtc", text) : null,
            request.Reason,
            request.RetryDelaySeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            request.MaxRetries,
            faults);
    }

    protected override IReadOnlyList<string> Problems(AppointmentSyncInput input) => input.Problems(DateTime.UtcNow);

    protected override Task CheckDataAsync(ConsoleStart start, AppointmentSyncInput input, CancellationToken cancellationToken) =>
        AppointmentDataCheck.EnsureSyncAsync(
            start.Context, input, start.ClientAsync, cancellationToken, "appointmentId", "newStartUtc", "action");

    protected override async Task<WorkflowHandle> StartAsync(
        ConsoleStart start, AppointmentSyncRequest request, AppointmentSyncInput input, CancellationToken cancellationToken)
    {
        try
        {
            return await AppointmentSagaClient.StartSyncAsync(await start.ClientAsync(), input, start.TaskQueue);
        }
        catch (SyncInProgressException e)
        {
            // As `appointment sync`: a second sync while one runs is refused, never queued.
            throw new ConsoleProblem(StatusCodes.Status409Conflict, SyncInProgressException.ErrorType, e.Message, "appointmentId");
        }
    }
}
