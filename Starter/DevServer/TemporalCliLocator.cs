namespace TemporalSagas.Starter.DevServer;

/// <summary>Finds the <c>temporal</c> CLI: TEMPORAL_CLI_PATH, then PATH; null lets the SDK download it.</summary>
public static class TemporalCliLocator
{
    public const string EnvironmentVariable = "TEMPORAL_CLI_PATH";

    public const string NotFoundMessage =
        "cannot start the Temporal dev server: set TEMPORAL_CLI_PATH to a temporal CLI binary " +
        "(see ../shared/tools/temporal/README.md) or install the temporal CLI";

    public static string? Find()
    {
        var explicitPath = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return explicitPath;
        }

        var executable = OperatingSystem.IsWindows() ? "temporal.exe" : "temporal";
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, executable))
            .FirstOrDefault(File.Exists);
    }
}
