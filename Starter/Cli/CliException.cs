namespace TemporalSagas.Starter.Cli;

/// <summary>Ends the command with one line on stderr and the given exit code.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException BadInput(string message) => new(ExitCodes.BadInput, message);

    public static CliException Unreachable(string message) => new(ExitCodes.TemporalUnreachable, message);
}
