namespace TemporalSagas.Tests.Support;

/// <summary>
/// Paths to the Temporal servers from the environment (.ci/run exports them from ../shared/tools/temporal).
/// Null lets the SDK download the server, which works on machines with internet access.
/// </summary>
public static class TemporalBinaries
{
    public static string? TestServerPath => Existing("TEMPORAL_TEST_SERVER_PATH");

    public static string? CliPath => Existing("TEMPORAL_CLI_PATH");

    private static string? Existing(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path
            ? File.Exists(path) ? path : throw new InvalidOperationException($"{variable} points at a missing file: {path}")
            : null;
}
