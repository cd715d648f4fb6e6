using System.CommandLine;
using TemporalSagas.Client;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Starter.Rendering;

namespace TemporalSagas.Starter.Commands;

public static class SagaStatusCommand
{
    private static readonly Argument<string> Id = new("id") { Description = "Workflow id or the saga's own id" };

    public static Command Create(CliContext context)
    {
        var command = new Command("status", "Show a saga's ledger (query GetState)") { Id };
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
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
