namespace TemporalSagas.Load;

/// <summary>How one saga of a load run went, measured by the client from start to result.</summary>
/// <param name="Error">Null when the saga ended as the run expected; otherwise a short, countable error type.</param>
/// <param name="Compensations">How long each compensation took, from the saga log.</param>
public sealed record SagaSample(TimeSpan Latency, string? Error, IReadOnlyList<StepTiming> Compensations)
{
    public bool AsExpected => Error is null;
}

public sealed record StepTiming(string Step, TimeSpan Duration);
