using Microsoft.Extensions.Logging;
using Temporalio.Exceptions;
using Temporalio.Workflows;
using TemporalSagas.Activities;

namespace TemporalSagas.Workflows.Saga;

/// <summary>
/// The saga engine: runs steps, keeps the compensation stack and the saga log, unwinds the stack in
/// reverse when a step fails (or the workflow is cancelled, or the deadline fires), and waits for an
/// operator when a compensation cannot be made to succeed. One instance per workflow run.
/// </summary>
public sealed class Saga(string sagaType, SagaOptions? options = null)
{
    private readonly SagaOptions options = options ?? new SagaOptions();
    private readonly List<StepRecord> log = [];
    private readonly Stack<Compensation> compensations = new();
    private readonly List<CompensationResult> compensationResults = [];
    private readonly List<ReviewRecord> reviews = [];
    private CancellationTokenSource? stepsCancellation;
    private ReviewDecision? pendingDecision;
    private SagaStatus status = SagaStatus.Running;
    private DateTime startedUtc;
    private DateTime? finishedUtc;
    private string? failedStep;
    private string? error;
    private string? errorType;
    private bool deadlineReached;

    public SagaState State => new(
        Workflow.Info.WorkflowId,
        sagaType,
        status,
        [.. log],
        startedUtc,
        finishedUtc,
        failedStep,
        error,
        errorType,
        compensationResults.Count == 0 ? null : new CompensationSummary(
            compensationResults.Count, compensationResults.Count(r => r.Success), [.. compensationResults]),
        reviews.Count == 0 ? null : [.. reviews]);

    /// <summary>Cancelled when the workflow is cancelled or the saga deadline fires; use it for waits in the body.</summary>
    public CancellationToken CancellationToken => stepsCancellation?.Token ?? Workflow.CancellationToken;

    private string SagaId => Workflow.Info.WorkflowId;

    /// <summary>
    /// Runs the saga body. On success returns its result; on a failed step, cancellation or deadline the
    /// saga compensates and returns <paramref name="onFailure"/> of the final state (a cancelled saga
    /// rethrows the cancellation after compensating, so Temporal records it as cancelled).
    /// </summary>
    public async Task<TResult> RunAsync<TResult>(Func<Saga, Task<TResult>> body, Func<SagaState, TResult> onFailure)
    {
        startedUtc = Workflow.UtcNow;
        Workflow.UpsertTypedSearchAttributes(SagaSearchAttributes.SagaType.ValueSet(sagaType));
        SetStatus(SagaStatus.Running);
        SagaMetrics.Started(sagaType);

        using var steps = CancellationTokenSource.CreateLinkedTokenSource(Workflow.CancellationToken);
        using var deadlineTimer = new CancellationTokenSource();
        stepsCancellation = steps;
        if (options.Deadline is { } deadline)
        {
            _ = WatchDeadlineAsync(deadline, steps, deadlineTimer.Token);
        }

        try
        {
            var result = await body(this);
            deadlineTimer.Cancel();
            Finish(SagaStatus.Completed);
            return result;
        }
        catch (Exception e) when (e is FailureException or OperationCanceledException)
        {
            deadlineTimer.Cancel();
            RecordFailure(e);
            await CompensateAsync();
            if (Workflow.CancellationToken.IsCancellationRequested && !deadlineReached)
            {
                throw;
            }

            return onFailure(State);
        }
    }

    /// <summary>Runs a step; on success pushes its compensation (which receives the step's result).</summary>
    public async Task<T> StepAsync<T>(
        string step,
        Func<StepContext, Task<T>> action,
        Func<T, StepContext, Task>? compensate = null,
        StepOptions? stepOptions = null)
    {
        var opts = stepOptions ?? options.Steps;
        var result = await RunStepAsync(step, action, opts);
        if (compensate is not null)
        {
            compensations.Push(new Compensation(step, opts, ctx => compensate(result, ctx)));
        }

        return result;
    }

    /// <summary>
    /// Registers the compensation before the action runs: for actions whose outcome is uncertain when they
    /// time out. The compensation must tolerate "nothing to undo".
    /// </summary>
    public Task<T> UncertainStepAsync<T>(
        string step,
        Func<StepContext, Task<T>> action,
        Func<StepContext, Task> compensate,
        StepOptions? stepOptions = null)
    {
        var opts = stepOptions ?? options.Steps;
        compensations.Push(new Compensation(step, opts, compensate));
        return RunStepAsync(step, action, opts);
    }

    /// <summary>A step whose failure does not fail the saga: it is logged as Skipped and the saga goes on.</summary>
    public async Task<T?> OptionalStepAsync<T>(
        string step,
        Func<StepContext, Task<T>> action,
        Func<T, StepContext, Task>? compensate = null,
        StepOptions? stepOptions = null)
    {
        try
        {
            return await StepAsync(step, action, compensate, stepOptions);
        }
        catch (FailureException e) when (!CancellationToken.IsCancellationRequested)
        {
            var index = log.FindLastIndex(r => r.Name == step);
            log[index] = log[index] with { Status = StepStatus.Skipped };
            Workflow.Logger.LogWarning(e, "Saga {SagaId} optional step {Step} failed and was skipped", SagaId, step);
            failedStep = null; // set by the failed step; the saga goes on
            return default;
        }
    }

    /// <summary>Records a step the saga does not need this time (for example, no loyalty points to deduct).</summary>
    public void Skip(string step, string reason)
    {
        var now = Workflow.UtcNow;
        log.Add(new StepRecord(step, StepKind.Action, StepStatus.Skipped, 0, now, now, reason));
        Workflow.Logger.LogInformation("Saga {SagaId} step {Step} skipped: {Reason}", SagaId, step, reason);
        PublishDetails();
    }

    /// <summary>Waits durably for <paramref name="condition"/> (a signal), racing the deadline; logged as a step.</summary>
    public async Task WaitForAsync(string step, Func<bool> condition)
    {
        var index = Begin(step, StepKind.Wait);
        try
        {
            await Workflow.WaitConditionAsync(condition, CancellationToken);
            End(index, StepStatus.Completed);
        }
        catch (OperationCanceledException e)
        {
            End(index, StepStatus.Failed, e);
            throw;
        }
    }

    /// <summary>Handler for the signal <c>ResolveManualReview</c>; ignored unless the saga awaits review.</summary>
    public Task ResolveAsync(ReviewDecision decision)
    {
        if (status != SagaStatus.ManualReviewRequired)
        {
            Workflow.Logger.LogWarning(
                "Saga {SagaId} ignored review decision {Action} by {Operator}: status is {Status}",
                SagaId, decision.Action, decision.Operator, status);
        }
        else if (decision.Problem() is { } problem)
        {
            Workflow.Logger.LogWarning("Saga {SagaId} ignored review decision: {Problem}", SagaId, problem);
        }
        else
        {
            pendingDecision = decision;
        }

        return Task.CompletedTask;
    }

    private async Task<T> RunStepAsync<T>(string step, Func<StepContext, Task<T>> action, StepOptions opts)
    {
        var index = Begin(step, StepKind.Action);
        try
        {
            var context = new StepContext(step, $"{SagaId}/{step}", opts, default, CancellationToken);
            var result = await action(context);
            End(index, StepStatus.Completed);
            return result;
        }
        catch (Exception e) when (e is FailureException or OperationCanceledException)
        {
            End(index, StepStatus.Failed, e);
            failedStep ??= step;
            throw;
        }
    }

    private async Task WatchDeadlineAsync(TimeSpan deadline, CancellationTokenSource steps, CancellationToken stop)
    {
        try
        {
            await Workflow.DelayWithOptionsAsync(new DelayOptions(deadline, $"saga deadline ({deadline})", stop));
        }
        catch (OperationCanceledException)
        {
            return;
        }

        deadlineReached = true;
        Workflow.Logger.LogWarning("Saga {SagaId} reached its deadline of {Deadline}; compensating", SagaId, deadline);
        steps.Cancel();
    }

    private void RecordFailure(Exception e)
    {
        if (deadlineReached)
        {
            error = $"saga deadline of {options.Deadline} reached";
            errorType = SagaErrorTypes.SagaTimeout;
            failedStep ??= log.LastOrDefault()?.Name;
        }
        else
        {
            (error, errorType) = Describe(e);
        }

        Workflow.UpsertTypedSearchAttributes(SagaSearchAttributes.SagaFailedStep.ValueSet(failedStep ?? "none"));
        Workflow.Logger.LogWarning(
            "Saga {SagaId} failed at step {Step} ({ErrorType}: {Error}); compensating {Count} step(s)",
            SagaId, failedStep, errorType, error, compensations.Count);
    }

    private async Task CompensateAsync()
    {
        SetStatus(SagaStatus.Compensating);
        var pending = compensations.ToList(); // Stack enumerates last-pushed first.
        compensations.Clear();
        var failed = await RunCompensationsAsync(pending);

        while (failed.Count > 0)
        {
            SetStatus(SagaStatus.ManualReviewRequired);
            SagaMetrics.CompensationFailed(sagaType);
            Workflow.Logger.LogCritical(
                "Saga {SagaId} needs manual review: compensation of {Steps} failed after retries; " +
                "signal ResolveManualReview to retry or mark resolved",
                SagaId, string.Join(", ", failed.Select(c => c.Step)));

            var decision = await WaitForDecisionAsync();
            reviews.Add(new ReviewRecord(decision.Action, decision.Operator, decision.Note, Workflow.UtcNow));
            Workflow.Logger.LogWarning(
                "Saga {SagaId} review decision {Action} by {Operator}: {Note}",
                SagaId, decision.Action, decision.Operator, decision.Note);
            if (decision.Action == ReviewAction.MarkResolved)
            {
                Finish(SagaStatus.Resolved);
                return;
            }

            SetStatus(SagaStatus.Compensating);
            failed = await RunCompensationsAsync(failed);
        }

        Finish(deadlineReached ? SagaStatus.TimedOut : SagaStatus.Compensated);
    }

    private async Task<ReviewDecision> WaitForDecisionAsync()
    {
        pendingDecision = null;
        var waitStarted = Workflow.UtcNow;

        // Not cancellable: a cancelled saga still waits for the operator rather than leaving a half-undone mess.
        while (!await Workflow.WaitConditionWithOptionsAsync(new(
            () => pendingDecision is not null,
            options.ReviewReminderInterval,
            "awaiting manual review (signal ResolveManualReview)",
            CancellationToken.None)))
        {
            Workflow.Logger.LogCritical(
                "Saga {SagaId} still awaits manual review ({Waited} so far)", SagaId, Workflow.UtcNow - waitStarted);
        }

        return pendingDecision!;
    }

    private async Task<List<Compensation>> RunCompensationsAsync(IReadOnlyList<Compensation> pending)
    {
        bool[] outcomes;
        if (options.ParallelCompensation)
        {
            outcomes = await Workflow.WhenAllAsync(pending.Select(RunCompensationAsync));
        }
        else
        {
            outcomes = new bool[pending.Count];
            for (var i = 0; i < pending.Count; i++)
            {
                outcomes[i] = await RunCompensationAsync(pending[i]);
            }
        }

        return pending.Where((_, i) => !outcomes[i]).ToList();
    }

    private async Task<bool> RunCompensationAsync(Compensation compensation)
    {
        var name = $"COMPENSATE_{compensation.Step}";
        var index = Begin(name, StepKind.Compensation);
        var context = new StepContext(
            name,
            $"{SagaId}/compensate/{compensation.Step}",
            compensation.Options,
            new RetryPolicyOverride(options.CompensationRetryPolicy, options.CompensationTimeout),
            CancellationToken.None); // detached: compensations run even when the saga was cancelled
        try
        {
            await compensation.Undo(context);
            End(index, StepStatus.Completed);
            RecordCompensation(name, log[index].Attempt, success: true, null);
            return true;
        }
        catch (FailureException e)
        {
            End(index, StepStatus.Failed, e);
            RecordCompensation(name, log[index].Attempt, success: false, Describe(e).Message);
            Workflow.Logger.LogError(e, "Saga {SagaId} compensation {Step} failed", SagaId, name);
            return false;
        }
    }

    private void RecordCompensation(string name, int attempts, bool success, string? failure)
    {
        var result = new CompensationResult(name, success, attempts, failure);
        var existing = compensationResults.FindIndex(r => r.Step == name);
        if (existing >= 0)
        {
            compensationResults[existing] = result;
        }
        else
        {
            compensationResults.Add(result);
        }
    }

    private int Begin(string name, StepKind kind)
    {
        var attempt = log.Count(r => r.Name == name) + 1;
        log.Add(new StepRecord(name, kind, StepStatus.Running, attempt, Workflow.UtcNow));
        Workflow.Logger.LogInformation("Saga {SagaId} step {Step} started (attempt {Attempt})", SagaId, name, attempt);
        PublishDetails();
        return log.Count - 1;
    }

    private void End(int index, StepStatus outcome, Exception? e = null)
    {
        var (message, type) = e is null ? (null, null) : Describe(e);
        log[index] = log[index] with { Status = outcome, FinishedUtc = Workflow.UtcNow, Error = message, ErrorType = type };
        if (e is null)
        {
            Workflow.Logger.LogInformation("Saga {SagaId} step {Step} completed", SagaId, log[index].Name);
        }
        else
        {
            Workflow.Logger.LogWarning(
                "Saga {SagaId} step {Step} failed ({ErrorType}): {Error}", SagaId, log[index].Name, type, message);
        }

        PublishDetails();
    }

    private (string Message, string Type) Describe(Exception e)
    {
        if (deadlineReached && e is OperationCanceledException or ActivityFailureException { InnerException: CanceledFailureException })
        {
            return ("cancelled by the saga deadline", SagaErrorTypes.SagaTimeout);
        }

        return e switch
        {
            ActivityFailureException { InnerException: ApplicationFailureException app } =>
                (app.Message, app.ErrorType ?? "ACTIVITY_FAILED"),
            ActivityFailureException { InnerException: TimeoutFailureException timeout } =>
                ($"activity timed out ({timeout.TimeoutType})", "ACTIVITY_TIMEOUT"),
            ActivityFailureException { InnerException: CanceledFailureException } => ("cancelled", "CANCELLED"),
            ActivityFailureException other => (other.InnerException?.Message ?? other.Message, "ACTIVITY_FAILED"),
            ApplicationFailureException app => (app.Message, app.ErrorType ?? "APPLICATION_FAILURE"),
            OperationCanceledException or CanceledFailureException => ("cancelled", "CANCELLED"),
            _ => (e.Message, e.GetType().Name),
        };
    }

    private void SetStatus(SagaStatus next)
    {
        status = next;
        Workflow.UpsertTypedSearchAttributes(SagaSearchAttributes.SagaStatus.ValueSet(next.ToString()));
        PublishDetails();
    }

    private void Finish(SagaStatus final)
    {
        finishedUtc = Workflow.UtcNow;
        SetStatus(final);
        SagaMetrics.Finished(sagaType, final, finishedUtc.Value - startedUtc);
        Workflow.Logger.LogInformation("Saga {SagaId} finished {Status}", SagaId, final);
    }

    // The Web UI shows this markdown on the workflow page: the saga log as a table.
    private void PublishDetails() => Workflow.CurrentDetails = SagaDetails.Markdown(sagaType, status, log);

    private sealed record Compensation(string Step, StepOptions Options, Func<StepContext, Task> Undo);
}
