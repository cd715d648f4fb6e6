using Temporalio.Client;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Client;
using TemporalSagas.Client.Checks;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Workflows.Appointments;

namespace TemporalSagas.Starter.Appointments;

/// <summary>The appointment sagas' ids against the data before they start (each workflow's own check, read-only).</summary>
internal static class AppointmentDataCheck
{
    private const string IdTaken = "appointment id:";

    /// <summary>A creation or composite booking: its id not taken (unless its saga runs: a retry joins it), its staff known.</summary>
    public static async Task EnsureBookingAsync(
        CliContext context, string id, IReadOnlyList<string> staffIds, string workflowId, string idOption, string staffOption,
        Func<Task<ITemporalClient>> clientAsync, CancellationToken cancellationToken)
    {
        var problems = await SagaDataCheck.ProblemsAsync(
            context, async (AppointmentActivities a) => (await a.CheckBookingInputAsync(new(id, staffIds))).Problems, cancellationToken);
        foreach (var problem in problems ?? [])
        {
            var idTaken = problem.StartsWith(IdTaken, StringComparison.Ordinal);
            if (idTaken && await SagaDataCheck.IsRunningAsync(await clientAsync(), workflowId, cancellationToken))
            {
                continue;
            }

            throw CliException.BadInput(problem, idTaken ? idOption : staffOption);
        }
    }

    /// <summary>A sync: the appointment exists and the action fits it. While a sync of it runs, the start says so instead.</summary>
    public static async Task EnsureSyncAsync(
        CliContext context, AppointmentSyncInput input, Func<Task<ITemporalClient>> clientAsync, CancellationToken cancellationToken)
    {
        if (await SagaDataCheck.IsRunningAsync(await clientAsync(), AppointmentSyncWorkflow.WorkflowId(input.AppointmentId), cancellationToken))
        {
            return;
        }

        await SagaDataCheck.EnsureAsync(
            context,
            async (AppointmentActivities a) => (await a.CheckSyncAsync(new(input.AppointmentId, input.Action, input.NewStartUtc))).Problems,
            problem => problem.StartsWith(IdTaken, StringComparison.Ordinal) ? "appointment-id"
                : problem.StartsWith("new start", StringComparison.Ordinal) ? "--new-start" : "--action",
            cancellationToken);
    }
}
