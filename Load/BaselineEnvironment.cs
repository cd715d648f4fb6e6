using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using TemporalSagas.Activities.Data;
using TemporalSagas.Client.DevServer;

namespace TemporalSagas.Load;

/// <summary>
/// The in-process worker's host, built but never started: the same DI wiring, logging and SQLite database kind
/// as the load's worker, with nothing polling Temporal. The baseline calls its activities directly.
/// </summary>
public sealed class BaselineEnvironment(IHost host, string dataDirectory) : IAsyncDisposable
{
    // The host is never started, so its Temporal client never connects anywhere.
    private const string UnusedAddress = "localhost:7233";

    public IServiceProvider Services => host.Services;

    /// <param name="topUpAsync">Stock for <paramref name="sagas"/> sagas of the kind run (<see cref="LoadSagaKind.TopUpAsync"/>).</param>
    public static async Task<BaselineEnvironment> StartAsync(
        string taskQueue, int sagas, Func<IServiceProvider, int, CancellationToken, Task> topUpAsync, CancellationToken cancellationToken)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("temporalsagas-baseline-").FullName;
        var host = DemoEnvironment.BuildWorker(UnusedAddress, "default", taskQueue, dataDirectory);
        await SagaDatabase.MigrateAndSeedAsync(host.Services, cancellationToken);
        await topUpAsync(host.Services, sagas, cancellationToken);
        return new BaselineEnvironment(host, dataDirectory);
    }

    public ValueTask DisposeAsync()
    {
        host.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a run for.
        }

        return ValueTask.CompletedTask;
    }
}
