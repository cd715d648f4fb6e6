using System.CommandLine;
using Spectre.Console;
using TemporalSagas.Client;
using TemporalSagas.Starter.Cli;

namespace TemporalSagas.Starter.Commands;

public static class SagaHistoryCommand
{
    private static readonly Argument<string> Id = new("id") { Description = "Workflow id or the saga's own id" };
    private static readonly Option<FileInfo?> Output = new("--output") { Description = "Write the history JSON to this file" };

    public static Command Create(CliContext context)
    {
        var command = new Command("history", "Show or export a saga's event history (JSON: the replay tests' format)")
        {
            Id, Output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var id = CliBounds.LookupId("id", parse.GetValue(Id)!);
            var client = await CliConnection.ConnectAsync(parse, cancellationToken);
            var handle = await SagaLookup.FindAsync(client, id);
            var history = await handle.FetchHistoryAsync();
            if (parse.GetValue(Output) is { } file)
            {
                file.Directory?.Create();
                await File.WriteAllTextAsync(file.FullName, history.ToJson(), cancellationToken);
                context.Console.Error.WriteLine($"wrote {history.Events.Count} events of {handle.Id} to {file.FullName}");
            }
            else if (parse.GetValue(GlobalOptions.Json))
            {
                context.Console.Out.WriteLine(history.ToJson());
            }
            else
            {
                var table = new Table().Title(Markup.Escape(handle.Id)).AddColumns("id", "time (UTC)", "event", "detail");
                foreach (var e in history.Events)
                {
                    var detail = e.ActivityTaskScheduledEventAttributes?.ActivityType?.Name
                        ?? e.WorkflowExecutionSignaledEventAttributes?.SignalName
                        ?? e.UpsertWorkflowSearchAttributesEventAttributes?.SearchAttributes?.IndexedFields.Keys.FirstOrDefault()
                        ?? string.Empty;
                    table.AddRow(
                        e.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        e.EventTime.ToDateTime().ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture),
                        e.EventType.ToString(), Markup.Escape(detail));
                }

                context.Console.Ansi.Write(table);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
