using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Temporalio.Runtime;

namespace TemporalSagas.Worker;

/// <summary>
/// The Temporal runtime the client and worker share. With a metrics port it serves Prometheus
/// <c>/metrics</c>: the SDK's worker metrics plus the saga metrics workflows emit through
/// <c>Workflow.MetricMeter</c>. Without one, or when the port is taken (a second worker on the same
/// machine), it is the process-wide default runtime and the worker runs without an endpoint.
/// </summary>
public sealed class SagaTemporalRuntime(IOptions<SagaWorkerOptions> options, ILogger<SagaTemporalRuntime> logger)
{
    private readonly Lazy<TemporalRuntime> runtime = new(() => Create(options.Value.MetricsPort, logger));

    public TemporalRuntime Runtime => runtime.Value;

    private static TemporalRuntime Create(int? port, ILogger logger)
    {
        if (port is null)
        {
            return TemporalRuntime.Default;
        }

        try
        {
            var created = new TemporalRuntime(new TemporalRuntimeOptions(new TelemetryOptions
            {
                Metrics = new MetricsOptions(new PrometheusOptions($"0.0.0.0:{port}")),
            }));
            logger.LogInformation("Prometheus metrics on http://localhost:{MetricsPort}/metrics", port);
            return created;
        }
#pragma warning disable CA1031 // metrics are optional: a taken port must not stop the worker
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogWarning("No Prometheus endpoint: cannot serve metrics on port {MetricsPort} ({Reason})", port, e.Message);
            return TemporalRuntime.Default;
        }
    }
}
