using Temporalio.Workflows;

namespace TemporalSagas.Workflows.Saga;

/// <summary>
/// Saga metrics through the workflow's metric meter: exported with the Temporal runtime's Prometheus
/// metrics and never emitted twice when a workflow replays.
/// </summary>
internal static class SagaMetrics
{
    public static void Started(string sagaType) => Counter("saga_started_total", "Sagas started", sagaType);

    public static void CompensationFailed(string sagaType) =>
        Counter("saga_compensation_failed_total", "Sagas whose compensation failed and went to manual review", sagaType);

    public static void Finished(string sagaType, SagaStatus status, TimeSpan duration)
    {
        var name = status switch
        {
            SagaStatus.Completed => "saga_completed_total",
            SagaStatus.Compensated => "saga_compensated_total",
            SagaStatus.TimedOut => "saga_timed_out_total",
            SagaStatus.Resolved => "saga_resolved_total",
            SagaStatus.Cancelled => "saga_cancelled_total",
            SagaStatus.Rejected => "saga_rejected_total",
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a final saga status"),
        };
        Counter(name, $"Sagas that ended {status}", sagaType);
        Workflow.MetricMeter
            .CreateHistogram<long>("saga_duration_ms", "ms", "Saga duration from start to final status")
            .Record((long)duration.TotalMilliseconds, Tags(sagaType, status.ToString()));
    }

    private static void Counter(string name, string description, string sagaType) =>
        Workflow.MetricMeter.CreateCounter<long>(name, null, description).Add(1, Tags(sagaType));

    private static KeyValuePair<string, object>[] Tags(string sagaType, string? status = null) =>
        status is null
            ? [new("saga_type", sagaType)]
            : [new("saga_type", sagaType), new("status", status)];
}
