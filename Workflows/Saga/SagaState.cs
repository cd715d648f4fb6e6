namespace TemporalSagas.Workflows.Saga;

/// <summary>One line of the saga log: a forward step, a compensation or a wait.</summary>
/// <param name="Attempt">How many times the saga ran this entry (compensations re-run after a review
/// count up); activity-level retries inside one run are in the workflow history.</param>
public sealed record StepRecord(
    string Name,
    StepKind Kind,
    StepStatus Status,
    int Attempt,
    DateTime StartedUtc,
    DateTime? FinishedUtc = null,
    string? Error = null,
    string? ErrorType = null);

public sealed record CompensationResult(string Step, bool Success, int Attempts, string? Error = null);

public sealed record CompensationSummary(
    int TotalCompensations, int SuccessfulCompensations, IReadOnlyList<CompensationResult> Results);

public sealed record ReviewRecord(ReviewAction Action, string Operator, string? Note, DateTime DecidedUtc);

/// <summary>Everything an operator needs to know about one saga; returned by the query <c>GetState</c>.</summary>
public sealed record SagaState(
    string SagaId,
    string SagaType,
    SagaStatus Status,
    IReadOnlyList<StepRecord> Steps,
    DateTime StartedUtc,
    DateTime? FinishedUtc = null,
    string? FailedStep = null,
    string? Error = null,
    string? ErrorType = null,
    CompensationSummary? Compensation = null,
    IReadOnlyList<ReviewRecord>? Reviews = null)
{
    public int StepsCompleted => Steps.Count(s => s.Kind == StepKind.Action && s.Status == StepStatus.Completed);
}
