using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Client;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Starter.Rendering;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Commands;

public static class SagaStatusCommand
{
    private static readonly Argument<string> Id = new("id") { Description = "Workflow id or the saga's own id" };

    public static Command Create(CliContext context)
    {
        var command = new Command(
            "status", "Show a saga's ledger (query GetState), its reviews and its timeline from the history: durations, attempts, last errors")
        {
            Id,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var id = CliBounds.LookupId("id", parse.GetValue(Id)!);
            var client = await CliConnection.ConnectAsync(parse, cancellationToken);
            var handle = await SagaLookup.FindAsync(client, id);
            var state = await SagaLookup.GetStateAsync(handle);
            var (timeline, unreadable) = await ReadTimelineAsync(handle, state, cancellationToken);
            if (parse.GetValue(GlobalOptions.Json))
            {
                // The state's fields stay at the top (as before the timeline), the table's rows beside them.
                var json = JsonSerializer.SerializeToNode(state, JsonOutput.Options)!.AsObject();
                json["timeline"] = timeline is null ? null : JsonSerializer.SerializeToNode(SagaTimelineTable.Rows(timeline), JsonOutput.Options);
                json["timelineError"] = unreadable;
                JsonOutput.Write(context.Console, json);
            }
            else
            {
                SagaStateView.Write(context.Console.Ansi, state);
                WriteTimeline(context.Console, timeline, unreadable);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    // The history adds what the ledger cannot know (retries inside one run); a history that cannot be read still
    // leaves the ledger shown.
    private static async Task<(SagaTimelineView? Timeline, string? Unreadable)> ReadTimelineAsync(
        WorkflowHandle handle, SagaState state, CancellationToken cancellationToken)
    {
        try
        {
            return (await SagaTimeline.ReadAsync(handle, state, cancellationToken), null);
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException)
        {
            return (null, $"the history could not be read ({e.Message})");
        }
    }

    private static void WriteTimeline(CliConsole console, SagaTimelineView? timeline, string? unreadable)
    {
        if (timeline is null)
        {
            console.Ansi.MarkupLine($"[grey]no timeline: {Markup.Escape(unreadable ?? string.Empty)}[/]");
            return;
        }

        console.Ansi.Write(SagaTimelineTable.Create(timeline));
        if (SagaTimelineTable.Hint(timeline) is { } hint)
        {
            console.Ansi.MarkupLine(hint);
        }
    }
}
