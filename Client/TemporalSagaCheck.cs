using Temporalio.Client;
using TemporalSagas.Activities.Verification;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Client;

/// <summary>
/// The invariant <c>verify --temporal</c> checks in Temporal's visibility store: a saga workflow that has closed
/// carries a final <c>SagaStatus</c>. One still <c>Running</c> or <c>Compensating</c> ended outside the engine's
/// bookkeeping (a cancel before or during validation did, before issue 17), so <c>saga list --status Running</c>
/// would list it forever and its outcome may never have been recorded.
/// </summary>
public static class TemporalSagaCheck
{
    public const string Domain = "temporal";
    public const string ClosedWithOpenStatus = "closed-saga-has-final-status";

    public const string Query =
        "ExecutionStatus != 'Running' AND (SagaStatus = 'Running' OR SagaStatus = 'Compensating')";

    /// <summary>Every closed saga workflow (up to <paramref name="limit"/>, of <paramref name="taskQueue"/> when given)
    /// whose <c>SagaStatus</c> is not final.</summary>
    public static async Task<IReadOnlyList<InvariantViolation>> CheckAsync(
        ITemporalClient client, CancellationToken cancellationToken, int limit = 1000, string? taskQueue = null)
    {
        var violations = new List<InvariantViolation>();
        var query = taskQueue is null ? Query : $"TaskQueue = '{taskQueue.Replace("'", "''", StringComparison.Ordinal)}' AND {Query}";
        await foreach (var workflow in client.ListWorkflowsAsync(query, new() { Limit = limit }).WithCancellation(cancellationToken))
        {
            var status = workflow.TypedSearchAttributes.TryGetValue(SagaSearchAttributes.SagaStatus, out var value) ? value : "?";
            violations.Add(new(
                Domain, ClosedWithOpenStatus, workflow.Id,
                $"{workflow.WorkflowType} run {workflow.RunId} closed {workflow.Status} with SagaStatus {status}"));
        }

        return violations;
    }
}
