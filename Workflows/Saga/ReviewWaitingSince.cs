namespace TemporalSagas.Workflows.Saga;

/// <summary>
/// When a saga's manual review began: the end of its last failed entry — the compensation that failed for good, or
/// the forward step its policy (or the pivot) sent to an operator — or its start when the ledger records none.
/// One rule for the review inbox and the worker's oldest-review gauge, so the alert and the inbox tell the same age.
/// </summary>
public static class ReviewWaitingSince
{
    public static DateTime Of(SagaState state) =>
        state.Steps
            .Where(s => s.Kind is StepKind.Compensation or StepKind.Action && s.Status == StepStatus.Failed)
            .Select(s => s.FinishedUtc ?? s.StartedUtc)
            .DefaultIfEmpty(state.StartedUtc)
            .Max();
}
