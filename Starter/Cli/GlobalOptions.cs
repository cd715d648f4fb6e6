using System.CommandLine;
using TemporalSagas.Worker;

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

    // Connection security, with the temporal CLI's own option names and environment variables.
    public static readonly Option<bool> Tls = new("--tls")
    {
        Description = "Connect with TLS (default: TEMPORAL_TLS; implied by the other TLS options and --api-key)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(TemporalConnectionSecurity.TlsVariable) is "true" or "1",
    };

    public static readonly Option<string?> TlsCaPath = PathOption("--tls-ca-path", "PEM file of the server's CA", TemporalConnectionSecurity.ServerCaCertPathVariable);

    public static readonly Option<string?> TlsCertPath = PathOption("--tls-cert-path", "PEM client certificate for mTLS", TemporalConnectionSecurity.ClientCertPathVariable);

    public static readonly Option<string?> TlsKeyPath = PathOption("--tls-key-path", "PEM private key of the client certificate", TemporalConnectionSecurity.ClientKeyPathVariable);

    public static readonly Option<string?> TlsServerName = PathOption("--tls-server-name", "Name the server certificate is checked against", TemporalConnectionSecurity.ServerNameVariable);

    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = "API key for Temporal Cloud or a cluster (default: TEMPORAL_API_KEY; prefer the variable: arguments show in ps)",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(TemporalConnectionSecurity.ApiKeyVariable) is { Length: > 0 } key ? key : null,
    };

    public static IEnumerable<Option> ConnectionSecurity => [Tls, TlsCaPath, TlsCertPath, TlsKeyPath, TlsServerName, ApiKey];

    private static Option<string?> PathOption(string name, string description, string variable) => new(name)
    {
        Description = $"{description} (default: {variable})",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null,
    };

    private static string EnvironmentOr(string variable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : fallback;
}
