using Temporalio.Workflows;

namespace TemporalSagas.Workflows.Saga;

/// <summary>
/// Saga metrics through the workflow's metric meter: exported with the Temporal runtime's Prometheus metrics and
/// never emitted twice when a workflow replays. Every metric carries <c>saga_type</c>; the names are in
/// <see cref="SagaMetricNames"/> (without the <c>_total</c> and <c>_seconds</c> the exporter appends). The gauge
/// <c>saga_manual_review_open</c> is not here: many workflows cannot share one gauge from inside themselves (each
/// would overwrite the others' value, and a counter cannot fall), so the worker sets it from the visibility store
/// (<c>TemporalSagas.Worker.ManualReviewGauge</c>).
/// </summary>
internal static class SagaMetrics
{
    public static void Started(string sagaType) => Counter(SagaMetricNames.Started, sagaType);

    /// <summary>The saga stopped going forward: a step failed, the deadline passed, it was cancelled or its input was invalid.</summary>
    public static void Failed(string sagaType) =>
        Counter(SagaMetricNames.Failed, sagaType);

    public static void CompensationFailed(string sagaType) =>
        Counter(SagaMetricNames.CompensationFailed, sagaType);

    public static void Finished(string sagaType, SagaStatus status, TimeSpan duration)
    {
        Counter(SagaMetricNames.FinishedCounter(status), sagaType);
        Seconds(SagaMetricNames.Duration, "Saga duration from start to final status", duration, Tags(sagaType, ("status", status.ToString())));
    }

    /// <summary>From the failure to the final status: the compensations, and any manual review wait between them.</summary>
    public static void CompensationFinished(string sagaType, SagaStatus status, TimeSpan duration) =>
        Seconds(
            SagaMetricNames.CompensationDuration, "Time from a saga's failure to its final status (compensations and review)",
            duration, Tags(sagaType, ("status", status.ToString())));

    /// <summary>One step, compensation or wait of the ledger, with how it ended.</summary>
    public static void StepFinished(string sagaType, StepRecord step) =>
        Seconds(
            SagaMetricNames.StepDuration, "Duration of one saga step, compensation or wait (as the workflow saw it)",
            (step.FinishedUtc ?? step.StartedUtc) - step.StartedUtc,
            Tags(sagaType, ("step", step.Name), ("kind", step.Kind.ToString()), ("status", step.Status.ToString())));

    private static void Counter(string name, string sagaType) =>
        Workflow.MetricMeter.CreateCounter<long>(name, null, SagaMetricNames.Help(name)).Add(1, Tags(sagaType));

    private static void Seconds(string name, string description, TimeSpan duration, KeyValuePair<string, object>[] tags) =>
        Workflow.MetricMeter.CreateHistogram<double>(name, SagaMetricNames.Seconds, description).Record(Math.Max(0, duration.TotalSeconds), tags);

    private static KeyValuePair<string, object>[] Tags(string sagaType, params (string Key, string Value)[] more) =>
        [new(SagaMetricNames.SagaTypeLabel, sagaType), .. more.Select(m => new KeyValuePair<string, object>(m.Key, m.Value))];
}
