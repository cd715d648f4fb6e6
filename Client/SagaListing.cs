using Temporalio.Client;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Client;

public static class SagaListing
{
    public static async Task<List<SagaSummary>> ListAsync(ITemporalClient client, string query, int limit)
    {
        var sagas = new List<SagaSummary>();
        await foreach (var wf in client.ListWorkflowsAsync(query, new() { Limit = limit }))
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

        return sagas;
    }
}
