using Microsoft.Extensions.Logging;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace TemporalSagas.Workflows.Saga;

/// <summary>
/// The wait for an operator's decision: when compensations cannot be made to succeed, or when a forward step is stuck
/// (its failure policy says review, or it failed after the pivot). Decisions arrive through the update
/// <c>ResolveManualReview</c> (validated against what is waiting, answered) or the compatibility signal of the same name.
/// </summary>
internal sealed class ManualReview
{
    private IReadOnlyList<string> awaiting = [];
    private string? forwardStep;
    private bool afterPivot;
    private ReviewDecision? pending;

    public bool IsOpen => awaiting.Count > 0;

    /// <summary>Why <paramref name="decision"/> cannot be taken now, or null when it can.</summary>
    public string? Problem(ReviewDecision? decision) => decision switch
    {
        null => "a review decision is required",
        _ when !IsOpen => "the saga is not awaiting manual review",
        _ when pending is not null => $"a decision ({pending.Action} by {pending.Operator}) was already accepted",
        _ when decision.Problem() is { } problem => problem,
        _ => forwardStep is null ? CompensationProblem(decision) : ForwardProblem(decision),
    };

    private string? CompensationProblem(ReviewDecision decision) => decision.Action switch
    {
        ReviewAction.RetryStep or ReviewAction.Compensate =>
            $"{decision.Action} is for a stuck forward step; the saga awaits review of failed compensations ({string.Join(", ", awaiting)})",
        ReviewAction.SkipCompensation when Find(decision.Step) is null =>
            $"no failed compensation '{decision.Step}' awaits review (failed: {string.Join(", ", awaiting)})",
        _ => null,
    };

    private string? ForwardProblem(ReviewDecision decision) => decision.Action switch
    {
        ReviewAction.RetryCompensations or ReviewAction.SkipCompensation =>
            $"{decision.Action} is for failed compensations; the saga awaits review of its forward step {forwardStep}",
        ReviewAction.Compensate when afterPivot =>
            $"the saga is past its pivot: it no longer compensates (retry {forwardStep} or mark the saga resolved)",
        ReviewAction.RetryStep when decision.Step is { Length: > 0 } step && step != forwardStep =>
            $"step '{step}' is not the one awaiting review ({forwardStep})",
        _ => null,
    };

    /// <summary>The failed compensation <paramref name="step"/> names: its name (<c>COMPENSATE_X</c>) or its step's (<c>X</c>).</summary>
    public string? Find(string? step) =>
        step is null ? null : awaiting.FirstOrDefault(name => name == step || name == $"COMPENSATE_{step}");

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
        var willDo = decision.Action switch
        {
            ReviewAction.RetryCompensations => $"retrying {awaiting.Count} compensation(s)",
            ReviewAction.SkipCompensation when awaiting.Count > 1 =>
                $"recording {Find(decision.Step)} as undone by hand; retrying {awaiting.Count - 1} other compensation(s)",
            ReviewAction.SkipCompensation => $"recording {Find(decision.Step)} as undone by hand; no compensation is left to run",
            ReviewAction.RetryStep => $"retrying step {forwardStep}",
            ReviewAction.Compensate => "compensating the saga",
            _ => "ending as Resolved by the operator",
        };
        return new ReviewAnswer(decision.Action, willDo, awaiting);
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

    /// <summary>Waits durably (not cancellable: a cancelled saga still needs its mess cleaned up) for a decision about
    /// failed compensations.</summary>
    public Task<ReviewDecision> WaitAsync(IReadOnlyList<string> compensations, TimeSpan reminder) =>
        WaitAsync(compensations, null, false, reminder, CancellationToken.None);

    /// <summary>Waits durably for a decision about the forward step <paramref name="step"/>; before the pivot a cancel
    /// or the deadline (<paramref name="cancellationToken"/>) ends the wait and the saga compensates.</summary>
    public Task<ReviewDecision> WaitForStepAsync(string step, bool pastPivot, TimeSpan reminder, CancellationToken cancellationToken) =>
        WaitAsync([step], step, pastPivot, reminder, cancellationToken);

    private async Task<ReviewDecision> WaitAsync(
        IReadOnlyList<string> items, string? step, bool pastPivot, TimeSpan reminder, CancellationToken cancellationToken)
    {
        awaiting = items;
        forwardStep = step;
        afterPivot = pastPivot;
        pending = null;
        var waitStarted = Workflow.UtcNow;
        try
        {
            while (!await Workflow.WaitConditionWithOptionsAsync(new(
                () => pending is not null,
                reminder,
                "awaiting manual review (update ResolveManualReview)",
                cancellationToken)))
            {
                Workflow.Logger.LogCritical(
                    "Saga {SagaId} still awaits manual review of {Items} ({Waited} so far)",
                    Workflow.Info.WorkflowId, string.Join(", ", items), Workflow.UtcNow - waitStarted);
            }
        }
        finally
        {
            awaiting = [];
            forwardStep = null;
        }

        return pending!;
    }
}
