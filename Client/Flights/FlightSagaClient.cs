using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Client.Flights;

/// <summary>How every caller (the CLI's <c>flight book</c>, the demo, the saga console, the load run) starts a flight
/// booking: the one place its workflow id and id policy live.</summary>
public static class FlightSagaClient
{
    /// <summary>A fresh saga id for a caller that was given none.</summary>
    public static string NewSagaId() => Guid.NewGuid().ToString("N");

    /// <summary>The workflow id of saga <paramref name="sagaId"/>: <c>flight-{sagaId}</c>.</summary>
    public static string WorkflowId(string sagaId) => FlightBookingWorkflow.WorkflowId(sagaId);

    /// <summary>What the booking is, for the saga's summary in the Web UI.</summary>
    public static string Describe(FlightBookingInput input) =>
        $"{input.Passengers} {input.SeatClass} on {input.FlightId} for {input.UserId}";

    /// <summary>Start options of saga <paramref name="sagaId"/>. A second start with the id of a running saga attaches to
    /// it instead of booking twice; the id of a finished saga is refused (<see cref="Temporalio.Exceptions.WorkflowAlreadyStartedException"/>):
    /// its ledger stays the one answer for that id.</summary>
    /// <param name="eagerStart">The client is an in-process worker's: ask the server to hand the first workflow task back
    /// in the start response.</param>
    public static WorkflowOptions Options(
        string sagaId, string taskQueue, string? summary = null, bool eagerStart = false, CancellationToken cancellationToken = default) =>
        new(WorkflowId(sagaId), taskQueue)
        {
            TypedSearchAttributes = SagaStart.SearchAttributes(FlightBookingWorkflow.SagaType),
            IdConflictPolicy = WorkflowIdConflictPolicy.UseExisting,
            IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate,
            StaticSummary = summary,
            RequestEagerStart = eagerStart,
            Rpc = new() { CancellationToken = cancellationToken },
        };

    public static Task<WorkflowHandle<FlightBookingWorkflow, FlightBookingResult>> StartAsync(
        ITemporalClient client, FlightBookingInput input, string sagaId, string taskQueue, string? summary = null,
        bool eagerStart = false, CancellationToken cancellationToken = default) =>
        client.StartWorkflowAsync(
            (FlightBookingWorkflow wf) => wf.RunAsync(input), Options(sagaId, taskQueue, summary, eagerStart, cancellationToken));
}
