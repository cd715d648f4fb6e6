using Temporalio.Client;
using TemporalSagas.Activities.Data;
using TemporalSagas.Load.Dirty;

namespace TemporalSagas.Tests.EndToEnd.Dirty;

/// <summary>
/// A dirty scenario on the fixture's dev server: a task queue and a SQLite database of its own (so the invariants
/// see only this scenario's sagas) served by real worker processes that a scenario may kill.
/// </summary>
public sealed class FixtureDirtyHost : IDirtyHost, IAsyncDisposable
{
    private readonly DevServerFixture fixture;
    private readonly string directory;
    private readonly List<WorkerProcess> workers = [];

    private FixtureDirtyHost(DevServerFixture fixture, string directory, DatabaseSettings database)
    {
        this.fixture = fixture;
        this.directory = directory;
        Database = database;
    }

    public ITemporalClient Client => fixture.Client;

    public string TaskQueue { get; } = $"dirty-{Guid.NewGuid():N}";

    /// <summary>A SQLite file of its own, or a fresh PostgreSQL database when the fixture runs on PostgreSQL.</summary>
    public DatabaseSettings Database { get; }

    public string ConnectionString => Database.ConnectionString;

    public static async Task<FixtureDirtyHost> StartAsync(DevServerFixture fixture, int workers = 1)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"sagas-dirty-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var database = fixture.Database.Provider == DatabaseProvider.Postgres
            ? DatabaseSettings.Postgres(await Support.PostgresServer.CreateDatabaseAsync("sagas_dirty"))
            : DatabaseSettings.Sqlite($"Data Source={Path.Combine(directory, "sagas.db")}");
        var host = new FixtureDirtyHost(fixture, directory, database);
        await using (var db = SagaDatabase.Open(host.Database))
        {
            await SagaDatabase.MigrateAndSeedAsync(db);
        }

        for (var i = 0; i < workers; i++)
        {
            await host.StartWorkerAsync();
        }

        await TaskQueuePollers.WaitAsync(fixture.Client, host.TaskQueue, TimeSpan.FromSeconds(90), CancellationToken.None);
        return host;
    }

    public Task StartWorkerAsync()
    {
        lock (workers)
        {
            workers.Add(new WorkerProcess(fixture, TaskQueue, new Dictionary<string, string>
            {
                ["ConnectionStrings__Sagas"] = ConnectionString,
                ["Database__Provider"] = Database.Provider.ToString(),
            }));
        }

        return Task.CompletedTask;
    }

    public Task KillWorkerAsync()
    {
        WorkerProcess victim;
        lock (workers)
        {
            victim = workers.First(w => !w.HasExited);
        }

        victim.Kill();
        return Task.CompletedTask;
    }

    public Task RestartServerAsync(TimeSpan down) =>
        throw new NotSupportedException("the fixture's dev server is shared by the collection; use ChildDirtyHost to restart a server");

    public async ValueTask DisposeAsync()
    {
        lock (workers)
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }

        await Task.Yield();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
