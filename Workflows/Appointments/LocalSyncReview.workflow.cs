using Microsoft.Extensions.Logging;
using Temporalio.Exceptions;
using Temporalio.Workflows;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Workflows.Appointments;

/// <summary>
/// The sync saga's own review wait, for a local update that still fails after its timer retries (Cal.com is right,
/// so there is nothing to compensate and the engine's review does not apply). Decisions arrive through the same
/// update <c>ResolveManualReview</c> every saga has: <c>RetryCompensations</c> retries the local update again,
/// <c>MarkResolved</c> records that an operator fixed the record by hand.
/// </summary>
internal sealed class LocalSyncReview
{
    private ReviewDecision? pending;

    public bool IsOpen { get; private set; }

    public void Validate(ReviewDecision? decision)
    {
        var problem = decision switch
        {
            null => "a review decision is required",
            _ when pending is not null => $"a decision ({pending.Action} by {pending.Operator}) was already accepted",
            { Action: not (ReviewAction.RetryCompensations or ReviewAction.MarkResolved) } =>
                $"the local update's review takes {nameof(ReviewAction.RetryCompensations)} or {nameof(ReviewAction.MarkResolved)}, not {decision.Action}",
            _ => decision.Problem(),
        };
        if (problem is not null)
        {
            throw new ApplicationFailureException($"review decision rejected: {problem}", SagaErrors.ReviewRejected, nonRetryable: true);
        }
    }

    public ReviewAnswer Accept(ReviewDecision decision)
    {
        Validate(decision);
        pending = decision;
        return new ReviewAnswer(
            decision.Action,
            decision.Action == ReviewAction.RetryCompensations ? "retrying the local update" : "recording the operator's fix; the sync ends",
            [AppointmentSteps.UpdateLocalAppointment]);
    }

    public void Signal(ReviewDecision decision)
    {
        if (pending is not null || decision.Problem() is not null ||
            decision.Action is not (ReviewAction.RetryCompensations or ReviewAction.MarkResolved))
        {
            Workflow.Logger.LogWarning("Sync {SagaId} ignored review signal {Action} by {Operator}", Workflow.Info.WorkflowId, decision.Action, decision.Operator);
            return;
        }

        pending = decision;
    }

    public async Task<ReviewDecision> WaitAsync(string reason, TimeSpan reminder)
    {
        IsOpen = true;
        pending = null;
        Workflow.UpsertTypedSearchAttributes(SagaSearchAttributes.SagaStatus.ValueSet(nameof(SagaStatus.ManualReviewRequired)));
        Workflow.Logger.LogCritical("Sync {SagaId} needs manual review: {Reason}; send the update ResolveManualReview", Workflow.Info.WorkflowId, reason);
        while (!await Workflow.WaitConditionWithOptionsAsync(new(() => pending is not null, reminder, "awaiting manual review (update ResolveManualReview)", CancellationToken.None)))
        {
            Workflow.Logger.LogCritical("Sync {SagaId} still awaits manual review: {Reason}", Workflow.Info.WorkflowId, reason);
        }

        IsOpen = false;
        Workflow.UpsertTypedSearchAttributes(SagaSearchAttributes.SagaStatus.ValueSet(nameof(SagaStatus.Running)));
        return pending!;
    }
}
