using System.Text.Json.Serialization;

namespace TemporalSagas.Workflows.Saga;

[JsonConverter(typeof(JsonStringEnumConverter<SagaStatus>))]
public enum SagaStatus
{
    Running,
    Completed,
    Compensating,
    Compensated,
    ManualReviewRequired,
    Resolved,
    TimedOut,
}

[JsonConverter(typeof(JsonStringEnumConverter<StepStatus>))]
public enum StepStatus
{
    Running,
    Completed,
    Failed,
    Skipped,
}

[JsonConverter(typeof(JsonStringEnumConverter<StepKind>))]
public enum StepKind
{
    Action,
    Compensation,
    Wait,
}
