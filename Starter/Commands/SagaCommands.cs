using System.CommandLine;
using TemporalSagas.Starter.Cli;

namespace TemporalSagas.Starter.Commands;

/// <summary><c>saga …</c>: commands that work on a saga of any type.</summary>
public static class SagaCommands
{
    public static Command Create(CliContext context) => new("saga", "Any saga")
    {
        SagaStatusCommand.Create(context), SagaListCommand.Create(context), SagaHistoryCommand.Create(context),
    };
}
