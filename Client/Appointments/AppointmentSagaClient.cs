using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Workflows.Appointments;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Client.Appointments;

/// <summary>A sync of this appointment is already running: syncs of one appointment never interleave.</summary>
public sealed class SyncInProgressException(string workflowId, string? runId)
    : Exception($"a sync of this appointment is already running ({workflowId}, run {runId}); wait for it (saga status {workflowId}) and sync again")
{
    public const string ErrorType = "SYNC_IN_PROGRESS";

    public string WorkflowId { get; } = workflowId;
}

/// <summary>How every caller (the CLI, the demo, the tests) starts the appointment sagas.</summary>
public static class AppointmentSagaClient
{
    public static Task<WorkflowHandle<AppointmentCreationWorkflow, AppointmentCreationResult>> StartCreationAsync(
        ITemporalClient client, AppointmentCreationInput input, string taskQueue) =>
        client.StartWorkflowAsync(
            (AppointmentCreationWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(AppointmentCreationWorkflow.WorkflowId(input.AppointmentId), taskQueue)
            {
                TypedSearchAttributes = SagaStart.SearchAttributes(AppointmentCreationWorkflow.SagaType),
                IdConflictPolicy = Temporalio.Api.Enums.V1.WorkflowIdConflictPolicy.UseExisting,
                StaticSummary = $"appointment {input.AppointmentId}: {input.CustomerEmail} at {input.StartUtc:u}",
            });

    /// <summary>
    /// Starts the sync of one appointment. A second sync while one runs is <b>rejected</b>
    /// (<see cref="SyncInProgressException"/>), never queued: the running one may be waiting out a retry timer or a
    /// manual review, and a change queued behind it would apply to a state nobody has looked at. Once it ended, the
    /// same workflow id starts a new sync (with new idempotency keys).
    /// </summary>
    public static async Task<WorkflowHandle<AppointmentSyncWorkflow, AppointmentSyncResult>> StartSyncAsync(
        ITemporalClient client, AppointmentSyncInput input, string taskQueue)
    {
        try
        {
            return await client.StartWorkflowAsync(
                (AppointmentSyncWorkflow wf) => wf.RunAsync(input),
                new WorkflowOptions(AppointmentSyncWorkflow.WorkflowId(input.AppointmentId), taskQueue)
                {
                    TypedSearchAttributes = SagaStart.SearchAttributes(AppointmentSyncWorkflow.SagaType),
                    IdConflictPolicy = Temporalio.Api.Enums.V1.WorkflowIdConflictPolicy.Fail,
                    StaticSummary = $"sync {input.Action} of appointment {input.AppointmentId}",
                });
        }
        catch (WorkflowAlreadyStartedException e)
        {
            throw new SyncInProgressException(e.WorkflowId, e.RunId);
        }
    }

    public static Task<WorkflowHandle<CompositeBookingWorkflow, CompositeBookingResult>> StartCompositeAsync(
        ITemporalClient client, CompositeBookingInput input, string taskQueue) =>
        client.StartWorkflowAsync(
            (CompositeBookingWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(CompositeBookingWorkflow.WorkflowId(input.CompositeId), taskQueue)
            {
                TypedSearchAttributes = SagaStart.SearchAttributes(CompositeBookingWorkflow.SagaType),
                IdConflictPolicy = Temporalio.Api.Enums.V1.WorkflowIdConflictPolicy.UseExisting,
                StaticSummary = $"composite {input.CompositeId}: {input.Segments.Count} segments",
            });

    /// <summary>The sync's first outcome: <c>{success: false, willRetry: true}</c> as soon as the local update failed
    /// after Cal.com took the change (the saga goes on retrying), otherwise its result.</summary>
    public static async Task<AppointmentSyncResult> FirstOutcomeAsync(
        WorkflowHandle<AppointmentSyncWorkflow, AppointmentSyncResult> handle, CancellationToken cancellationToken)
    {
        var result = handle.GetResultAsync(rpcOptions: new() { CancellationToken = cancellationToken });
        while (!result.IsCompleted)
        {
            try
            {
                if (await handle.QueryAsync(wf => wf.GetOutcome()) is { WillRetry: true } retrying)
                {
                    return retrying;
                }
            }
            catch (WorkflowQueryFailedException)
            {
                // the first workflow task has not run yet
            }

            await Task.WhenAny(result, Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken));
        }

        return await result;
    }
}
