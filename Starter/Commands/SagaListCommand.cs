using System.CommandLine;
using TemporalSagas.Client;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Commands;

public static class SagaListCommand
{
    private static readonly Option<string?> Status = new("--status") { Description = "Only sagas with this SagaStatus" };
    private static readonly Option<string?> Type = new("--type") { Description = "Only sagas of this SagaType" };
    private static readonly Option<int> Limit = new("--limit") { Description = "1-1000 (default 20)", DefaultValueFactory = _ => 20 };

    public static Command Create(CliContext context)
    {
        var command = new Command("list", "List sagas (visibility query on SagaType / SagaStatus)") { Status, Type, Limit };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var conditions = new List<string>();
            if (parse.GetValue(Status) is { } status)
            {
                conditions.Add(Enum.TryParse<SagaStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                    ? $"SagaStatus = '{parsed}'"
                    : throw CliException.BadInput(
                        $"--status must be one of {string.Join(", ", Enum.GetNames<SagaStatus>())} (got '{status}')", Status.Name));
            }

            if (parse.GetValue(Type) is { } type)
            {
                // Only known saga types: the value goes into a visibility query.
                var known = SagaCatalog.All.Select(d => d.SagaType).ToList();
                conditions.Add(known.FirstOrDefault(t => t.Equals(type, StringComparison.OrdinalIgnoreCase)) is { } sagaType
                    ? $"SagaType = '{sagaType}'"
                    : throw CliException.BadInput($"--type must be one of {string.Join(", ", known)} (got '{type}')", Type.Name));
            }

            var limit = CliBounds.Limit(Limit.Name, parse.GetValue(Limit));
            var client = await CliConnection.ConnectAsync(parse, cancellationToken);
            var page = await SagaListing.PageAsync(client, string.Join(" AND ", conditions), limit);
            SagaListingView.Write(context.Console, page, parse.GetValue(GlobalOptions.Json), limit);
            return ExitCodes.Success;
        });
        return command;
    }
}
