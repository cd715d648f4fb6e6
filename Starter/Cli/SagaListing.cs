using Spectre.Console;
using Temporalio.Client;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Cli;

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

    public static void Write(CliConsole console, IReadOnlyCollection<SagaSummary> sagas, bool json)
    {
        if (json)
        {
            JsonOutput.Write(console, sagas);
            return;
        }

        var table = new Table().AddColumns("workflow id", "saga type", "saga status", "failed step", "execution", "started (UTC)");
        foreach (var saga in sagas)
        {
            table.AddRow(
                Markup.Escape(saga.WorkflowId), Markup.Escape(saga.SagaType ?? saga.WorkflowType),
                Markup.Escape(saga.SagaStatus ?? string.Empty), Markup.Escape(saga.FailedStep ?? string.Empty),
                saga.ExecutionStatus, saga.StartedUtc.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
        }

        console.Ansi.Write(table);
        console.Ansi.MarkupLine($"[grey]{sagas.Count} saga(s)[/]");
    }
}
