using Temporalio.Client;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Client;

/// <summary>One page of a visibility query: the sagas, newest start first, and whether the limit cut the list.</summary>
public sealed record SagaPage(IReadOnlyList<SagaSummary> Sagas, bool More);

public static class SagaListing
{
    /// <summary>
    /// Up to <paramref name="limit"/> sagas matching <paramref name="query"/>, newest start first. The visibility store
    /// picks which (open ones first, then by close time: the SQL stores take no ORDER BY); the page is sorted here.
    /// </summary>
    public static async Task<List<SagaSummary>> ListAsync(ITemporalClient client, string query, int limit) =>
        [.. (await PageAsync(client, query, limit)).Sagas];

    /// <summary>As <see cref="ListAsync"/>, reading one more to tell whether more exist.</summary>
    public static async Task<SagaPage> PageAsync(ITemporalClient client, string query, int limit)
    {
        var sagas = new List<SagaSummary>();
        await foreach (var wf in client.ListWorkflowsAsync(query, new() { Limit = limit + 1 }))
        {
            var attributes = wf.TypedSearchAttributes;
            sagas.Add(new(
                wf.Id, wf.WorkflowType,
                attributes.TryGetValue(SagaSearchAttributes.SagaType, out var type) ? type : null,
                attributes.TryGetValue(SagaSearchAttributes.SagaStatus, out var status) ? status : null,
                attributes.TryGetValue(SagaSearchAttributes.SagaFailedStep, out var failed) ? failed : null,
                wf.Status.ToString().Replace("WorkflowExecutionStatus", string.Empty, StringComparison.Ordinal),
                wf.StartTime, wf.CloseTime));
        }

        var more = sagas.Count > limit;
        return new([.. sagas.Take(limit).OrderByDescending(s => s.StartedUtc).ThenBy(s => s.WorkflowId, StringComparer.Ordinal)], more);
    }
}
