using Microsoft.Extensions.DependencyInjection;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Calcom;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Verification;
using TemporalSagas.Client;
using TemporalSagas.Client.Checks;
using TemporalSagas.Starter.Cli;

namespace TemporalSagas.Starter.Appointments;

/// <summary><c>appointment verify</c>: the appointment domain's invariant check alone, with the worker's configuration
/// (its database read-only, and the calendar its <c>Calcom</c> section picks); with <c>--fix</c>, the orphaned
/// bookings it finds are cancelled (<see cref="AppointmentOrphanFix"/>).</summary>
public static class AppointmentVerification
{
    public static async Task<IReadOnlyList<InvariantViolation>> RunAsync(CliContext context, CancellationToken cancellationToken) =>
        (await InspectAsync(context, cancellationToken)).Violations;

    public static async Task<(IReadOnlyList<InvariantViolation> Violations, IReadOnlyList<CalendarBooking> Orphans)> InspectAsync(
        CliContext context, CancellationToken cancellationToken)
    {
        await using var db = ReadOnlySagaDatabase.TryOpen(context, "nothing")
            ?? throw CliException.BadInput("no sagas database yet: start a worker first");
        await using var services = InvariantChecks.Services(context.Configuration);
        await using var scope = services.CreateAsyncScope();
        return await new AppointmentInvariantCheck().InspectAsync(db, scope.ServiceProvider.GetRequiredService<ICalendar>(), cancellationToken);
    }

    /// <summary>Cancels <paramref name="orphans"/> whose saga has ended (asked of Temporal), recording each in the audit trail.</summary>
    public static async Task<IReadOnlyList<OrphanFix>> FixAsync(
        CliContext context, IReadOnlyList<CalendarBooking> orphans, ITemporalClient client, CancellationToken cancellationToken)
    {
        await using var services = InvariantChecks.Services(context.Configuration);
        await using var scope = services.CreateAsyncScope();
        await using var db = SagaDatabase.Open(SagaDatabase.Settings(context.Configuration));
        return await AppointmentOrphanFix.FixAsync(
            orphans, scope.ServiceProvider.GetRequiredService<ICalendar>(), (id, ct) => IsRunningAsync(client, id, ct), db, cancellationToken);
    }

    private static async Task<bool> IsRunningAsync(ITemporalClient client, string workflowId, CancellationToken cancellationToken)
    {
        try
        {
            var description = await client.GetWorkflowHandle(workflowId).DescribeAsync(new() { Rpc = new() { CancellationToken = cancellationToken } });
            return description.Status == WorkflowExecutionStatus.Running;
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return false;
        }
    }
}
