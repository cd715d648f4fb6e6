using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Client;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.SagaConsole;

/// <summary><c>/api/sagas/{workflowId}/timeline</c>: the saga's steps, retries, compensations and review wait on a
/// time axis, read from its history (<see cref="SagaTimeline"/>), for the saga page's picture.</summary>
public static class TimelineEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGroup("/api").WithTags("sagas").MapGet("/sagas/{workflowId}/timeline", GetAsync)
            .WithName("getSagaTimeline")
            .WithSummary("The saga on a time axis: one span per activity run (attempts, last error, outcome), timer, wait and review wait")
            .Produces<SagaTimelineView>()
            .ProducesConsoleProblem(StatusCodes.Status400BadRequest)
            .ProducesConsoleProblem(StatusCodes.Status404NotFound)
            .ProducesConsoleProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> GetAsync(string workflowId, HttpRequest request, TemporalAccess temporal, CancellationToken cancellationToken)
    {
        ConsoleQuery.Only(request);
        var handle = await SagaEndpoints.FindAsync(temporal, workflowId, cancellationToken);
        SagaState? state = null;
        try
        {
            state = await handle.QueryAsync<SagaState>(SagaLookup.StateQuery, [], new() { Rpc = new() { CancellationToken = cancellationToken } });
        }
        catch (WorkflowQueryFailedException)
        {
            // Not a saga, or its worker cannot answer: the history alone still draws the activities.
        }

        return Results.Json(await SagaTimeline.ReadAsync(handle, state, cancellationToken));
    }
}
