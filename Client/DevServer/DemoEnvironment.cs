using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Temporalio.Client;
using Temporalio.Testing;
using TemporalSagas.Client;
using TemporalSagas.Worker;

namespace TemporalSagas.Client.DevServer;

/// <summary>A Temporal server (the dev server from temporal-dev.yaml unless one is configured) plus, unless an external one serves the task queue, an in-process worker.</summary>
public sealed class DemoEnvironment(
    WorkflowEnvironment? server, IHost? worker, ITemporalClient client, string uiBase, string dataDirectory, string address)
    : IAsyncDisposable
{
    public ITemporalClient Client => client;

    public string Address => address;

    public bool StartedDevServer => server is not null;

    public string DataDirectory => dataDirectory;

    public string UiBase => uiBase;

    /// <summary>The in-process worker's services (its database); null when an external worker serves the task queue.</summary>
    public IServiceProvider? WorkerServices => worker?.Services;

    /// <summary>
    /// The in-process worker's own client; null when an external worker serves the task queue. A workflow started
    /// through it with <see cref="WorkflowOptions.RequestEagerStart"/> gets its first workflow task in the start
    /// response, sparing the server a task-queue dispatch (load uses it; the demo keeps the plain client).
    /// </summary>
    public ITemporalClient? WorkerClient => worker?.Services.GetRequiredService<ITemporalClient>();

    public string WorkflowUrl(string workflowId) =>
        $"{uiBase}/namespaces/{Uri.EscapeDataString(client.Options.Namespace)}/workflows/{Uri.EscapeDataString(workflowId)}";

    /// <summary>The in-process worker's Prometheus endpoint; null without one (no metrics port, or the port was taken).</summary>
    public string? MetricsUrl => worker?.Services.GetRequiredService<SagaTemporalRuntime>() is { ServesMetrics: true }
        && worker.Services.GetRequiredService<IOptions<SagaWorkerOptions>>().Value is { MetricsPort: { } port } options
            ? $"http://{new IPEndPoint(IPAddress.Parse(options.MetricsBindAddress), port)}/metrics"
            : null;

    /// <param name="address">A server to use instead of starting the dev server (TEMPORAL_ADDRESS).</param>
    /// <param name="metricsPort">The in-process worker's <c>/metrics</c> port (on 127.0.0.1); null: no endpoint.</param>
    public static Task<DemoEnvironment> StartAsync(
        TemporalDevServerConfig config, string? address, string ns, int? port, int? uiPort, int? metricsPort,
        CancellationToken cancellationToken) =>
        StartAsync(config, address, ns, port, uiPort, startWorker: true, cancellationToken, metricsPort);

    /// <param name="startWorker">False: rely on a worker already polling the task queue (load --external-worker).</param>
    public static async Task<DemoEnvironment> StartAsync(
        TemporalDevServerConfig config, string? address, string ns, int? port, int? uiPort, bool startWorker,
        CancellationToken cancellationToken, int? metricsPort = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("temporalsagas-demo-").FullName;
        WorkflowEnvironment? server = null;
        ITemporalClient client;
        string uiBase;
        if (address is null)
        {
            WorkflowEnvironmentStartLocalOptions options;
            try
            {
                options = config.ToStartLocalOptions(port, uiPort);
            }
            catch (FileNotFoundException e)
            {
                throw CliException.Unreachable($"cannot start the Temporal dev server: {e.Message}");
            }

            address = options.TargetHost!;
            EnsurePortFree(config.Ip, int.Parse(address[(address.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture), "--port");
            EnsurePortFree(config.Ip, options.UIPort, "--ui-port");
            try
            {
                using (new ChildOutputRedirect(Path.Combine(dataDirectory, "devserver.log")))
                {
                    server = await StartServerAsync(options, cancellationToken);
                }
            }
            catch
            {
                Directory.Delete(dataDirectory, recursive: true);
                throw;
            }

            client = server.Client;
            uiBase = $"http://{config.Ip}:{options.UIPort}";
        }
        else
        {
            client = await TemporalConnector.ConnectAsync(address, ns, cancellationToken);
            uiBase = $"http://{address[..address.LastIndexOf(':')]}:8233";
        }

        try
        {
            var worker = startWorker ? BuildWorker(address, client.Options.Namespace, config.TaskQueue, dataDirectory, metricsPort) : null;
            if (worker is not null)
            {
                await worker.StartAsync(cancellationToken);
            }

            return new DemoEnvironment(server, worker, client, uiBase, dataDirectory, address);
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (worker is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await worker.StopAsync(stop.Token);
            worker.Dispose();
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    private static async Task<WorkflowEnvironment> StartServerAsync(
        WorkflowEnvironmentStartLocalOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await WorkflowEnvironment.StartLocalAsync(options).WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw CliException.Unreachable(options.DevServerOptions?.ExistingPath is { } path
                ? $"cannot start the Temporal dev server ({path}): {e.Message}"
                : TemporalBinaries.CliNotFoundMessage);
        }
    }

    private static void EnsurePortFree(string ip, int port, string option)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Parse(ip), port);
            listener.Start();
        }
        catch (SocketException)
        {
            throw CliException.Unreachable(
                $"port {port} on {ip} is taken (a Temporal server already running?): pass {option} N to use another, " +
                $"or set TEMPORAL_ADDRESS to use the running server");
        }
    }

    /// <summary>The in-process worker host (fault injection on, SQLite in <paramref name="dataDirectory"/>), not started.</summary>
    public static IHost BuildWorker(string address, string ns, string taskQueue, string dataDirectory, int? metricsPort = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Development,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Faults:Enabled"] = "true",
            ["ConnectionStrings:Sagas"] = $"Data Source={Path.Combine(dataDirectory, "demo.db")}",
            ["Serilog:MinimumLevel:Default"] = "Information",
            ["Serilog:MinimumLevel:Override:Microsoft"] = "Warning",

            // The in-process worker compresses like this process's client (TEMPORAL_GRPC_COMPRESSION, default auto).
            ["Temporal:GrpcCompression"] = Environment.GetEnvironmentVariable("TEMPORAL_GRPC_COMPRESSION"),
        });
        builder.AddSagaWorker(o =>
        {
            o.Address = address;
            o.Namespace = ns;
            o.TaskQueue = taskQueue;
            o.MetricsPort = metricsPort;
            o.ConsoleLog = false;
            o.LogDirectory = Path.Combine(dataDirectory, "logs");
        });
        builder.Services.AddSingleton<IHostLifetime, DemoHostLifetime>();
        return builder.Build();
    }
}
