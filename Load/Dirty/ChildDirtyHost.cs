using Temporalio.Client;
using TemporalSagas.Activities.Data;
using TemporalSagas.Client;
using TemporalSagas.Client.DevServer;

namespace TemporalSagas.Load.Dirty;

/// <summary>
/// A dirty scenario's own world in a temp folder: the dev server as a child process on free ports, backed by a
/// SQLite file; worker processes; their database, migrated and seeded before the first saga.
/// </summary>
public sealed class ChildDirtyHost : IDirtyHost, IAsyncDisposable
{
    private readonly List<WorkerChild> workers = [];
    private readonly DevServerChild server;
    private readonly string ns;
    private int started;

    private ChildDirtyHost(DevServerChild server, string ns, string directory, ITemporalClient client)
    {
        this.server = server;
        this.ns = ns;
        Directory = directory;
        Client = client;
    }

    public ITemporalClient Client { get; }

    public string TaskQueue { get; } = $"dirty-{Guid.NewGuid():N}";

    public string Directory { get; }

    public DatabaseSettings Database => DatabaseSettings.Sqlite(ConnectionString);

    public string ConnectionString => $"Data Source={Path.Combine(Directory, "sagas.db")}";

    public static async Task<ChildDirtyHost> StartAsync(TemporalDevServerConfig config, int workers, CancellationToken cancellationToken)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("temporalsagas-dirty-").FullName;
        var server = new DevServerChild(
            config, Path.Combine(directory, "temporal.db"), WorkerChild.FreePort(), WorkerChild.FreePort(), Path.Combine(directory, "devserver.log"));
        await server.StartAsync(cancellationToken);
        var client = await ConnectAsync(server.Address, config.Namespace, cancellationToken);
        var host = new ChildDirtyHost(server, config.Namespace, directory, client);
        await using (var db = new SagasDbContext(SagaDatabase.Options(host.ConnectionString)))
        {
            await SagaDatabase.MigrateAndSeedAsync(db, cancellationToken);
        }

        for (var i = 0; i < workers; i++)
        {
            await host.StartWorkerAsync();
        }

        await TaskQueuePollers.WaitAsync(client, host.TaskQueue, TimeSpan.FromSeconds(90), cancellationToken);
        return host;
    }

    public Task StartWorkerAsync()
    {
        lock (workers)
        {
            var n = ++started;
            workers.Add(new WorkerChild(server.Address, ns, TaskQueue, ConnectionString, Path.Combine(Directory, $"worker-{n}.log")));
        }

        return Task.CompletedTask;
    }

    public Task KillWorkerAsync()
    {
        WorkerChild victim;
        lock (workers)
        {
            victim = workers.First(w => !w.HasExited);
        }

        victim.Kill();
        return Task.CompletedTask;
    }

    public async Task RestartServerAsync(TimeSpan down)
    {
        server.Kill();
        await Task.Delay(down);
        await server.StartAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        lock (workers)
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }

        server.Dispose();
        await Task.Yield();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    // The server answers on its port a moment before it serves requests.
    private static async Task<ITemporalClient> ConnectAsync(string address, string ns, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TemporalConnector.ConnectAsync(address, ns, cancellationToken);
            }
            catch (CliException) when (attempt < 15)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }
}
