namespace TemporalSagas.Workflows.Saga;

/// <summary>One line of the saga log: a forward step, a compensation or a wait.</summary>
/// <param name="Attempt">How many times the saga ran this entry (compensations re-run after a review
/// count up); activity-level retries inside one run are in the workflow history.</param>
/// <param name="Failure">For a forward step that went to manual review: the failure class its policy judged.</param>
/// <param name="Outcome">What the engine learned beyond success or failure: <c>unknown</c> for a step that was
/// interrupted (it may have taken effect), and for a compensation one of <see cref="UndoOutcomes"/>.</param>
public sealed record StepRecord(
    string Name,
    StepKind Kind,
    StepStatus Status,
    int Attempt,
    DateTime StartedUtc,
    DateTime? FinishedUtc = null,
    string? Error = null,
    string? ErrorType = null,
    string? Outcome = null,
    FailureClass? Failure = null);

public sealed record CompensationResult(string Step, bool Success, int Attempts, string? Error = null, string? Outcome = null);

public sealed record CompensationSummary(
    int TotalCompensations, int SuccessfulCompensations, IReadOnlyList<CompensationResult> Results);

/// <param name="Step">The step the decision was about (a skipped compensation, a retried forward step), when it names one.</param>
public sealed record ReviewRecord(ReviewAction Action, string Operator, string? Note, DateTime DecidedUtc, string? Step = null);

/// <summary>Everything an operator needs to know about one saga; returned by the query <c>GetState</c>.</summary>
/// <param name="CancelRequested">A client asked to cancel the saga; it compensates and the workflow ends Cancelled.</param>
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
    IReadOnlyList<ReviewRecord>? Reviews = null,
    bool CancelRequested = false)
{
    public int StepsCompleted => Steps.Count(s => s.Kind == StepKind.Action && s.Status == StepStatus.Completed);
}

/// <summary>What a compensation found to do. Activities return these strings; the ledger records them.</summary>
public static class UndoOutcomes
{
    public const string Undone = "undone";
    public const string AlreadyUndone = "already-undone";
    public const string NothingToUndo = "nothing-to-undo";

    /// <summary>The step's "did it happen?" check found no effect, so the compensation was not run.</summary>
    public const string NotHappened = "not-happened";

    /// <summary>A step interrupted by cancellation, a deadline, a timeout or a lost worker: it may have taken effect.</summary>
    public const string Unknown = "unknown";

    /// <summary>An operator undid the step by hand (the review decision <c>SkipCompensation</c>); nothing was run.</summary>
    public const string UndoneByOperator = "undone-by-operator";
}

/// <summary>What the ledger says of a completed forward step beyond its success.</summary>
public static class StepOutcomes
{
    /// <summary>The saga's pivot (<see cref="StepOptions.Pivot"/>): from here it goes forward only.</summary>
    public const string Pivot = "pivot";
}
