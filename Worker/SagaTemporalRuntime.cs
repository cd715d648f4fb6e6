using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Temporalio.Runtime;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Worker;

/// <summary>
/// The Temporal runtime the client and worker share. With a metrics port it serves Prometheus
/// <c>/metrics</c> on <c>Temporal:MetricsBindAddress</c> (default 127.0.0.1): the SDK's worker metrics plus the saga
/// metrics workflows emit through <c>Workflow.MetricMeter</c>, named as Prometheus expects (counters end in
/// <c>_total</c>, durations are seconds ending in <c>_seconds</c>; <c>promtool check metrics</c> passes). Without a
/// port, or when the port is taken (a second worker on the same machine), it is the process-wide default runtime and
/// the worker runs without an endpoint.
/// </summary>
public sealed class SagaTemporalRuntime(IOptions<SagaWorkerOptions> options, ILogger<SagaTemporalRuntime> logger)
{
    private readonly Lazy<TemporalRuntime> runtime = new(() => Create(options.Value, logger));

    public TemporalRuntime Runtime => runtime.Value;

    /// <summary>True when this runtime serves <c>/metrics</c> (and so the worker-side saga gauges are worth setting).</summary>
    public bool ServesMetrics => !ReferenceEquals(Runtime, TemporalRuntime.Default);

    // Keyed by instrument name (before the exporter's suffix). The SDK's own durations get its seconds buckets.
    private static readonly Dictionary<string, IReadOnlyCollection<double>> SecondsBuckets = new()
    {
        [SagaMetricNames.Duration] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 21600, 86400],
        [SagaMetricNames.CompensationDuration] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 21600, 86400],
        [SagaMetricNames.StepDuration] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    };

    private static TemporalRuntime Create(SagaWorkerOptions options, ILogger logger)
    {
        if (options.MetricsPort is not { } port)
        {
            return TemporalRuntime.Default;
        }

        // Validated at start (SagaWorkerOptions.Problems); IPEndPoint brackets an IPv6 address as the exporter needs.
        var bind = new IPEndPoint(IPAddress.Parse(options.MetricsBindAddress), port).ToString();
        try
        {
            var created = new TemporalRuntime(new TemporalRuntimeOptions(new TelemetryOptions
            {
                Metrics = new MetricsOptions(new PrometheusOptions(bind)
                {
                    HistogramBucketOverrides = SecondsBuckets,
                    HasCounterTotalSuffix = true,
                    HasUnitSuffix = true,
                    UseSecondsForDuration = true,
                }),
            }));
            SagaCounterZeros.Export(created.MetricMeter, options);
            logger.LogInformation("Prometheus metrics on http://{MetricsBindAddress}/metrics", bind);
            return created;
        }
#pragma warning disable CA1031 // metrics are optional: a taken port must not stop the worker
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogWarning("No Prometheus endpoint: cannot serve metrics on {MetricsBindAddress} ({Reason})", bind, e.Message);
            return TemporalRuntime.Default;
        }
    }
}
