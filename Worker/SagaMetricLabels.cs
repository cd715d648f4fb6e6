using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Worker;

/// <summary>
/// The labels a saga workflow's metrics carry: the SDK's <c>namespace</c>, <c>task_queue</c> and <c>workflow_type</c>
/// (added to <c>Workflow.MetricMeter</c>) plus our <c>saga_type</c>. The worker's own saga series (the review gauges,
/// the counters' zero) carry the same, so one query or alert treats them alike and a zero is the series the workflow
/// later counts up, not a second one beside it.
/// </summary>
internal static class SagaMetricLabels
{
    public static KeyValuePair<string, object>[] For(SagaWorkerOptions options, SagaDescriptor saga) =>
    [
        new("namespace", options.Namespace),
        new("task_queue", options.TaskQueue),
        new("workflow_type", saga.WorkflowType),
        new(SagaMetricNames.SagaTypeLabel, saga.SagaType),
    ];
}
