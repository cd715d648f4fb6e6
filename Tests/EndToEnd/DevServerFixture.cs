using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Temporalio.Client;
using Temporalio.Testing;
using TemporalSagas.Activities.Data;
using TemporalSagas.Client.DevServer;
using TemporalSagas.Tests.Support;
using TemporalSagas.Worker;
using TemporalSagas.Workflows.Flights;

namespace TemporalSagas.Tests.EndToEnd;

/// <summary>
/// A real Temporal dev server started from temporal-dev.yaml (on free ports, so a running demo is not
/// disturbed), the real worker host with the real activities, and a SQLite database file of its own.
/// </summary>
public class DevServerFixture : IAsyncLifetime
{
    private readonly string dataDir = Path.Combine(Path.GetTempPath(), $"sagas-e2e-{Guid.NewGuid():N}");
    private IHost? worker;
    private bool ownServer;

    public WorkflowEnvironment Env { get; private set; } = null!;

    public ITemporalClient Client => Env.Client;

    /// <summary>The dev server's Web UI port (the console's links and the browser tests open it).</summary>
    public int UiPort { get; private set; }

    public string TaskQueue { get; } = $"e2e-{Guid.NewGuid():N}";

    /// <summary>The worker's database: a SQLite file here, a fresh PostgreSQL database in <see cref="PostgresDevServerFixture"/>.</summary>
    public DatabaseSettings Database { get; private set; } = null!;

    public string ConnectionString => Database.ConnectionString;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(dataDir);
        Database = await CreateDatabaseAsync(dataDir);
        // One dev server for every fixture that asks nothing special of it (the SQLite and the PostgreSQL collections):
        // each fixture has its own task queue, worker and database. A fixture with server flags of its own (the codec
        // endpoint of the Web UI) starts its own.
        var extraArgs = ExtraServerArgs.ToList();
        ownServer = extraArgs.Count > 0;
        (Env, UiPort) = ownServer ? await StartServerAsync(extraArgs) : await SharedServer.AcquireAsync();
        worker = await StartWorkerAsync(o => o.TaskQueue = TaskQueue, settings: WorkerSettings);
    }

    /// <summary>More arguments for <c>temporal server start-dev</c> (e.g. <c>--ui-codec-endpoint</c>).</summary>
    protected virtual IEnumerable<string> ExtraServerArgs => [];

    /// <summary>More configuration for this fixture's own worker (e.g. encryption keys).</summary>
    protected virtual IReadOnlyDictionary<string, string?>? WorkerSettings => null;

    /// <summary>
    /// The real worker host on this fixture's server and database; <paramref name="configure"/> may give it its own
    /// task queue, a metrics port or a log directory. Console log off, no metrics endpoint unless asked for.
    /// </summary>
    /// <param name="settings">More configuration for the host (e.g. <c>Metrics:ReviewGaugeSeconds</c>).</param>
    /// <param name="build">Last changes to the host's services (e.g. a test's span exporter).</param>
    public async Task<IHost> StartWorkerAsync(
        Action<SagaWorkerOptions> configure,
        string logLevel = "Warning",
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IHostApplicationBuilder>? build = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sagas"] = ConnectionString,
            [DatabaseSettings.ProviderSetting] = Database.Provider.ToString(),
            ["Faults:Enabled"] = "true",
            ["Serilog:MinimumLevel:Default"] = logLevel,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddSagaWorker(o =>
        {
            o.Address = Env.Client.Connection.Options.TargetHost!;
            o.Namespace = Env.Client.Options.Namespace;
            o.ConsoleLog = false;
            o.LogDirectory = null;
            o.MetricsPort = null; // the Worker's appsettings.json sits in the test output too
            configure(o);
        });
        build?.Invoke(builder);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public SagasDbContext Db() => SagaDatabase.Open(Database);

    protected virtual Task<DatabaseSettings> CreateDatabaseAsync(string directory) =>
        Task.FromResult(DatabaseSettings.Sqlite($"Data Source={Path.Combine(directory, "sagas.db")}"));

    public Task<WorkflowHandle<FlightBookingWorkflow, FlightBookingResult>> StartFlightAsync(
        FlightBookingInput input, string? id = null, string? taskQueue = null) =>
        Client.StartWorkflowAsync(
            (FlightBookingWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(id ?? FlightBookingWorkflow.WorkflowId(Guid.NewGuid().ToString("N")), taskQueue ?? TaskQueue));

    public virtual async Task DisposeAsync()
    {
        if (worker is not null)
        {
            await worker.StopAsync();
            worker.Dispose();
        }

        if (ownServer)
        {
            await Env.ShutdownAsync();
        }
        else
        {
            await SharedServer.ReleaseAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataDir, recursive: true);
    }

    // A port found free can be taken by another process before the server binds it: then the start fails, and
    // we try again on new ports rather than fail the whole collection.
    internal static async Task<(WorkflowEnvironment Env, int UiPort)> StartServerAsync(IReadOnlyList<string> extraArgs)
    {
        var config = TemporalDevServerConfig.Load();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var uiPort = FreePort.Next();
                var options = config.ToStartLocalOptions(FreePort.Next(), uiPort);
                options.DevServerOptions!.ExtraArgs = [.. options.DevServerOptions.ExtraArgs ?? [], .. extraArgs];
                return (await WorkflowEnvironment.StartLocalAsync(options), uiPort);
            }
            catch (Exception e) when (attempt < 3 && e is not OutOfMemoryException)
            {
                Console.Error.WriteLine($"dev server start failed (attempt {attempt}): {e.Message}; retrying on other ports");
            }
        }
    }
}

/// <summary>The dev server the fixtures share: started by the first, shut down when the last is disposed.</summary>
internal static class SharedServer
{
    private static readonly SemaphoreSlim Gate = new(1);
    private static WorkflowEnvironment? env;
    private static int uiPort;
    private static int users;

    public static async Task<(WorkflowEnvironment Env, int UiPort)> AcquireAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (env is null)
            {
                (env, uiPort) = await DevServerFixture.StartServerAsync([]);
            }

            users++;
            return (env, uiPort);
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task ReleaseAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (--users == 0 && env is not null)
            {
                await env.ShutdownAsync();
                env = null;
            }
        }
        finally
        {
            Gate.Release();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DevServerCollection : ICollectionFixture<DevServerFixture>
{
    public const string Name = "dev server";
}
