using System.CommandLine;

namespace TemporalSagas.Starter.Cli;

public static class GlobalOptions
{
    public const string DefaultAddress = "localhost:7233";

    public static readonly Option<string> Address = new("--address")
    {
        Description = "Temporal frontend host:port (default: TEMPORAL_ADDRESS or localhost:7233)",
        Recursive = true,
        DefaultValueFactory = _ => EnvironmentOr("TEMPORAL_ADDRESS", DefaultAddress),
    };

    public static readonly Option<string> Namespace = new("--namespace")
    {
        Description = "Temporal namespace (default: TEMPORAL_NAMESPACE or default)",
        Recursive = true,
        DefaultValueFactory = _ => EnvironmentOr("TEMPORAL_NAMESPACE", "default"),
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print camelCase JSON for scripts instead of tables",
        Recursive = true,
    };

    private static string EnvironmentOr(string variable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : fallback;
}
