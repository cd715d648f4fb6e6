using System.CommandLine;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Starter.Rendering;

namespace TemporalSagas.Starter.Commands;

public static class SagaStatusCommand
{
    private static readonly Argument<string> Id = new("id") { Description = "Workflow id or the saga's own id" };

    public static Command Create()
    {
        var command = new Command("status", "Show a saga's ledger (query GetState)") { Id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var client = await TemporalConnector.ConnectAsync(parse, cancellationToken);
            var handle = await SagaLookup.FindAsync(client, parse.GetValue(Id)!);
            var state = await SagaLookup.GetStateAsync(handle);
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(state);
            }
            else
            {
                SagaStateView.Write(state);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
