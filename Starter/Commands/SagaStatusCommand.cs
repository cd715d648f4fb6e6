using System.CommandLine;
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
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(context.Console, state);
            }
            else
            {
                SagaStateView.Write(context.Console.Ansi, state);
                await WriteTimelineAsync(context.Console, handle, state, cancellationToken);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    // The history adds what the ledger cannot know (retries inside one run); a history that cannot be read still
    // leaves the ledger shown.
    private static async Task WriteTimelineAsync(CliConsole console, WorkflowHandle handle, SagaState state, CancellationToken cancellationToken)
    {
        SagaTimelineView timeline;
        try
        {
            timeline = await SagaTimeline.ReadAsync(handle, state, cancellationToken);
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException)
        {
            console.Ansi.MarkupLine($"[grey]no timeline: the history could not be read ({Markup.Escape(e.Message)})[/]");
            return;
        }

        console.Ansi.Write(SagaTimelineTable.Create(timeline));
        if (SagaTimelineTable.Hint(timeline) is { } hint)
        {
            console.Ansi.MarkupLine(hint);
        }
    }
}
