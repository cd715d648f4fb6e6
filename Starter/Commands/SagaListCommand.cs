using System.CommandLine;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Commands;

public static class SagaListCommand
{
    private static readonly Option<string?> Status = new("--status") { Description = "Only sagas with this SagaStatus" };
    private static readonly Option<string?> Type = new("--type") { Description = "Only sagas of this SagaType" };
    private static readonly Option<int> Limit = new("--limit") { DefaultValueFactory = _ => 20 };

    public static Command Create()
    {
        var command = new Command("list", "List sagas (visibility query on SagaType / SagaStatus)") { Status, Type, Limit };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var status = parse.GetValue(Status);
            if (status is not null && !Enum.TryParse<SagaStatus>(status, ignoreCase: true, out _))
            {
                throw CliException.BadInput(
                    $"--status must be one of {string.Join(", ", Enum.GetNames<SagaStatus>())} (got '{status}')");
            }

            var limit = parse.GetValue(Limit);
            if (limit < 1)
            {
                throw CliException.BadInput($"--limit must be at least 1 (got {limit})");
            }

            var conditions = new List<string>();
            if (status is not null)
            {
                conditions.Add($"SagaStatus = '{Enum.Parse<SagaStatus>(status, ignoreCase: true)}'");
            }

            if (parse.GetValue(Type) is { } type)
            {
                conditions.Add($"SagaType = '{type.Replace("'", string.Empty, StringComparison.Ordinal)}'");
            }

            var client = await TemporalConnector.ConnectAsync(parse, cancellationToken);
            var sagas = await SagaListing.ListAsync(client, string.Join(" AND ", conditions), limit);
            SagaListing.Write(sagas, parse.GetValue(GlobalOptions.Json));
            return ExitCodes.Success;
        });
        return command;
    }
}
