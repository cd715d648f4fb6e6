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

    /// <summary>True when this runtime serves <c>/metrics</c> (and so the worker-side saga gauges are worth setting).</summary>
    public bool ServesMetrics => !ReferenceEquals(Runtime, TemporalRuntime.Default);

    // The saga histograms are in seconds; the runtime's default buckets suit milliseconds.
    private static readonly Dictionary<string, IReadOnlyCollection<double>> SecondsBuckets = new()
    {
        ["saga_duration_seconds"] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 21600, 86400],
        ["saga_compensation_duration_seconds"] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 21600, 86400],
        ["saga_step_duration_seconds"] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    };

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
                Metrics = new MetricsOptions(new PrometheusOptions($"0.0.0.0:{port}")
                {
                    HistogramBucketOverrides = SecondsBuckets,
                }),
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
