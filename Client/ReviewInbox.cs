using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Client;

/// <summary>A compensation that failed and keeps its saga in review: what it was meant to undo and why it could not.</summary>
public sealed record FailedUndo(string Step, string? Error, int Attempts);

/// <summary>One saga waiting for an operator, as the inbox shows it.</summary>
/// <param name="WaitingSinceUtc">When the last compensation failed: the review began then.</param>
public sealed record ReviewWaiting(
    string WorkflowId, string SagaType, string? FailedStep, string? Error, IReadOnlyList<FailedUndo> FailedCompensations,
    DateTime StartedUtc, DateTime WaitingSinceUtc);

/// <summary>The sagas waiting for manual review: visibility finds them, each one's own state says what failed.</summary>
public static class ReviewInbox
{
    public const string Query = "SagaStatus = 'ManualReviewRequired' AND ExecutionStatus = 'Running'";

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

            var failedUndos = state.Steps.Where(s => s.Kind == StepKind.Compensation && s.Status == StepStatus.Failed).ToList();
            items.Add(new ReviewWaiting(
                saga.WorkflowId, state.SagaType, state.FailedStep, state.Error,
                [.. (state.Compensation?.Results ?? []).Where(r => !r.Success).Select(r => new FailedUndo(r.Step, r.Error, r.Attempts))],
                state.StartedUtc,
                failedUndos.Select(s => s.FinishedUtc ?? s.StartedUtc).DefaultIfEmpty(state.StartedUtc).Max()));
        }

        return (items.OrderBy(i => i.WaitingSinceUtc).ToList(), page.More);
    }
}
