namespace TemporalSagas.Client;

/// <summary>Ends the command with one error (a line on stderr, or a JSON document with --json) and the given exit code.</summary>
/// <param name="Option">The option (or argument) the error is about, when there is one.</param>
public sealed class CliException(int exitCode, string type, string message, string? option = null) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public string Type { get; } = type;

    public string? Option { get; } = option;

    public static CliException BadInput(string message, string? option = null) =>
        new(ExitCodes.BadInput, CliErrorTypes.InvalidInput, message, option);

    public static CliException Unreachable(string message) =>
        new(ExitCodes.TemporalUnreachable, CliErrorTypes.TemporalUnreachable, message);
}
