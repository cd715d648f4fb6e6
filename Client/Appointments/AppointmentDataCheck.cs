using Temporalio.Client;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Client.Checks;
using TemporalSagas.Workflows.Appointments;

namespace TemporalSagas.Client.Appointments;

/// <summary>The appointment sagas' ids against the data before they start (each workflow's own check, read-only), for
/// the CLI and the console alike: each refusal names the option (or console field) it is about.</summary>
public static class AppointmentDataCheck
{
    private const string IdTaken = "appointment id:";

    /// <summary>A creation or composite booking: its id not taken (unless its saga runs: a retry joins it), its staff known.</summary>
    public static async Task EnsureBookingAsync(
        DataCheckContext context, string id, IReadOnlyList<string> staffIds, string workflowId, string idOption, string staffOption,
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
        DataCheckContext context, AppointmentSyncInput input, Func<Task<ITemporalClient>> clientAsync, CancellationToken cancellationToken,
        string idOption = "appointment-id", string newStartOption = "--new-start", string actionOption = "--action")
    {
        if (await SagaDataCheck.IsRunningAsync(await clientAsync(), AppointmentSyncWorkflow.WorkflowId(input.AppointmentId), cancellationToken))
        {
            return;
        }

        await SagaDataCheck.EnsureAsync(
            context,
            async (AppointmentActivities a) => (await a.CheckSyncAsync(new(input.AppointmentId, input.Action, input.NewStartUtc))).Problems,
            problem => problem.StartsWith(IdTaken, StringComparison.Ordinal) ? idOption
                : problem.StartsWith("new start", StringComparison.Ordinal) ? newStartOption : actionOption,
            cancellationToken);
    }
}
