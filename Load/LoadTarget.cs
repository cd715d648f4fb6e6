using TemporalSagas.Client.DevServer;

namespace TemporalSagas.Load;

/// <summary>Where a load run sends its sagas.</summary>
/// <param name="Address">A configured server (--address or TEMPORAL_ADDRESS); null: start the dev server from <paramref name="Config"/>.</param>
/// <param name="ExternalWorker">Rely on a worker already polling the task queue instead of one in this process.</param>
public sealed record LoadTarget(
    TemporalDevServerConfig Config, string? Address, string Namespace, int? Port, int? UiPort, bool ExternalWorker);
