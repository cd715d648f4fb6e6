using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Worker;

/// <summary>
/// How long the longest-waiting review of one saga type has waited: since its last compensation failed, as the review
/// inbox counts it (0 when none waits). Visibility knows each saga's start but not when its review began, so the sagas
/// are read oldest start first and only their own state says when; a saga whose start is more recent than the longest
/// wait found so far cannot beat it, so few are asked. A saga that cannot answer counts from its start (an alert errs
/// toward firing).
/// </summary>
internal static class OldestReviewAge
{
    // A round asks at most this many sagas; with that many reviews the count alert is firing anyway.
    private const int MaxQueries = 50;

    public static async Task<TimeSpan> ReadAsync(ITemporalClient client, string query, CancellationToken cancellationToken)
    {
        var waiting = new List<(string Id, DateTime StartedUtc)>();
        await foreach (var saga in client.ListWorkflowsAsync(query, new() { Rpc = new() { CancellationToken = cancellationToken } })
            .WithCancellation(cancellationToken))
        {
            waiting.Add((saga.Id, saga.StartTime));
        }

        var now = DateTime.UtcNow;
        var oldest = TimeSpan.Zero;
        foreach (var (id, startedUtc) in waiting.OrderBy(w => w.StartedUtc).Take(MaxQueries))
        {
            if (now - startedUtc <= oldest)
            {
                break;
            }

            var since = await WaitingSinceAsync(client, id, cancellationToken) ?? startedUtc;
            oldest = TimeSpan.FromTicks(Math.Max(oldest.Ticks, (now - since).Ticks));
        }

        return oldest;
    }

    private static async Task<DateTime?> WaitingSinceAsync(ITemporalClient client, string workflowId, CancellationToken cancellationToken)
    {
        try
        {
            var state = await client.GetWorkflowHandle<SagaWorkflowBase>(workflowId)
                .QueryAsync(wf => wf.GetState(), new() { Rpc = new() { CancellationToken = cancellationToken } });
            return ReviewWaitingSince.Of(state);
        }
        catch (WorkflowQueryFailedException)
        {
            return null;
        }
    }
}
