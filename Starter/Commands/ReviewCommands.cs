using System.CommandLine;
using TemporalSagas.Starter.Cli;

namespace TemporalSagas.Starter.Commands;

/// <summary><c>review …</c>: sagas waiting for an operator, of any type.</summary>
public static class ReviewCommands
{
    public static Command Create(CliContext context) => new("review", "Sagas waiting for an operator")
    {
        ReviewListCommand.Create(context), ReviewResolveCommand.Create(context),
    };
}
