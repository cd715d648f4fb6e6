using Temporalio.Client;

namespace TemporalSagas.Load;

/// <summary>A kind of saga that waits (on a timer or a signal) once started: how <c>load --open N</c> opens saga
/// number <c>index</c>, and how it releases it afterwards.</summary>
public interface IOpenSagaProfile
{
    /// <summary>Shown in reports, e.g. "seat (held, TTL 06:00:00)".</summary>
    string Name { get; }

    /// <summary>Starts the saga and returns once it waits; null then, else what happened instead.</summary>
    Task<string?> OpenAsync(int index, CancellationToken cancellationToken);

    /// <summary>Releases the waiting saga and returns once it closed as released; null then, else what happened instead.</summary>
    Task<string?> CloseAsync(int index, CancellationToken cancellationToken);
}
