using Temporalio.Client;

namespace TemporalSagas.Worker;

/// <summary>
/// How worker, CLI and console secure their connection to a Temporal cluster or Temporal Cloud: TLS with a server CA,
/// a client certificate for mTLS, a server name override, and an API key. The environment variables are the
/// <c>temporal</c> CLI's own, so one shell setup serves both. Secrets are never logged: <see cref="ToString"/>
/// names only what is set.
/// </summary>
public sealed record TemporalConnectionSecurity(
    bool Tls = false,
    string? ServerCaCertPath = null,
    string? ClientCertPath = null,
    string? ClientKeyPath = null,
    string? ServerName = null,
    string? ApiKey = null)
{
    public const string TlsVariable = "TEMPORAL_TLS";
    public const string ServerCaCertPathVariable = "TEMPORAL_TLS_SERVER_CA_CERT_PATH";
    public const string ClientCertPathVariable = "TEMPORAL_TLS_CLIENT_CERT_PATH";
    public const string ClientKeyPathVariable = "TEMPORAL_TLS_CLIENT_KEY_PATH";
    public const string ServerNameVariable = "TEMPORAL_TLS_SERVER_NAME";
    public const string ApiKeyVariable = "TEMPORAL_API_KEY";

    /// <summary>TLS is on when asked for, or implied by any TLS file, a server name or an API key (as in the <c>temporal</c> CLI).</summary>
    public bool UsesTls => Tls || ServerCaCertPath is not null || ClientCertPath is not null || ServerName is not null || ApiKey is not null;

    /// <summary>These settings with every value the environment sets taking its place.</summary>
    public TemporalConnectionSecurity WithEnvironment(Func<string, string?> variable) => new(
        Tls || (variable(TlsVariable) is { } tls && (tls.Equals("true", StringComparison.OrdinalIgnoreCase) || tls == "1")),
        NonEmpty(variable(ServerCaCertPathVariable)) ?? NonEmpty(ServerCaCertPath),
        NonEmpty(variable(ClientCertPathVariable)) ?? NonEmpty(ClientCertPath),
        NonEmpty(variable(ClientKeyPathVariable)) ?? NonEmpty(ClientKeyPath),
        NonEmpty(variable(ServerNameVariable)) ?? NonEmpty(ServerName),
        NonEmpty(variable(ApiKeyVariable)) ?? NonEmpty(ApiKey));

    /// <summary>
    /// Every problem: the setting it is about (as <paramref name="name"/> spells the CLI's option name, e.g.
    /// <c>--tls-ca-path</c> or <c>Temporal:TlsServerCaCertPath</c>) and the message, which starts with that name.
    /// </summary>
    public IEnumerable<(string Setting, string Message)> Problems(Func<string, string> name)
    {
        foreach (var (option, path) in new[] { ("tls-ca-path", ServerCaCertPath), ("tls-cert-path", ClientCertPath), ("tls-key-path", ClientKeyPath) })
        {
            if (path is not null && !File.Exists(path))
            {
                yield return (name(option), $"{name(option)}: no such file '{path}'");
            }
        }

        if ((ClientCertPath is null) != (ClientKeyPath is null))
        {
            var missing = name(ClientCertPath is null ? "tls-cert-path" : "tls-key-path");
            yield return (missing, $"{missing} is missing: {name("tls-cert-path")} and {name("tls-key-path")} go together (mTLS needs the certificate and its key)");
        }
    }

    /// <summary>Sets TLS and the API key on <paramref name="options"/>; files are read here (PEM).</summary>
    public void ApplyTo(TemporalClientConnectOptions options)
    {
        options.ApiKey = ApiKey;
        options.Tls = UsesTls
            ? new TlsOptions
            {
                ServerRootCACert = ServerCaCertPath is null ? null : File.ReadAllBytes(ServerCaCertPath),
                ClientCert = ClientCertPath is null ? null : File.ReadAllBytes(ClientCertPath),
                ClientPrivateKey = ClientKeyPath is null ? null : File.ReadAllBytes(ClientKeyPath),
                Domain = ServerName,
            }
            : null;
    }

    public override string ToString() =>
        UsesTls
            ? $"TLS (CA {(ServerCaCertPath is null ? "system" : "file")}, client certificate {(ClientCertPath is null ? "none" : "file")}, API key {(ApiKey is null ? "none" : "set")})"
            : "plaintext";

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
