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

    /// <summary>A client cancelled the saga; everything it had done was compensated, and the workflow ended Cancelled.</summary>
    Cancelled,

    /// <summary>The input failed validation (<c>INVALID_INPUT</c>): no step ran.</summary>
    Rejected,
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

public static class SagaStatusExtensions
{
    /// <summary>True once the saga will not change again.</summary>
    public static bool IsFinal(this SagaStatus status) =>
        status is SagaStatus.Completed or SagaStatus.Compensated or SagaStatus.Resolved or SagaStatus.TimedOut
            or SagaStatus.Cancelled or SagaStatus.Rejected;
}
