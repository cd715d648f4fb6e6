using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Client;
using TemporalSagas.Client.Bounds;
using TemporalSagas.Client.Checks;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.SagaConsole;

/// <summary>The review inbox: sagas in ManualReviewRequired, and their resolution through the engine's review update.</summary>
public static class ReviewEndpoints
{
    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api").WithTags("reviews");
        api.MapGet("/reviews", InboxAsync)
            .WithName("listReviews")
            .WithSummary("Every running saga waiting for manual review, longest first: since when, what waits (failed compensations, their errors and what each was meant to undo, or a stuck forward step) and the decisions it takes")
            .Produces<List<ReviewInboxItem>>()
            .ProducesConsoleProblem(StatusCodes.Status400BadRequest)
            .ProducesConsoleProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapPost("/sagas/{workflowId}/review", ResolveAsync)
            .WithName("answerReview")
            .WithSummary("Retry the failed compensations, skip one undone by hand, retry the stuck step, compensate, or mark the saga resolved (update ResolveManualReview)")
            .Accepts<ReviewRequest>("application/json")
            .Produces<ReviewOutcome>()
            .ProducesConsoleProblem(StatusCodes.Status400BadRequest)
            .ProducesConsoleProblem(StatusCodes.Status404NotFound)
            .ProducesConsoleProblem(StatusCodes.Status409Conflict)
            .ProducesConsoleProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> InboxAsync(
        int? limit, HttpRequest request, ConsoleSettings settings, TemporalAccess temporal, CancellationToken cancellationToken)
    {
        ConsoleQuery.Only(request, "limit");
        if (limit is < 1 or > InputBounds.MaxLimit)
        {
            throw ConsoleProblem.BadInput("limit", $"limit must be between 1 and {InputBounds.MaxLimit} (got {limit})");
        }

        var client = await temporal.ClientAsync(cancellationToken);
        var (waiting, _) = await ReviewInbox.ReadAsync(client, limit ?? 100, cancellationToken);
        var items = waiting.Select(w => new ReviewInboxItem(
            w.WorkflowId, w.SagaType, w.FailedStep, w.Error, w.FailedCompensations, w.StartedUtc, w.WaitingSinceUtc,
            settings.WorkflowUrl(w.WorkflowId), w.Awaiting, w.Step, w.Actions ?? ReviewInbox.ActionsFor(w.Step))).ToList();
        return Results.Json(items);
    }

    private static async Task<IResult> ResolveAsync(
        string workflowId, HttpContext http, TemporalAccess temporal, CancellationToken cancellationToken)
    {
        var request = await ConsoleJson.ReadAsync<ReviewRequest>(http.Request, cancellationToken);
        var action = ReviewActionNames.Parse(request.Action)
            ?? throw ConsoleProblem.BadInput(
                "action", $"action: unknown action '{request.Action}' (actions: {string.Join(", ", ReviewActionNames.All)})");
        var decision = new ReviewDecision(action, request.Operator, request.Note, string.IsNullOrEmpty(request.Step) ? null : request.Step);
        if (ReviewActionNames.Check(decision) is { } bad)
        {
            throw ConsoleProblem.BadInput(bad.Field, bad.Problem);
        }

        var handle = await SagaEndpoints.FindAsync(temporal, workflowId, cancellationToken);
        try
        {
            var answer = await handle.ExecuteUpdateAsync<ReviewAnswer>(
                SagaReview.UpdateName, [decision], new() { Rpc = new() { CancellationToken = cancellationToken } });
            return Results.Json(new ReviewOutcome(handle.Id, decision, answer));
        }
        catch (WorkflowUpdateFailedException e) when (e.InnerException is ApplicationFailureException { ErrorType: SagaErrors.ReviewRejected } rejected)
        {
            throw new ConsoleProblem(StatusCodes.Status409Conflict, CliErrorTypes.ReviewRejected, rejected.Message);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            throw new ConsoleProblem(
                StatusCodes.Status409Conflict, CliErrorTypes.ReviewRejected, "review decision rejected: the saga has finished");
        }
    }
}
