namespace TemporalSagas.Workflows.Saga;

/// <summary>
/// When a saga's manual review began: its last failed compensation's end (its start when the ledger records none).
/// One rule for the review inbox and the worker's oldest-review gauge, so the alert and the inbox tell the same age.
/// </summary>
public static class ReviewWaitingSince
{
    public static DateTime Of(SagaState state) =>
        state.Steps
            .Where(s => s.Kind == StepKind.Compensation && s.Status == StepStatus.Failed)
            .Select(s => s.FinishedUtc ?? s.StartedUtc)
            .DefaultIfEmpty(state.StartedUtc)
            .Max();
}
