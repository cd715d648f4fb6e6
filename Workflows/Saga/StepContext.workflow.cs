using System.Linq.Expressions;
using Temporalio.Common;
using Temporalio.Workflows;

namespace TemporalSagas.Workflows.Saga;

/// <summary>
/// What a step's action, its compensation or its "did it happen?" check needs: the idempotency keys and a way to
/// run an activity with the saga's options (timeouts, retries, cancellation, a summary for the Web UI timeline).
/// </summary>
public sealed class StepContext
{
    private readonly ActivityPlan plan;

    internal StepContext(string step, string idempotencyKey, string stepKey, ActivityPlan plan)
    {
        Step = step;
        IdempotencyKey = idempotencyKey;
        StepKey = stepKey;
        this.plan = plan;
    }

    /// <summary>The log name: the step (<c>RESERVE_SEAT</c>) or its compensation (<c>COMPENSATE_RESERVE_SEAT</c>).</summary>
    public string Step { get; }

    /// <summary>
    /// This call's key, <c>{workflowId}/{firstRunId}/{step}</c> or <c>.../compensate/{step}</c>: stable across retries,
    /// redelivery, resets and continue-as-new, and different for a later saga that reuses the workflow id.
    /// </summary>
    public string IdempotencyKey { get; }

    /// <summary>The forward step's key. Compensations and checks find the step's effect by it, so they work
    /// even when the step's result never arrived (cancelled, timed out, worker lost).</summary>
    public string StepKey { get; }

    public Task<TResult> RunAsync<TActivities, TResult>(
        Expression<Func<TActivities, Task<TResult>>> call, string? summary = null) =>
        plan.Local
            ? Workflow.ExecuteLocalActivityAsync(call, plan.LocalOptions(Summary(summary)))
            : Workflow.ExecuteActivityAsync(call, plan.RemoteOptions(Summary(summary)));

    public Task RunAsync<TActivities>(Expression<Func<TActivities, Task>> call, string? summary = null) =>
        plan.Local
            ? Workflow.ExecuteLocalActivityAsync(call, plan.LocalOptions(Summary(summary)))
            : Workflow.ExecuteActivityAsync(call, plan.RemoteOptions(Summary(summary)));

    private string Summary(string? summary) => summary is null ? Step : $"{Step}: {summary}";
}

/// <summary>
/// How the engine runs one activity. Forward steps wait for a cancelled activity to finish
/// (<see cref="ActivityCancellationType.WaitCancellationCompleted"/>): the saga only moves on once the step's outcome
/// is settled, so a compensation never races the effect it undoes. Compensations and checks are detached from
/// workflow cancellation and have no heartbeat timeout.
/// </summary>
internal sealed record ActivityPlan(
    bool Local,
    TimeSpan StartToCloseTimeout,
    TimeSpan? ScheduleToCloseTimeout,
    TimeSpan? HeartbeatTimeout,
    RetryPolicy RetryPolicy,
    CancellationToken CancellationToken)
{
    public static ActivityPlan ForStep(StepOptions options, CancellationToken cancellationToken) => new(
        options.Local, options.StartToCloseTimeout, null, options.HeartbeatTimeout, options.RetryPolicy, cancellationToken);

    // No heartbeat timeout: the step's is for its own call, which heartbeats; an undo or a check does not (a refund,
    // a Cal.com cancel may take longer than it), and would be timed out and re-sent on every attempt until the
    // retry budget ran out and the saga went to review. CompensationTimeout bounds each attempt instead.
    public static ActivityPlan ForCompensation(StepOptions step, SagaOptions saga) => new(
        step.Local, saga.CompensationTimeout, saga.CompensationRetryBudget, null, saga.CompensationRetryPolicy,
        CancellationToken.None);

    public ActivityOptions RemoteOptions(string summary) => new()
    {
        StartToCloseTimeout = StartToCloseTimeout,
        ScheduleToCloseTimeout = ScheduleToCloseTimeout,
        HeartbeatTimeout = HeartbeatTimeout,
        RetryPolicy = RetryPolicy,
        CancellationToken = CancellationToken,
        CancellationType = ActivityCancellationType.WaitCancellationCompleted,
        Summary = summary,
    };

    public LocalActivityOptions LocalOptions(string summary) => new()
    {
        StartToCloseTimeout = StartToCloseTimeout,
        ScheduleToCloseTimeout = ScheduleToCloseTimeout,
        RetryPolicy = RetryPolicy,
        CancellationToken = CancellationToken,
        CancellationType = ActivityCancellationType.WaitCancellationCompleted,
        Summary = summary,
    };
}
