using Microsoft.Extensions.Logging;
using Temporalio.Api.Enums.V1;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace TemporalSagas.Workflows.Saga;

/// <summary>
/// The saga engine: runs steps, keeps the compensation stack, unwinds it in reverse when a step fails (or the
/// workflow is cancelled, or the deadline fires), and waits for an operator when a compensation cannot be made
/// to succeed. Every compensation is registered before its step runs, so a step interrupted in the middle of
/// its side effect is compensated too. One instance per workflow run.
/// </summary>
public sealed class SagaEngine(string sagaType, SagaOptions? options = null)
{
    private readonly SagaOptions options = options ?? new SagaOptions();
    private readonly SagaLedger ledger = new(sagaType);
    private readonly ManualReview review = new();
    private readonly List<Compensation> stack = [];
    private CancellationTokenSource? steps;
    private string? failedStep;
    private bool deadlineReached;
    private bool pivotPassed;

    /// <summary>The log name of the input validation when it fails or is cancelled (<c>SagaFailedStep</c>).</summary>
    public const string ValidateStep = "VALIDATE";

    // Command changes for sagas in flight (docs/writing-a-saga.md, "Changing a saga that has sagas in flight").
    internal const string ValidationEndsSagaPatch = "saga-validation-ends-saga";
    internal const string SettleLocalStepsPatch = "saga-settle-local-steps-on-stop";
    internal const string CompensationRoundsPatch = "saga-compensation-rounds";

    public SagaState State => ledger.State;

    /// <summary>Cancelled when the workflow is cancelled or the saga deadline fires; use it for waits in the body.
    /// Past the pivot (<see cref="StepOptions.Pivot"/>) nothing stops the saga going forward: never cancelled.</summary>
    public CancellationToken CancellationToken =>
        pivotPassed ? CancellationToken.None : steps?.Token ?? Workflow.CancellationToken;

    /// <summary>The pivot step has completed: the saga goes forward only.</summary>
    public bool PastPivot => pivotPassed;

    private static string SagaId => Workflow.Info.WorkflowId;

    // The first run's id keeps keys stable across retries, resets and continue-as-new, and apart from a later
    // saga that reuses the workflow id.
    private static string KeyScope => $"{Workflow.Info.WorkflowId}/{Workflow.Info.FirstExecutionRunId}";

    /// <summary>The idempotency key the engine gives <paramref name="step"/> in this saga run
    /// (<c>{workflowId}/{firstRunId}/{step}</c>), for work a workflow does outside a step, after <see cref="RunAsync"/>.</summary>
    public static string KeyFor(string step) => $"{KeyScope}/{step}";

    /// <summary>
    /// Runs the saga body. Invalid input (<paramref name="validate"/> returns problems) fails the workflow with
    /// <c>INVALID_INPUT</c> before any step. On success returns the body's result; on a failed step or the deadline
    /// the saga compensates and returns <paramref name="onFailure"/> of the final state. A cancelled saga
    /// compensates (or waits for its review) and then ends Cancelled in Temporal.
    /// </summary>
    public async Task<TResult> RunAsync<TResult>(
        Func<SagaEngine, Task<TResult>> body,
        Func<SagaState, TResult> onFailure,
        Func<Task<IReadOnlyList<string>>>? validate = null)
    {
        ledger.Start();
        SagaMetrics.Started(sagaType);
        // An input its payload could not be read from (SagaPayloadConverter) is rejected before its own checks run.
        var unreadable = SagaInputDecoding.Take();
        if (unreadable is not null || validate is not null)
        {
            IReadOnlyList<string> problems;
            try
            {
                problems = unreadable is not null ? [unreadable] : await validate!();
            }
            catch (Exception e) when (SagaFailures.IsFailure(e))
            {
                if (!Workflow.Patched(ValidationEndsSagaPatch))
                {
                    throw;
                }

                // Cancelled before or during validation, or the validation itself failed for good: no step ran, but
                // the saga still ends with a final status (Cancelled, or Compensated with nothing to undo).
                failedStep = ValidateStep;
                return await EndFailedAsync(e, onFailure);
            }

            if (problems.Count > 0)
            {
                throw Rejected(string.Join("; ", problems));
            }
        }

        using var stepsSource = CancellationTokenSource.CreateLinkedTokenSource(Workflow.CancellationToken);
        using var deadlineTimer = new CancellationTokenSource();
        steps = stepsSource;
        if (options.Deadline is { } deadline)
        {
            _ = WatchDeadlineAsync(deadline, stepsSource, deadlineTimer.Token);
        }

        try
        {
            var result = await body(this);

            // A cancel (or the deadline) that arrived while the last step finished still wins: everything is compensated.
            // Past the pivot there is no going back: the saga completes.
            if (pivotPassed && stepsSource.IsCancellationRequested)
            {
                Workflow.Logger.LogWarning(
                    "Saga {SagaId} was {Stop} after its pivot; it went forward and completes", SagaId,
                    deadlineReached ? "past its deadline" : "cancelled");
            }
            else
            {
                stepsSource.Token.ThrowIfCancellationRequested();
            }

            deadlineTimer.Cancel();
            ledger.Finish(SagaStatus.Completed);
            return result;
        }
        catch (Exception e) when (SagaFailures.IsFailure(e))
        {
            deadlineTimer.Cancel();
            return await EndFailedAsync(e, onFailure);
        }
        catch (InputRejectedException e)
        {
            // A step that checks the input (StepOptions.ChecksInput) refused it: nothing took effect.
            deadlineTimer.Cancel();
            throw Rejected(e.Message);
        }
        catch (ResolvedByOperatorException)
        {
            // A stuck forward step the operator finished (or gave up on) by hand: nothing is compensated.
            deadlineTimer.Cancel();
            ledger.Finish(SagaStatus.Resolved);
            return onFailure(State);
        }
        finally
        {
            steps = null;
        }
    }

    /// <summary>
    /// Runs a step. Its compensation is pushed before the action runs and kept when the outcome is unknown
    /// (cancelled, timed out, worker lost); <paramref name="check"/> ("did it happen?", a lookup of the step's
    /// key in the system it called) is asked before compensating such a step.
    /// </summary>
    public Task<T> StepAsync<T>(
        string step,
        Func<StepContext, Task<T>> action,
        Func<StepContext, Task<string>>? compensate = null,
        Func<StepContext, Task<bool>>? check = null,
        StepOptions? stepOptions = null)
    {
        var effective = stepOptions ?? options.Steps;
        if (effective.Failures.Problem(optional: false) is { } problem)
        {
            throw new InvalidOperationException($"step {step}: {problem}");
        }

        return RunStepAsync(step, action, compensate, check, effective, optional: false);
    }

    /// <summary>A step whose failure does not fail the saga: it is logged as Skipped and the saga goes on.
    /// If its outcome is unknown, its compensation stays on the stack.</summary>
    public async Task<T?> OptionalStepAsync<T>(
        string step,
        Func<StepContext, Task<T>> action,
        Func<StepContext, Task<string>>? compensate = null,
        Func<StepContext, Task<bool>>? check = null,
        StepOptions? stepOptions = null)
    {
        var stopping = CancellationToken.IsCancellationRequested;
        try
        {
            return await RunStepAsync(step, action, compensate, check, stepOptions ?? options.Steps, optional: true);
        }
        catch (Exception e) when (SagaFailures.IsFailure(e) &&
            (!CancellationToken.IsCancellationRequested || (stopping && e is not OperationCanceledException)))
        {
            // Skipped. A local step run although the saga is stopping (see RunStepAsync) that fails is skipped too, so
            // the body reaches the later local steps that may have run.
            return default;
        }
    }

    /// <summary>Records a step the saga does not need this time (for example, no loyalty points to deduct).</summary>
    public void Skip(string step, string reason) => ledger.Skip(step, reason);

    /// <summary>Waits durably for <paramref name="condition"/> (a signal), racing the deadline; logged as a step.</summary>
    public async Task WaitForAsync(string step, Func<bool> condition, string? summary = null)
    {
        var index = ledger.Begin(step, StepKind.Wait);
        try
        {
            await Workflow.WaitConditionWithOptionsAsync(new(condition, null, summary ?? step, CancellationToken));
            ledger.Complete(index);
        }
        catch (OperationCanceledException e)
        {
            ledger.Fail(index, e);
            failedStep ??= step;
            throw;
        }
    }

    /// <summary>Validator of the update <c>ResolveManualReview</c>: rejects with the reason.</summary>
    public void ValidateReview(ReviewDecision decision) => review.Validate(decision);

    /// <summary>Handler of the update <c>ResolveManualReview</c>: what the saga will do now.</summary>
    public Task<ReviewAnswer> ResolveReviewAsync(ReviewDecision decision) => Task.FromResult(review.Accept(decision));

    /// <summary>Handler of the compatibility signal <c>ResolveManualReview</c>: a bad decision is logged and dropped.</summary>
    public Task SignalReviewAsync(ReviewDecision decision)
    {
        review.Signal(decision);
        return Task.CompletedTask;
    }

    private async Task<T> RunStepAsync<T>(
        string step,
        Func<StepContext, Task<T>> action,
        Func<StepContext, Task<string>>? compensate,
        Func<StepContext, Task<bool>>? check,
        StepOptions stepOptions,
        bool optional)
    {
        var token = CancellationToken;
        if (token.IsCancellationRequested)
        {
            // The saga is stopping (cancelled, or its deadline fired) before this step. A local step may have run all
            // the same: in a workflow task the server rejected (a cancel racing the task that completes the saga fails
            // it with UNHANDLED_COMMAND) or lost (a worker killed), its effect committed but its marker never reached
            // the history, and the retried task sees the cancel first. So a local step runs anyway, detached from the
            // cancellation: a redelivery by its key returns the effect it already had, its compensation is pushed as
            // for any step, and the body goes on to its next step. The first remote step or wait stops the body: no
            // command of a rejected task took effect.
            if (!stepOptions.Local || !Workflow.Patched(SettleLocalStepsPatch))
            {
                token.ThrowIfCancellationRequested();
            }

            token = CancellationToken.None;
            Workflow.Logger.LogWarning(
                "Saga {SagaId} is stopping before local step {Step}; running it so that an effect it may have had in a " +
                "rejected workflow task is known and compensated", SagaId, step);
        }

        var key = KeyFor(step);
        var compensation = compensate is null ? null : new Compensation(step, key, stepOptions, compensate, check);
        if (compensation is not null)
        {
            stack.Add(compensation);
        }

        var index = ledger.Begin(step, StepKind.Action);
        while (true)
        {
            try
            {
                var result = await action(new StepContext(step, key, key, ActivityPlan.ForStep(stepOptions, token)));
                ledger.Complete(index, stepOptions.Pivot ? StepOutcomes.Pivot : null);
                if (stepOptions.Pivot && !pivotPassed)
                {
                    pivotPassed = true;
                    Workflow.Logger.LogInformation(
                        "Saga {SagaId} passed its pivot {Step}: from here it goes forward only", SagaId, step);
                }

                return result;
            }
            catch (Exception e) when (SagaFailures.IsFailure(e) && !optional && MustReview(e, stepOptions, token))
            {
                // Nothing is undone while the operator looks: the step is retried (same key), the saga compensated or
                // resolved by hand.
                ledger.Fail(
                    index, e, StepStatus.Failed, SagaFailures.OutcomeUnknown(e) ? UndoOutcomes.Unknown : null,
                    stepOptions.Failures.Classify(e, token.IsCancellationRequested));
                var decision = await ReviewStepAsync(step, token);
                if (decision?.Action == ReviewAction.RetryStep)
                {
                    ledger.SetStatus(SagaStatus.Running);
                    index = ledger.Begin(step, StepKind.Action);
                    continue;
                }

                if (decision?.Action == ReviewAction.MarkResolved)
                {
                    throw new ResolvedByOperatorException();
                }

                // Compensate (the operator's decision, or a cancel or the deadline while the saga waited).
                Unwinding(step, compensation, e);
                throw;
            }
            catch (Exception e) when (SagaFailures.IsFailure(e))
            {
                ledger.Fail(
                    index, e, optional ? StepStatus.Skipped : StepStatus.Failed, SagaFailures.OutcomeUnknown(e) ? UndoOutcomes.Unknown : null);
                if (optional)
                {
                    KeepIfUnknown(compensation, e);
                    throw;
                }

                if (InputRefusal(e, stepOptions) is { } refusal)
                {
                    KeepIfUnknown(compensation, e);
                    throw new InputRejectedException(refusal);
                }

                Unwinding(step, compensation, e);
                throw;
            }
        }
    }

    // For a step that checks the input: the message of its INVALID_INPUT refusal known to have had no effect (raised on
    // the attempt that ran the check).
    private static string? InputRefusal(Exception e, StepOptions stepOptions) =>
        stepOptions.ChecksInput && !SagaFailures.OutcomeUnknown(e) &&
        SagaFailures.Describe(e) is (var message, SagaErrors.InvalidInput) ? message : null;

    // The saga's input is invalid: recorded as Rejected, and the workflow fails INVALID_INPUT.
    private ApplicationFailureException Rejected(string message)
    {
        ledger.Rejected(message);
        return new ApplicationFailureException($"invalid {sagaType} input: {message}", SagaErrors.InvalidInput, nonRetryable: true);
    }

    // What the step's failure policy says about e; past the pivot every failure of a step waits for an operator.
    // An input refusal of a step that checks the input rejects the saga instead.
    private bool MustReview(Exception e, StepOptions stepOptions, CancellationToken token) =>
        InputRefusal(e, stepOptions) is null &&
        (pivotPassed || stepOptions.Failures.For(stepOptions.Failures.Classify(e, token.IsCancellationRequested)) == FailureAction.Review);

    private async Task<ReviewDecision?> ReviewStepAsync(string step, CancellationToken token)
    {
        ledger.SetStatus(SagaStatus.ManualReviewRequired);
        Workflow.Logger.LogCritical(
            "Saga {SagaId} needs manual review: step {Step} failed{Pivot}; send the update ResolveManualReview to " +
            "retry the step, {Other}or mark the saga resolved", SagaId, step, pivotPassed ? " after the pivot" : string.Empty,
            pivotPassed ? string.Empty : "compensate ");
        try
        {
            var decision = await review.WaitForStepAsync(step, pivotPassed, options.ReviewReminderInterval, token);

            // A retry that named no step retried this one: the ledger says which (state only, no command).
            ledger.Reviewed(decision is { Action: ReviewAction.RetryStep, Step: null or "" } ? decision with { Step = step } : decision);
            return decision;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            Workflow.Logger.LogWarning("Saga {SagaId} stopped while step {Step} awaited review; compensating", SagaId, step);
            return null;
        }
    }

    // The step failed and the saga unwinds: a step that may have taken effect keeps its compensation.
    private void Unwinding(string step, Compensation? compensation, Exception e)
    {
        KeepIfUnknown(compensation, e);
        failedStep ??= step;
    }

    private void KeepIfUnknown(Compensation? compensation, Exception e)
    {
        var unknown = SagaFailures.OutcomeUnknown(e);
        if (compensation is not null)
        {
            if (unknown)
            {
                compensation.OutcomeUnknown = true;
            }
            else
            {
                stack.Remove(compensation); // a business failure: the step did nothing to undo
            }
        }
    }

    /// <summary>Records why the saga stopped, compensates, and ends it: Cancelled (rethrown as a cancellation) when the
    /// workflow was cancelled, otherwise the failure result.</summary>
    private async Task<TResult> EndFailedAsync<TResult>(Exception e, Func<SagaState, TResult> onFailure)
    {
        RecordFailure(e);
        ledger.Finish(await CompensateAsync());
        if (Workflow.CancellationToken.IsCancellationRequested)
        {
            // Whatever stopped the steps, a cancelled saga ends Cancelled, not Failed with an unrelated error.
            throw new OperationCanceledException($"saga {SagaId} was cancelled; it ended {ledger.Status}");
        }

        return onFailure(State);
    }

    private async Task WatchDeadlineAsync(TimeSpan deadline, CancellationTokenSource stepsSource, CancellationToken stop)
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
        stepsSource.Cancel();
    }

    private void RecordFailure(Exception e)
    {
        var (message, type) = deadlineReached
            ? ($"saga deadline of {options.Deadline} reached", SagaErrors.SagaTimeout)
            : SagaFailures.Describe(e);
        ledger.Failed(failedStep ?? ledger.State.Steps.LastOrDefault()?.Name, message, type, stack.Count);
    }

    private async Task<SagaStatus> CompensateAsync()
    {
        var pending = Enumerable.Reverse(stack).ToList();
        stack.Clear();
        var failed = await RunCompensationsAsync(pending);
        while (failed.Count > 0)
        {
            ledger.SetStatus(SagaStatus.ManualReviewRequired);
            SagaMetrics.CompensationFailed(sagaType);
            var names = failed.Select(c => c.Name).ToList();
            Workflow.Logger.LogCritical(
                "Saga {SagaId} needs manual review: {Compensations} failed after retries; " +
                "send the update ResolveManualReview to retry or mark resolved",
                SagaId, string.Join(", ", names));

            var decision = await review.WaitAsync(names, options.ReviewReminderInterval);
            ledger.Reviewed(decision);
            if (decision.Action == ReviewAction.MarkResolved)
            {
                return SagaStatus.Resolved;
            }

            if (decision.Action == ReviewAction.SkipCompensation &&
                failed.FirstOrDefault(c => c.Name == decision.Step || c.Step == decision.Step) is { } skipped)
            {
                // Undone by hand: recorded as a compensation line of its own; the other failed ones run again.
                var index = ledger.Begin(skipped.Name, StepKind.Compensation);
                Record(index, success: true, null, UndoOutcomes.UndoneByOperator);
                failed.Remove(skipped);
                if (failed.Count == 0)
                {
                    break;
                }
            }

            ledger.SetStatus(SagaStatus.Compensating);
            failed = await RunCompensationsAsync(failed);
        }

        return deadlineReached ? SagaStatus.TimedOut
            : Workflow.CancellationToken.IsCancellationRequested ? SagaStatus.Cancelled
            : SagaStatus.Compensated;
    }

    /// <summary>Runs <paramref name="pending"/> (newest first) and returns those still to do: the failed ones, and
    /// with <see cref="CompensationFailureMode.StopAtFirstFailure"/> everything after the first failure.</summary>
    /// <remarks>With <see cref="CompensationFailureMode.ContinueAfterFailure"/> each compensation first gets a short
    /// round (<see cref="SagaOptions.CompensationFirstRoundAttempts"/>); one still failing transiently is retried with
    /// the full budget only after the others ran, so a refund that keeps failing does not hold a seat release back.</remarks>
    private async Task<List<Compensation>> RunCompensationsAsync(IReadOnlyList<Compensation> pending)
    {
        if (options.ParallelCompensation)
        {
            var outcomes = await Workflow.WhenAllAsync(pending.Select(c => RunCompensationAsync(c, firstRound: false)));
            return pending.Where((_, i) => outcomes[i] != CompensationOutcome.Succeeded).ToList();
        }

        var rounds = options.CompensationFailureMode == CompensationFailureMode.ContinueAfterFailure && HasSecondRound;
        var failed = new List<Compensation>();
        var again = new List<Compensation>();
        for (var i = 0; i < pending.Count; i++)
        {
            // The last one holds nothing back: it gets the full budget at once.
            var firstRound = rounds && i < pending.Count - 1;
            var outcome = await RunCompensationAsync(pending[i], firstRound);
            if (outcome == CompensationOutcome.Succeeded)
            {
                continue;
            }

            if (options.CompensationFailureMode == CompensationFailureMode.StopAtFirstFailure)
            {
                failed.AddRange(pending.Skip(i));
                break;
            }

            (firstRound && outcome == CompensationOutcome.FailedTransiently ? again : failed).Add(pending[i]);
        }

        // A saga recorded before the rounds existed went to review here; it still does when its history is replayed.
        if (again.Count > 0 && Workflow.Patched(CompensationRoundsPatch))
        {
            Workflow.Logger.LogWarning(
                "Saga {SagaId}: the other compensations ran; retrying {Compensations} with the full budget",
                SagaId, string.Join(", ", again.Select(c => c.Name)));
            foreach (var compensation in again)
            {
                if (await RunCompensationAsync(compensation, firstRound: false) != CompensationOutcome.Succeeded)
                {
                    failed.Add(compensation);
                }
            }
        }
        else
        {
            failed.AddRange(again);
        }

        return pending.Where(failed.Contains).ToList();
    }

    // The first round is shorter than the full policy: a policy of at most that many attempts has no second round.
    private bool HasSecondRound =>
        options.CompensationFirstRoundAttempts > 0 &&
        (options.CompensationRetryPolicy.MaximumAttempts <= 0 ||
         options.CompensationRetryPolicy.MaximumAttempts > options.CompensationFirstRoundAttempts);

    private async Task<CompensationOutcome> RunCompensationAsync(Compensation compensation, bool firstRound)
    {
        var index = ledger.Begin(compensation.Name, StepKind.Compensation);
        var plan = ActivityPlan.ForCompensation(compensation.Options, options);
        if (firstRound)
        {
            plan = plan with { RetryPolicy = FirstRound(plan.RetryPolicy, options.CompensationFirstRoundAttempts) };
        }

        try
        {
            if (compensation.OutcomeUnknown && compensation.Check is not null)
            {
                var checkContext = new StepContext(
                    $"CHECK_{compensation.Step}", $"{KeyScope}/check/{compensation.Step}", compensation.StepKey, plan);
                if (!await compensation.Check(checkContext))
                {
                    Record(index, success: true, null, UndoOutcomes.NotHappened);
                    return CompensationOutcome.Succeeded;
                }
            }

            var context = new StepContext(
                compensation.Name, $"{KeyScope}/compensate/{compensation.Step}", compensation.StepKey, plan);
            Record(index, success: true, null, await compensation.Undo(context));
            return CompensationOutcome.Succeeded;
        }
        catch (Exception e) when (SagaFailures.IsFailure(e))
        {
            ledger.Fail(index, e);
            ledger.Compensated(index, success: false, SagaFailures.Describe(e).Message, null);
            Workflow.Logger.LogError(e, "Saga {SagaId} compensation {Step} failed", SagaId, compensation.Name);
            return e is ActivityFailureException { RetryState: RetryState.NonRetryableFailure }
                or ActivityFailureException { InnerException: ApplicationFailureException { NonRetryable: true } }
                or ApplicationFailureException { NonRetryable: true }
                ? CompensationOutcome.FailedForGood
                : CompensationOutcome.FailedTransiently;
        }
    }

    // A copy with fewer attempts: RetryPolicy is mutable, and the saga's own policy serves the full rounds.
    private static RetryPolicy FirstRound(RetryPolicy policy, int attempts) => new()
    {
        InitialInterval = policy.InitialInterval,
        BackoffCoefficient = policy.BackoffCoefficient,
        MaximumInterval = policy.MaximumInterval,
        MaximumAttempts = attempts,
        NonRetryableErrorTypes = policy.NonRetryableErrorTypes,
    };

    private void Record(int index, bool success, string? failure, string outcome)
    {
        ledger.Complete(index, outcome);
        ledger.Compensated(index, success, failure, outcome);
    }

    private enum CompensationOutcome
    {
        Succeeded,

        /// <summary>Retries ran out (attempts, budget or timeouts): another round may succeed.</summary>
        FailedTransiently,

        /// <summary>The activity said no for good (non-retryable): only an operator can help.</summary>
        FailedForGood,
    }

    /// <summary>The operator finished a stuck forward step's saga by hand (<c>MarkResolved</c>): it ends Resolved.</summary>
    private sealed class ResolvedByOperatorException() : Exception("the saga was resolved by an operator");

    private sealed class InputRejectedException(string problems) : Exception(problems);

    private sealed class Compensation(
        string step, string stepKey, StepOptions options, Func<StepContext, Task<string>> undo, Func<StepContext, Task<bool>>? check)
    {
        public string Step => step;

        public string Name => $"COMPENSATE_{step}";

        public string StepKey => stepKey;

        public StepOptions Options => options;

        public Func<StepContext, Task<string>> Undo => undo;

        public Func<StepContext, Task<bool>>? Check => check;

        /// <summary>The step was interrupted: ask <see cref="Check"/> (when there is one) before undoing.</summary>
        public bool OutcomeUnknown { get; set; }
    }
}
