namespace TemporalSagas.Workflows.Saga;

/// <summary>
/// The saga metrics' instrument names, for the workflows that emit them and the worker that exports every counter at 0
/// from its start (so a dashboard shows 0, not "No data"). The worker's Prometheus endpoint adds the unit suffixes
/// (<c>HasCounterTotalSuffix</c>, <c>HasUnitSuffix</c>): <c>saga_started</c> is scraped as <c>saga_started_total</c>,
/// <c>saga_duration</c> (unit <see cref="Seconds"/>) as <c>saga_duration_seconds</c>.
/// </summary>
public static class SagaMetricNames
{
    public const string Started = "saga_started";
    public const string Failed = "saga_failed";
    public const string CompensationFailed = "saga_compensation_failed";
    public const string Completed = "saga_completed";
    public const string Compensated = "saga_compensated";
    public const string TimedOut = "saga_timed_out";
    public const string Resolved = "saga_resolved";
    public const string Cancelled = "saga_cancelled";
    public const string Rejected = "saga_rejected";

    public const string Duration = "saga_duration";
    public const string CompensationDuration = "saga_compensation_duration";
    public const string StepDuration = "saga_step_duration";

    /// <summary>The unit of every saga histogram; the exporter appends it to the name.</summary>
    public const string Seconds = "seconds";

    /// <summary>The label every saga metric carries.</summary>
    public const string SagaTypeLabel = "saga_type";

    public static readonly IReadOnlyList<string> Counters =
        [Started, Failed, CompensationFailed, Completed, Compensated, TimedOut, Resolved, Cancelled, Rejected];

    /// <summary>Each counter's help text: the workflow and the worker's zero must create a counter alike.</summary>
    public static string Help(string counter) => counter switch
    {
        Started => "Sagas started",
        Failed => "Sagas whose forward path failed (they compensate, or were rejected)",
        CompensationFailed => "Sagas whose compensation failed and went to manual review",
        Completed => "Sagas that ended Completed",
        Compensated => "Sagas that ended Compensated",
        TimedOut => "Sagas that ended TimedOut",
        Resolved => "Sagas that ended Resolved",
        Cancelled => "Sagas that ended Cancelled",
        Rejected => "Sagas that ended Rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(counter), counter, "not a saga counter"),
    };

    public static readonly IReadOnlyList<string> Histograms = [Duration, CompensationDuration, StepDuration];

    /// <summary>The counter that counts sagas ending with <paramref name="status"/>.</summary>
    public static string FinishedCounter(SagaStatus status) => status switch
    {
        SagaStatus.Completed => Completed,
        SagaStatus.Compensated => Compensated,
        SagaStatus.TimedOut => TimedOut,
        SagaStatus.Resolved => Resolved,
        SagaStatus.Cancelled => Cancelled,
        SagaStatus.Rejected => Rejected,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a final saga status"),
    };
}
