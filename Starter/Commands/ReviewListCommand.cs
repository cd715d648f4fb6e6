using System.CommandLine;
using TemporalSagas.Client;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Commands;

public static class ReviewListCommand
{
    private static readonly Option<int> Limit = new("--limit") { Description = "1-1000 (default 50)", DefaultValueFactory = _ => 50 };

    public static Command Create(CliContext context)
    {
        var command = new Command("list", "List sagas waiting for manual review: since when, the failed compensation and its error") { Limit };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var limit = CliBounds.Limit(Limit.Name, parse.GetValue(Limit));
            var client = await CliConnection.ConnectAsync(parse, cancellationToken);
            var (items, more) = await ReviewInbox.ReadAsync(client, limit, cancellationToken);
            SagaListingView.WriteInbox(context.Console, items, more, parse.GetValue(GlobalOptions.Json), limit);
            return ExitCodes.Success;
        });
        return command;
    }
}
