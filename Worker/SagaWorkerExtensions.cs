using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Formatting.Compact;
using Temporalio.Client;
using Temporalio.Extensions.Hosting;
using TemporalSagas.Activities;
using TemporalSagas.Worker.Logging;
using TemporalSagas.Worker.Tracing;
using TemporalSagas.Workflows.Saga;
using TemporalSagas.Workflows.Security;

namespace TemporalSagas.Worker;

public static class SagaWorkerExtensions
{
    public const string ConsoleTemplate =
        "[{Timestamp:HH:mm:ss} {Level:u3}] {SagaId} {Step} {Message:lj} <{SourceContext}>{NewLine}{Exception}";

    /// <summary>
    /// Everything a saga worker process needs: options, Serilog, database migration, the Temporal client
    /// (with <see cref="SagaDataConverter"/>) and the hosted worker with every saga's workflows and activities.
    /// <paramref name="configure"/> runs last, so code (tests, the Starter's demo) wins over files and environment.
    /// </summary>
    public static IHostApplicationBuilder AddSagaWorker(
        this IHostApplicationBuilder builder, Action<SagaWorkerOptions>? configure = null)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddOptions<SagaWorkerOptions>()
            .BindConfiguration(SagaWorkerOptions.Section)
            .Configure<IConfiguration>(ApplyEnvironment)
            .Configure(o => configure?.Invoke(o))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SagaWorkerOptions>, SagaWorkerOptionsValidator>();

        // The hosted worker's task queue is fixed at registration, so resolve the options once here too.
        var startup = new SagaWorkerOptions();
        configuration.GetSection(SagaWorkerOptions.Section).Bind(startup);
        ApplyEnvironment(startup, configuration);
        configure?.Invoke(startup);

        services.AddSerilog(
            (sp, logger) => ConfigureSerilog(logger, configuration, sp.GetRequiredService<IOptions<SagaWorkerOptions>>().Value),
            preserveStaticLogger: true);

        // Before the hosted worker: the database is ready and the server answers before it polls.
        services.AddHostedService<DatabaseMigrationService>();
        services.AddHostedService<TemporalConnectionGate>();
        services.AddSagaActivities(configuration);

        // Off by default; on, the worker's spans (docs/operating.md, "Traces").
        var tracing = services.AddSagaTracing(configuration);

        // Payload encryption from configuration or SAGAS_ENCRYPTION_KEYS; malformed keys stop the start here, by name.
        var dataConverter = SagaDataConverter.Create(PayloadEncryptionKeys.From(key => configuration[key]));

        services.AddSingleton<SagaTemporalRuntime>();
        services.AddHostedService<ManualReviewGauge>();
        services.AddTemporalClient(_ => { });
        services.AddOptions<TemporalClientConnectOptions>()
            .Configure<IOptions<SagaWorkerOptions>, SagaTemporalRuntime, ILoggerFactory>((client, options, runtime, loggers) =>
            {
                var o = options.Value;
                client.TargetHost = o.Address;
                client.Namespace = o.Namespace;
                client.DataConverter = dataConverter;
                client.LoggerFactory = loggers;
                client.Runtime = runtime.Runtime;
                client.GrpcCompression = TemporalGrpcCompression.For(o.Address, o.GrpcCompression);
                o.Security().ApplyTo(client);
            });

        // Every saga found by its own registration: workflows by [SagaWorkflow], activities by ISagaModule.
        var worker = services.AddHostedTemporalWorker(startup.TaskQueue)
            .ConfigureOptions(o =>
            {
                o.Interceptors = tracing is null ? [new SagaLogContextInterceptor()] : [new SagaLogContextInterceptor(), tracing];
                o.MaxConcurrentActivities = startup.MaxConcurrentActivities ?? o.MaxConcurrentActivities;
                o.MaxConcurrentLocalActivities = startup.MaxConcurrentLocalActivities ?? o.MaxConcurrentLocalActivities;
                o.MaxConcurrentWorkflowTasks = startup.MaxConcurrentWorkflowTasks ?? o.MaxConcurrentWorkflowTasks;
                o.MaxCachedWorkflows = startup.MaxCachedWorkflows ?? o.MaxCachedWorkflows;
            });
        foreach (var activities in SagaModules.ActivityTypes)
        {
            worker.AddScopedActivities(activities);
        }

        foreach (var saga in SagaCatalog.All)
        {
            worker.AddWorkflow(saga.WorkflowClass);
        }

        return builder;
    }

    private static void ApplyEnvironment(SagaWorkerOptions options, IConfiguration configuration)
    {
        if (configuration["TEMPORAL_ADDRESS"] is { Length: > 0 } address)
        {
            options.Address = address;
        }

        if (configuration["TEMPORAL_NAMESPACE"] is { Length: > 0 } ns)
        {
            options.Namespace = ns;
        }

        if (configuration["TEMPORAL_GRPC_COMPRESSION"] is { Length: > 0 } compression)
        {
            options.GrpcCompression = compression;
        }

        var security = options.Security().WithEnvironment(key => configuration[key]);
        options.Tls = security.Tls;
        options.TlsServerCaCertPath = security.ServerCaCertPath;
        options.TlsClientCertPath = security.ClientCertPath;
        options.TlsClientKeyPath = security.ClientKeyPath;
        options.TlsServerName = security.ServerName;
        options.ApiKey = security.ApiKey;
    }

    private static void ConfigureSerilog(LoggerConfiguration logger, IConfiguration configuration, SagaWorkerOptions options)
    {
        logger.ReadFrom.Configuration(configuration).Enrich.FromLogContext().Enrich.With<SagaLogEnricher>();
        if (options.ConsoleLog)
        {
            logger.WriteTo.Console(outputTemplate: ConsoleTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        }

        if (!string.IsNullOrWhiteSpace(options.LogDirectory))
        {
            var path = Path.Combine(AppContext.BaseDirectory, options.LogDirectory, "worker-.json");
            logger.WriteTo.File(new CompactJsonFormatter(), path, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 7);
        }
    }
}
