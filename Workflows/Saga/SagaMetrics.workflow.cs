using Temporalio.Workflows;

namespace TemporalSagas.Workflows.Saga;

/// <summary>
/// Saga metrics through the workflow's metric meter: exported with the Temporal runtime's Prometheus metrics and
/// never emitted twice when a workflow replays. Every metric carries <c>saga_type</c>. The gauge
/// <c>saga_manual_review_open</c> is not here: many workflows cannot share one gauge from inside themselves (each
/// would overwrite the others' value, and a counter cannot fall), so the worker sets it from the visibility store
/// (<c>TemporalSagas.Worker.ManualReviewGauge</c>).
/// </summary>
internal static class SagaMetrics
{
    /// <summary>Every metric a saga workflow emits; the ops rules and dashboard may use these (a test checks).</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "saga_started_total", "saga_failed_total", "saga_completed_total", "saga_compensated_total", "saga_timed_out_total",
        "saga_resolved_total", "saga_cancelled_total", "saga_rejected_total", "saga_compensation_failed_total",
        "saga_duration_seconds", "saga_compensation_duration_seconds", "saga_step_duration_seconds",
    ];

    public static void Started(string sagaType) => Counter("saga_started_total", "Sagas started", sagaType);

    /// <summary>The saga stopped going forward: a step failed, the deadline passed, it was cancelled or its input was invalid.</summary>
    public static void Failed(string sagaType) =>
        Counter("saga_failed_total", "Sagas whose forward path failed (they compensate, or were rejected)", sagaType);

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
        Seconds("saga_duration_seconds", "Saga duration from start to final status", duration, Tags(sagaType, ("status", status.ToString())));
    }

    /// <summary>From the failure to the final status: the compensations, and any manual review wait between them.</summary>
    public static void CompensationFinished(string sagaType, SagaStatus status, TimeSpan duration) =>
        Seconds(
            "saga_compensation_duration_seconds", "Time from a saga's failure to its final status (compensations and review)",
            duration, Tags(sagaType, ("status", status.ToString())));

    /// <summary>One step, compensation or wait of the ledger, with how it ended.</summary>
    public static void StepFinished(string sagaType, StepRecord step) =>
        Seconds(
            "saga_step_duration_seconds", "Duration of one saga step, compensation or wait (as the workflow saw it)",
            (step.FinishedUtc ?? step.StartedUtc) - step.StartedUtc,
            Tags(sagaType, ("step", step.Name), ("kind", step.Kind.ToString()), ("status", step.Status.ToString())));

    private static void Counter(string name, string description, string sagaType) =>
        Workflow.MetricMeter.CreateCounter<long>(name, null, description).Add(1, Tags(sagaType));

    private static void Seconds(string name, string description, TimeSpan duration, KeyValuePair<string, object>[] tags) =>
        Workflow.MetricMeter.CreateHistogram<double>(name, "s", description).Record(Math.Max(0, duration.TotalSeconds), tags);

    private static KeyValuePair<string, object>[] Tags(string sagaType, params (string Key, string Value)[] more) =>
        [new("saga_type", sagaType), .. more.Select(m => new KeyValuePair<string, object>(m.Key, m.Value))];
}
