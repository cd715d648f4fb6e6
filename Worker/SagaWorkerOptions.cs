using System.Net;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Worker;

/// <summary>Section "Temporal"; TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE override the file, code overrides both.</summary>
public sealed class SagaWorkerOptions
{
    public const string Section = "Temporal";

    public string Address { get; set; } = "localhost:7233";

    public string Namespace { get; set; } = "default";

    public string TaskQueue { get; set; } = SagaTaskQueue.Default;

    /// <summary>Temporal Cloud or cluster API key (implies TLS); TEMPORAL_API_KEY overrides. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Connect with TLS (implied by any of the TLS paths, a server name or an API key).</summary>
    public bool Tls { get; set; }

    /// <summary>PEM file of the CA that signed the server's certificate; null: the system's roots.</summary>
    public string? TlsServerCaCertPath { get; set; }

    /// <summary>PEM client certificate for mTLS (with <see cref="TlsClientKeyPath"/>).</summary>
    public string? TlsClientCertPath { get; set; }

    /// <summary>PEM private key of the client certificate. Never logged.</summary>
    public string? TlsClientKeyPath { get; set; }

    /// <summary>The name the server's certificate is checked against when it differs from the address's host.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>gRPC compression toward the server: auto (none on loopback, gzip elsewhere), gzip or none;
    /// TEMPORAL_GRPC_COMPRESSION overrides.</summary>
    public string? GrpcCompression { get; set; }

    /// <summary>How long the worker waits for the Temporal server at start before it gives up.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 60;

    /// <summary>Activities this worker runs at once (SDK default 100). Each holds a database connection while it runs.</summary>
    public int? MaxConcurrentActivities { get; set; }

    /// <summary>Local activities (local-step mode) this worker runs at once (SDK default 100).</summary>
    public int? MaxConcurrentLocalActivities { get; set; }

    /// <summary>Workflow tasks this worker processes at once (SDK default 100).</summary>
    public int? MaxConcurrentWorkflowTasks { get; set; }

    /// <summary>Workflows kept in memory between tasks (SDK default 1,000); more means fewer replays, more RAM.</summary>
    public int? MaxCachedWorkflows { get; set; }

    /// <summary>Port of the Prometheus <c>/metrics</c> endpoint; null: no endpoint.</summary>
    public int? MetricsPort { get; set; }

    /// <summary>The IP address <c>/metrics</c> listens on: 127.0.0.1 (this machine only) unless set; 0.0.0.0 (or ::) for
    /// a Prometheus on another host or container. The metrics name task queues and saga types, nothing secret, but an
    /// endpoint is opened to the network only on purpose.</summary>
    public string MetricsBindAddress { get; set; } = "127.0.0.1";

    /// <summary>Write log lines to the console (off for the Starter's in-process demo worker).</summary>
    public bool ConsoleLog { get; set; } = true;

    /// <summary>Directory of the rolling compact-JSON log; relative paths are under the app's base directory; null: no file.</summary>
    public string? LogDirectory { get; set; } = "logs";

    // IPAddress.TryParse also takes "9464" and "127.1" as IPv4 addresses: a dotted quad or an IPv6 address only.
    private static bool IsIpAddress(string? text) =>
        IPAddress.TryParse(text, out var ip)
        && (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || text.Count(c => c == '.') == 3);

    public TemporalConnectionSecurity Security() =>
        new(Tls, TlsServerCaCertPath, TlsClientCertPath, TlsClientKeyPath, TlsServerName, string.IsNullOrWhiteSpace(ApiKey) ? null : ApiKey);

    internal IEnumerable<string> Problems()
    {
        foreach (var (_, problem) in Security().Problems(setting => setting switch
        {
            "tls-ca-path" => "Temporal:TlsServerCaCertPath",
            "tls-cert-path" => "Temporal:TlsClientCertPath",
            "tls-key-path" => "Temporal:TlsClientKeyPath",
            _ => setting,
        }))
        {
            yield return problem;
        }

        if (string.IsNullOrWhiteSpace(Address) || !Address.Contains(':', StringComparison.Ordinal))
        {
            yield return $"Temporal:Address must be host:port (got '{Address}')";
        }

        if (string.IsNullOrWhiteSpace(Namespace))
        {
            yield return "Temporal:Namespace is required";
        }

        if (string.IsNullOrWhiteSpace(TaskQueue))
        {
            yield return "Temporal:TaskQueue is required";
        }

        if (ConnectTimeoutSeconds < 0)
        {
            yield return $"Temporal:ConnectTimeoutSeconds cannot be negative (got {ConnectTimeoutSeconds})";
        }

        foreach (var (name, value) in new[]
        {
            (nameof(MaxConcurrentActivities), MaxConcurrentActivities), (nameof(MaxConcurrentLocalActivities), MaxConcurrentLocalActivities),
            (nameof(MaxConcurrentWorkflowTasks), MaxConcurrentWorkflowTasks), (nameof(MaxCachedWorkflows), MaxCachedWorkflows),
        })
        {
            if (value is < 1 or > 100_000)
            {
                yield return $"Temporal:{name} must be between 1 and 100000 (got {value})";
            }
        }

        if (MetricsPort is < 1 or > 65535)
        {
            yield return $"Temporal:MetricsPort must be a TCP port (got {MetricsPort})";
        }

        if (!IsIpAddress(MetricsBindAddress))
        {
            yield return $"Temporal:MetricsBindAddress must be an IP address such as 127.0.0.1 or 0.0.0.0 (got '{MetricsBindAddress}')";
        }
    }
}
