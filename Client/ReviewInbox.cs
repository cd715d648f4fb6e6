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

/// <summary>One saga waiting for an operator, as the inbox shows it.</summary>
/// <param name="WaitingSinceUtc">When the last compensation failed: the review began then.</param>
public sealed record ReviewWaiting(
    string WorkflowId, string SagaType, string? FailedStep, string? Error, IReadOnlyList<FailedUndo> FailedCompensations,
    DateTime StartedUtc, DateTime WaitingSinceUtc);

/// <summary>The sagas waiting for manual review: visibility finds them, each one's own state says what failed.</summary>
public static class ReviewInbox
{
    public const string Query = "SagaStatus = 'ManualReviewRequired' AND ExecutionStatus = 'Running'";

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
            items.Add(new ReviewWaiting(
                saga.WorkflowId, state.SagaType, state.FailedStep, state.Error,
                [.. (state.Compensation?.Results ?? []).Where(r => !r.Success).Select(r => Undo(r, timeline))],
                state.StartedUtc,
                ReviewWaitingSince.Of(state)));
        }

        return (items.OrderBy(i => i.WaitingSinceUtc).ToList(), page.More);
    }

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
