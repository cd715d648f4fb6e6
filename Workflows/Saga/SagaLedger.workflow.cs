using Microsoft.Extensions.Logging;
using Temporalio.Workflows;

namespace TemporalSagas.Workflows.Saga;

/// <summary>
/// The saga's log and status: every step, compensation, wait and review, mirrored to the search attributes
/// (<c>SagaType</c>, <c>SagaStatus</c>, <c>SagaFailedStep</c>) and to the Web UI's "current details".
/// </summary>
internal sealed class SagaLedger(string sagaType)
{
    private readonly List<StepRecord> log = [];
    private readonly List<CompensationResult> compensations = [];
    private readonly List<ReviewRecord> reviews = [];
    private DateTime startedUtc;
    private DateTime? finishedUtc;
    private DateTime? failedUtc;
    private string? failedStep;
    private string? error;
    private string? errorType;

    public SagaStatus Status { get; private set; } = SagaStatus.Running;

    public string SagaType => sagaType;

    public string? FailedStep => failedStep;

    public TimeSpan Duration => (finishedUtc ?? Workflow.UtcNow) - startedUtc;

    private static string SagaId => Workflow.Info.WorkflowId;

    public SagaState State => new(
        SagaId,
        sagaType,
        Status,
        [.. log],
        startedUtc,
        finishedUtc,
        failedStep,
        error,
        errorType,
        compensations.Count == 0 ? null : new CompensationSummary(
            compensations.Count, compensations.Count(r => r.Success), [.. compensations]),
        reviews.Count == 0 ? null : [.. reviews],
        Workflow.CancellationToken.IsCancellationRequested);

    public void Start()
    {
        startedUtc = Workflow.UtcNow;
        Status = SagaStatus.Running;

        // Clients that start through SagaStart send these with the start (recorded in the start event, so replay takes
        // the same branch); only a saga started without them pays for the upsert.
        var attributes = Workflow.TypedSearchAttributes;
        if (!attributes.TryGetValue(SagaSearchAttributes.SagaType, out var type) || type != sagaType ||
            !attributes.TryGetValue(SagaSearchAttributes.SagaStatus, out var status) || status != Status.ToString())
        {
            Workflow.UpsertTypedSearchAttributes(
                SagaSearchAttributes.SagaType.ValueSet(sagaType),
                SagaSearchAttributes.SagaStatus.ValueSet(Status.ToString()));
        }

        PublishDetails();
    }

    public int Begin(string name, StepKind kind)
    {
        var attempt = log.Count(r => r.Name == name) + 1;
        log.Add(new StepRecord(name, kind, StepStatus.Running, attempt, Workflow.UtcNow));
        Workflow.Logger.LogInformation("Saga {SagaId} step {Step} started (attempt {Attempt})", SagaId, name, attempt);
        PublishDetails();
        return log.Count - 1;
    }

    public StepRecord this[int index] => log[index];

    public void Complete(int index, string? outcome = null)
    {
        log[index] = log[index] with { Status = StepStatus.Completed, FinishedUtc = Workflow.UtcNow, Outcome = outcome };
        SagaMetrics.StepFinished(sagaType, log[index]);
        Workflow.Logger.LogInformation(
            "Saga {SagaId} step {Step} completed{Outcome}", SagaId, log[index].Name, outcome is null ? string.Empty : $" ({outcome})");
        PublishDetails();
    }

    public void Fail(int index, Exception e, StepStatus status = StepStatus.Failed, string? outcome = null, FailureClass? failure = null)
    {
        var (message, type) = SagaFailures.Describe(e);
        log[index] = log[index] with
        {
            Status = status,
            FinishedUtc = Workflow.UtcNow,
            Error = message,
            ErrorType = type,
            Outcome = outcome,
            Failure = failure,
        };
        SagaMetrics.StepFinished(sagaType, log[index]);
        Workflow.Logger.LogWarning(
            "Saga {SagaId} step {Step} {Status} ({ErrorType}): {Error}{Outcome}", SagaId, log[index].Name,
            status == StepStatus.Skipped ? "failed and was skipped" : "failed", type, message,
            outcome is null ? string.Empty : $"; outcome {outcome}");
        PublishDetails();
    }

    public void Skip(string name, string reason)
    {
        var now = Workflow.UtcNow;
        log.Add(new StepRecord(name, StepKind.Action, StepStatus.Skipped, 0, now, now, reason));
        Workflow.Logger.LogInformation("Saga {SagaId} step {Step} skipped: {Reason}", SagaId, name, reason);
        PublishDetails();
    }

    /// <summary>Records why the saga stopped going forward and starts compensating (one search-attribute upsert).</summary>
    public void Failed(string? step, string message, string type, int pendingCompensations)
    {
        failedStep = step;
        error = message;
        errorType = type;
        failedUtc = Workflow.UtcNow;
        Status = SagaStatus.Compensating;
        SagaMetrics.Failed(sagaType);
        Workflow.UpsertTypedSearchAttributes(
            SagaSearchAttributes.SagaFailedStep.ValueSet(step ?? "none"),
            SagaSearchAttributes.SagaStatus.ValueSet(Status.ToString()));
        Workflow.Logger.LogWarning(
            "Saga {SagaId} failed at step {Step} ({ErrorType}: {Error}); compensating {Count} step(s)",
            SagaId, step, type, message, pendingCompensations);
        PublishDetails();
    }

    public void Compensated(int index, bool success, string? failure, string? outcome)
    {
        var name = log[index].Name;
        var result = new CompensationResult(name, success, log[index].Attempt, failure, outcome);
        var existing = compensations.FindIndex(r => r.Step == name);
        if (existing >= 0)
        {
            compensations[existing] = result;
        }
        else
        {
            compensations.Add(result);
        }
    }

    public void Reviewed(ReviewDecision decision)
    {
        reviews.Add(new ReviewRecord(decision.Action, decision.Operator, decision.Note, Workflow.UtcNow, decision.Step));
        Workflow.Logger.LogWarning(
            "Saga {SagaId} review decision {Action}{Step} by {Operator}: {Note}", SagaId, decision.Action,
            decision.Step is null ? string.Empty : $" ({decision.Step})", decision.Operator, decision.Note);
    }

    public void SetStatus(SagaStatus status)
    {
        if (status == Status)
        {
            return;
        }

        Status = status;
        Workflow.UpsertTypedSearchAttributes(SagaSearchAttributes.SagaStatus.ValueSet(status.ToString()));
        PublishDetails();
    }

    public void Finish(SagaStatus final)
    {
        finishedUtc = Workflow.UtcNow;
        SetStatus(final);
        SagaMetrics.Finished(sagaType, final, finishedUtc.Value - startedUtc);
        if (failedUtc is { } failed)
        {
            SagaMetrics.CompensationFinished(sagaType, final, finishedUtc.Value - failed);
        }

        Workflow.Logger.LogInformation("Saga {SagaId} finished {Status}", SagaId, final);
    }

    /// <summary>Input validation failed: no step took effect (a step that checks the input may have refused it);
    /// the saga's status and start time still tell the story.</summary>
    public void Rejected(string message)
    {
        (error, errorType) = (message, SagaErrors.InvalidInput);
        SagaMetrics.Failed(sagaType);
        Finish(SagaStatus.Rejected);
    }

    // The Web UI shows this markdown on the workflow page: the outcome, then the saga log as a table.
    private void PublishDetails() => Workflow.CurrentDetails = SagaDetails.Markdown(sagaType, Status, log, failedStep, error);
}
