using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Load;

/// <summary>How one saga of a load run went, measured by the client from start to result.</summary>
/// <param name="Error">Null when the saga ended as the run expected; otherwise a short, countable error type.</param>
/// <param name="Compensations">How long each compensation took, from the saga log.</param>
public sealed record SagaSample(TimeSpan Latency, string? Error, IReadOnlyList<StepTiming> Compensations)
{
    public bool AsExpected => Error is null;

    /// <summary>Null when the saga ended as the run expected, else what it did instead.</summary>
    public static string? Unexpected(string? failAt, SagaStatus status, string? failedStep, string? errorType)
    {
        var expected = failAt is null
            ? status == SagaStatus.Completed
            : status == SagaStatus.Compensated && failedStep == failAt;
        return expected ? null : $"status {status}" + (errorType is null ? string.Empty : $" ({errorType})");
    }
}

public sealed record StepTiming(string Step, TimeSpan Duration);
