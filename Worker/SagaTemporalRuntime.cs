using Microsoft.Extensions.Options;
using Temporalio.Runtime;

namespace TemporalSagas.Worker;

/// <summary>
/// The Temporal runtime the client and worker share. With a metrics port it serves Prometheus
/// <c>/metrics</c>: the SDK's worker metrics plus the saga metrics workflows emit through
/// <c>Workflow.MetricMeter</c>. Without one it is the process-wide default runtime.
/// </summary>
public sealed class SagaTemporalRuntime(IOptions<SagaWorkerOptions> options)
{
    private readonly Lazy<TemporalRuntime> runtime = new(() => options.Value.MetricsPort is { } port
        ? new TemporalRuntime(new TemporalRuntimeOptions(new TelemetryOptions
        {
            Metrics = new MetricsOptions(new PrometheusOptions($"0.0.0.0:{port}")),
        }))
        : TemporalRuntime.Default);

    public TemporalRuntime Runtime => runtime.Value;
}
