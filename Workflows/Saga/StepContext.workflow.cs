using System.Linq.Expressions;
using Temporalio.Workflows;

namespace TemporalSagas.Workflows.Saga;

/// <summary>
/// What a step's action or compensation needs: its idempotency key and a way to run an activity with the
/// saga's options (timeouts, retry policy, cancellation by deadline, summary for the Web UI timeline).
/// </summary>
public sealed class StepContext
{
    private readonly StepOptions options;
    private readonly RetryPolicyOverride retry;
    private readonly CancellationToken cancellationToken;

    internal StepContext(
        string step, string idempotencyKey, StepOptions options, RetryPolicyOverride retry, CancellationToken cancellationToken)
    {
        Step = step;
        IdempotencyKey = idempotencyKey;
        this.options = options;
        this.retry = retry;
        this.cancellationToken = cancellationToken;
    }

    /// <summary>The log name: the step (<c>RESERVE_SEAT</c>) or its compensation (<c>COMPENSATE_RESERVE_SEAT</c>).</summary>
    public string Step { get; }

    /// <summary><c>{workflowId}/{step}</c> or <c>{workflowId}/compensate/{step}</c>: stable across retries and redelivery.</summary>
    public string IdempotencyKey { get; }

    public Task<TResult> RunAsync<TActivities, TResult>(
        Expression<Func<TActivities, Task<TResult>>> call, string? summary = null) =>
        options.Local
            ? Workflow.ExecuteLocalActivityAsync(call, LocalOptions(summary))
            : Workflow.ExecuteActivityAsync(call, RemoteOptions(summary));

    public Task RunAsync<TActivities>(Expression<Func<TActivities, Task>> call, string? summary = null) =>
        options.Local
            ? Workflow.ExecuteLocalActivityAsync(call, LocalOptions(summary))
            : Workflow.ExecuteActivityAsync(call, RemoteOptions(summary));

    private string Summary(string? summary) => summary is null ? Step : $"{Step}: {summary}";

    private ActivityOptions RemoteOptions(string? summary) => new()
    {
        StartToCloseTimeout = retry.Timeout ?? options.StartToCloseTimeout,
        RetryPolicy = retry.Policy ?? options.RetryPolicy,
        CancellationToken = cancellationToken,
        Summary = Summary(summary),
    };

    private LocalActivityOptions LocalOptions(string? summary) => new()
    {
        StartToCloseTimeout = retry.Timeout ?? options.StartToCloseTimeout,
        RetryPolicy = retry.Policy ?? options.RetryPolicy,
        CancellationToken = cancellationToken,
        Summary = Summary(summary),
    };
}

/// <summary>Compensations keep the step's execution mode but use the saga's compensation policy.</summary>
internal readonly record struct RetryPolicyOverride(Temporalio.Common.RetryPolicy? Policy, TimeSpan? Timeout);
