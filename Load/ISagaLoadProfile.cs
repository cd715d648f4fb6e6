namespace TemporalSagas.Load;

/// <summary>One kind of saga under load: how to run saga number <c>index</c> through Temporal or without it.</summary>
public interface ISagaLoadProfile
{
    /// <summary>Shown in reports, e.g. "flight" or "flight --fail-at CONFIRM_BOOKING".</summary>
    string Name { get; }

    Task<SagaSample> RunAsync(int index, CancellationToken cancellationToken);
}
