using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Client;

/// <summary>A compensation that failed and keeps its saga in review: what it was meant to undo and why it could not.</summary>
/// <param name="Attempts">How many times the saga ran it (a review's retry counts one more).</param>
/// <param name="Tries">Its activity attempts over those runs, from the history (the server's retries).</param>
/// <param name="Undoes">What the forward step did, as its activity's summary said ("PROCESS_PAYMENT: charge 400.00 to
/// card"): what an operator undoes by hand before marking the saga resolved.</param>
/// <param name="StepResult">The forward step's result (compact JSON: the payment id, the reference to look up).</param>
public sealed record FailedUndo(
    string Step, string? Error, int Attempts, int Tries = 0, string? Undoes = null, string? StepResult = null);

/// <summary>A forward step that stopped and waits for an operator (its failure policy said review, or it failed after
/// the pivot): nothing has been undone.</summary>
/// <param name="Failure">The failure class the step's policy judged (<c>Unknown</c>: it may have taken effect).</param>
/// <param name="PastPivot">The saga passed its pivot: it no longer compensates, so <c>Compensate</c> is not offered.</param>
/// <param name="Runs">How many times the saga ran the step (an operator's retry counts one more).</param>
public sealed record StuckStep(string Name, string? Error, string? ErrorType, FailureClass? Failure, bool PastPivot, int Runs);

/// <summary>One saga waiting for an operator, as the inbox shows it.</summary>
/// <param name="FailedStep">The step that stopped the saga: the one compensations were undoing, or the stuck forward step.</param>
/// <param name="WaitingSinceUtc">When the last compensation (or the stuck step) failed: the review began then.</param>
/// <param name="Awaiting">What waits: <see cref="ReviewInbox.Compensations"/> or <see cref="ReviewInbox.ForwardStep"/>.</param>
/// <param name="Step">The stuck forward step, when one waits.</param>
/// <param name="Actions">The decisions the saga takes now; the others its validator refuses.</param>
public sealed record ReviewWaiting(
    string WorkflowId, string SagaType, string? FailedStep, string? Error, IReadOnlyList<FailedUndo> FailedCompensations,
    DateTime StartedUtc, DateTime WaitingSinceUtc, string Awaiting = ReviewInbox.Compensations, StuckStep? Step = null,
    IReadOnlyList<ReviewAction>? Actions = null);

/// <summary>The sagas waiting for manual review: visibility finds them, each one's own state says what failed.</summary>
public static class ReviewInbox
{
    public const string Query = "SagaStatus = 'ManualReviewRequired' AND ExecutionStatus = 'Running'";

    /// <summary>Failed compensations wait: retry them, skip one undone by hand, or mark the saga resolved.</summary>
    public const string Compensations = "compensations";

    /// <summary>A forward step waits: retry it, compensate (before the pivot), or mark the saga resolved.</summary>
    public const string ForwardStep = "step";

    private const string CompensatePrefix = "COMPENSATE_";

    public static async Task<(IReadOnlyList<ReviewWaiting> Items, bool More)> ReadAsync(
        ITemporalClient client, int limit, CancellationToken cancellationToken)
    {
        var page = await SagaListing.PageAsync(client, Query, limit);
        var items = new List<ReviewWaiting>();
        foreach (var saga in page.Sagas)
        {
            SagaState state;
            try
            {
                state = await client.GetWorkflowHandle(saga.WorkflowId)
                    .QueryAsync<SagaState>(SagaLookup.StateQuery, [], new() { Rpc = new() { CancellationToken = cancellationToken } });
            }
            catch (WorkflowQueryFailedException)
            {
                continue; // its worker cannot answer now
            }

            if (state.Status != SagaStatus.ManualReviewRequired)
            {
                continue; // resolved since the visibility store was read
            }

            var timeline = await TimelineAsync(client.GetWorkflowHandle(saga.WorkflowId), state, cancellationToken);
            if (Stuck(state) is { } stuck)
            {
                items.Add(new ReviewWaiting(
                    saga.WorkflowId, state.SagaType, state.FailedStep ?? stuck.Name, state.Error ?? stuck.Error, [],
                    state.StartedUtc, ReviewWaitingSince.Of(state), ForwardStep, stuck, ActionsFor(stuck)));
                continue;
            }

            items.Add(new ReviewWaiting(
                saga.WorkflowId, state.SagaType, state.FailedStep, state.Error,
                [.. (state.Compensation?.Results ?? []).Where(r => !r.Success).Select(r => Undo(r, timeline))],
                state.StartedUtc,
                ReviewWaitingSince.Of(state),
                Compensations, null, ActionsFor(null)));
        }

        return (items.OrderBy(i => i.WaitingSinceUtc).ToList(), page.More);
    }

    /// <summary>The forward step a saga in review waits on, or null when failed compensations wait: a forward step
    /// goes to review before any compensation runs, so it is the last failed step of a saga with none.</summary>
    public static StuckStep? Stuck(SagaState state)
    {
        if (state.Status != SagaStatus.ManualReviewRequired || state.Compensation is not null ||
            state.Steps.Any(s => s.Kind == StepKind.Compensation))
        {
            return null;
        }

        var row = state.Steps.LastOrDefault(s => s.Kind == StepKind.Action && s.Status == StepStatus.Failed);
        if (row is null)
        {
            return null;
        }

        var pastPivot = state.Steps.Any(s => s.Kind == StepKind.Action && s.Status == StepStatus.Completed && s.Outcome == StepOutcomes.Pivot);
        return new StuckStep(row.Name, row.Error, row.ErrorType, row.Failure, pastPivot, row.Attempt);
    }

    /// <summary>The decisions the saga's validator takes for what waits (<paramref name="stuck"/>, or compensations).</summary>
    public static IReadOnlyList<ReviewAction> ActionsFor(StuckStep? stuck) => stuck switch
    {
        null => [ReviewAction.RetryCompensations, ReviewAction.SkipCompensation, ReviewAction.MarkResolved],
        { PastPivot: true } => [ReviewAction.RetryStep, ReviewAction.MarkResolved],
        _ => [ReviewAction.RetryStep, ReviewAction.Compensate, ReviewAction.MarkResolved],
    };

    /// <summary>The failed compensation with its tries and the forward step it undoes, as the history shows them.</summary>
    public static FailedUndo Undo(CompensationResult result, SagaTimelineView? timeline)
    {
        var spans = timeline?.Spans ?? [];
        var step = result.Step.StartsWith(CompensatePrefix, StringComparison.Ordinal) ? result.Step[CompensatePrefix.Length..] : result.Step;
        var forward = spans.LastOrDefault(s => s.Kind == SpanKinds.Step && s.Name == step && s.Outcome == SpanOutcomes.Completed)
            ?? spans.LastOrDefault(s => s.Kind == SpanKinds.Step && s.Name == step);
        return new FailedUndo(
            result.Step, result.Error, result.Attempts,
            spans.Where(s => s.Kind == SpanKinds.Compensation && s.Name == result.Step).Sum(s => s.Attempts),
            forward?.Summary, forward?.Result);
    }

    // The history adds what the ledger lacks; a saga whose history cannot be read is still listed.
    private static async Task<SagaTimelineView?> TimelineAsync(WorkflowHandle handle, SagaState state, CancellationToken cancellationToken)
    {
        try
        {
            return await SagaTimeline.ReadAsync(handle, state, cancellationToken);
        }
        catch (RpcException e) when (e.Code is RpcException.StatusCode.NotFound or RpcException.StatusCode.PermissionDenied)
        {
            return null;
        }
    }
}
