using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Worker;

/// <summary>Section "Temporal"; TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE override the file, code overrides both.</summary>
public sealed class SagaWorkerOptions
{
    public const string Section = "Temporal";

    public string Address { get; set; } = "localhost:7233";

    public string Namespace { get; set; } = "default";

    public string TaskQueue { get; set; } = SagaTaskQueue.Default;

    public string? ApiKey { get; set; }

    public bool Tls { get; set; }

    /// <summary>How long the worker waits for the Temporal server at start before it gives up.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 60;

    /// <summary>Port of the Prometheus <c>/metrics</c> endpoint; null: no endpoint.</summary>
    public int? MetricsPort { get; set; }

    /// <summary>Write log lines to the console (off for the Starter's in-process demo worker).</summary>
    public bool ConsoleLog { get; set; } = true;

    /// <summary>Directory of the rolling compact-JSON log; relative paths are under the app's base directory; null: no file.</summary>
    public string? LogDirectory { get; set; } = "logs";

    internal IEnumerable<string> Problems()
    {
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

        if (MetricsPort is < 1 or > 65535)
        {
            yield return $"Temporal:MetricsPort must be a TCP port (got {MetricsPort})";
        }
    }
}
