using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Temporalio.Client;
using Temporalio.Testing;
using TemporalSagas.Activities.Data;
using TemporalSagas.Starter.DevServer;
using TemporalSagas.Tests.Support;
using TemporalSagas.Worker;

namespace TemporalSagas.Tests.EndToEnd;

/// <summary>
/// A real Temporal dev server started from temporal-dev.yaml (on free ports, so a running demo is not
/// disturbed), the real worker host with the real activities, and a SQLite database file of its own.
/// </summary>
public sealed class DevServerFixture : IAsyncLifetime
{
    private readonly string dataDir = Path.Combine(Path.GetTempPath(), $"sagas-e2e-{Guid.NewGuid():N}");
    private IHost? worker;

    public WorkflowEnvironment Env { get; private set; } = null!;

    public ITemporalClient Client => Env.Client;

    public string TaskQueue { get; } = $"e2e-{Guid.NewGuid():N}";

    public string ConnectionString => $"Data Source={Path.Combine(dataDir, "sagas.db")}";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(dataDir);
        var config = TemporalDevServerConfig.Load();
        Env = await WorkflowEnvironment.StartLocalAsync(config.ToStartLocalOptions(FreePort.Next(), FreePort.Next()));

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sagas"] = ConnectionString,
            ["Faults:Enabled"] = "true",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        builder.AddSagaWorker(o =>
        {
            o.Address = Env.Client.Connection.Options.TargetHost!;
            o.Namespace = Env.Client.Options.Namespace;
            o.TaskQueue = TaskQueue;
            o.ConsoleLog = false;
            o.LogDirectory = null;
            o.MetricsPort = null; // the Worker's appsettings.json sits in the test output too
        });
        worker = builder.Build();
        await worker.StartAsync();
    }

    public SagasDbContext Db() => new(SagaDatabase.Options(ConnectionString));

    public async Task DisposeAsync()
    {
        if (worker is not null)
        {
            await worker.StopAsync();
            worker.Dispose();
        }

        await Env.ShutdownAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataDir, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class DevServerCollection : ICollectionFixture<DevServerFixture>
{
    public const string Name = "dev server";
}
