using Temporalio.Workflows;

namespace TemporalSagas.Workflows.Saga;

/// <summary>
/// What every saga workflow answers beside its run: the <c>GetState</c> query and the review — the
/// <c>ResolveManualReview</c> update with its validator, and the signal of the same name kept for older clients. The
/// SDK reads handler attributes from inherited public methods, so a saga derives from this and names its engine.
/// (The appointment sync keeps its own: its local review answers before the engine's.)
/// </summary>
public abstract class SagaWorkflowBase
{
    /// <summary>The saga's engine: its ledger, compensations and review.</summary>
    protected abstract SagaEngine Saga { get; }

    [WorkflowQuery("GetState")]
    public SagaState GetState() => Saga.State;

    [WorkflowUpdateValidator(nameof(ResolveManualReviewAsync))]
    public void ValidateResolveManualReview(ReviewDecision decision) => Saga.ValidateReview(decision);

    /// <summary>The operator's decision on a saga waiting in review; answers what the saga will do now.</summary>
    [WorkflowUpdate("ResolveManualReview")]
    public Task<ReviewAnswer> ResolveManualReviewAsync(ReviewDecision decision) => Saga.ResolveReviewAsync(decision);

    [WorkflowSignal("ResolveManualReview")]
    public Task ResolveManualReviewSignalAsync(ReviewDecision decision) => Saga.SignalReviewAsync(decision);
}
