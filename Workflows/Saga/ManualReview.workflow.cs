using Microsoft.Extensions.Logging;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace TemporalSagas.Workflows.Saga;

/// <summary>
/// The wait for an operator's decision when compensations cannot be made to succeed. Decisions arrive through the
/// update <c>ResolveManualReview</c> (validated, answered) or the compatibility signal of the same name.
/// </summary>
internal sealed class ManualReview
{
    private IReadOnlyList<string> awaiting = [];
    private ReviewDecision? pending;

    public bool IsOpen => awaiting.Count > 0;

    /// <summary>Why <paramref name="decision"/> cannot be taken now, or null when it can.</summary>
    public string? Problem(ReviewDecision? decision) => decision switch
    {
        null => "a review decision is required",
        _ when !IsOpen => "the saga is not awaiting manual review",
        _ when pending is not null => $"a decision ({pending.Action} by {pending.Operator}) was already accepted",
        _ => decision.Problem(),
    };

    /// <summary>Update validator: rejects, with the reason, a decision that <see cref="Problem"/> refuses.</summary>
    public void Validate(ReviewDecision? decision)
    {
        if (Problem(decision) is { } problem)
        {
            throw new ApplicationFailureException($"review decision rejected: {problem}", SagaErrors.ReviewRejected, nonRetryable: true);
        }
    }

    /// <summary>Takes an accepted decision and says what the saga will do with it.</summary>
    public ReviewAnswer Accept(ReviewDecision decision)
    {
        // The SDK validates and starts each update's handler in turn, so setting `pending` here, before any await,
        // makes the validator reject a second decision arriving in the same workflow task (tested). Validating again
        // only guards against that order ever changing.
        Validate(decision);
        pending = decision;
        return decision.Action == ReviewAction.RetryCompensations
            ? new ReviewAnswer(decision.Action, $"retrying {awaiting.Count} compensation(s)", awaiting)
            : new ReviewAnswer(decision.Action, "ending as Resolved by the operator", awaiting);
    }

    /// <summary>Signal handler: a decision that cannot be taken is logged and dropped (the update tells the sender why).</summary>
    public void Signal(ReviewDecision decision)
    {
        if (Problem(decision) is { } problem)
        {
            Workflow.Logger.LogWarning(
                "Saga {SagaId} ignored review signal {Action} by {Operator}: {Problem}",
                Workflow.Info.WorkflowId, decision.Action, decision.Operator, problem);
            return;
        }

        pending = decision;
    }

    /// <summary>Waits durably (not cancellable: a cancelled saga still needs its mess cleaned up) for a decision.</summary>
    public async Task<ReviewDecision> WaitAsync(IReadOnlyList<string> compensations, TimeSpan reminder)
    {
        awaiting = compensations;
        pending = null;
        var waitStarted = Workflow.UtcNow;
        while (!await Workflow.WaitConditionWithOptionsAsync(new(
            () => pending is not null,
            reminder,
            "awaiting manual review (update ResolveManualReview)",
            CancellationToken.None)))
        {
            Workflow.Logger.LogCritical(
                "Saga {SagaId} still awaits manual review of {Compensations} ({Waited} so far)",
                Workflow.Info.WorkflowId, string.Join(", ", compensations), Workflow.UtcNow - waitStarted);
        }

        var decision = pending!;
        awaiting = [];
        return decision;
    }
}
