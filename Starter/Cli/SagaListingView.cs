using Spectre.Console;
using TemporalSagas.Client;

namespace TemporalSagas.Starter.Cli;

/// <summary>Writes a <see cref="SagaListing"/> result: a table, or JSON with --json.</summary>
public static class SagaListingView
{
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
