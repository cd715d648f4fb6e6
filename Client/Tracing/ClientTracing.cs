using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Temporalio.Client.Interceptors;
using TemporalSagas.Worker.Tracing;

namespace TemporalSagas.Client.Tracing;

/// <summary>
/// Tracing for the front ends (CLI, console, load): the same settings as the worker's, read from the environment
/// (<c>Tracing__Otlp__Endpoint</c>, <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>Tracing__Enabled</c>). When on, every
/// client carries the trace into its sagas, and one exporter per process sends the client spans (flushed at exit).
/// </summary>
public static class ClientTracing
{
    private static readonly Lock Gate = new();
    private static TracerProvider? provider;

    /// <summary>The client interceptors to connect with: none when tracing is off.</summary>
    public static IReadOnlyCollection<IClientInterceptor>? Interceptors() =>
        Interceptors(new ConfigurationBuilder().AddEnvironmentVariables().Build());

    public static IReadOnlyCollection<IClientInterceptor>? Interceptors(IConfiguration environment)
    {
        var options = SagaTracingOptions.From(environment);
        if (!options.IsOn)
        {
            return null;
        }

        // Bad input like any other setting (exit 2), named as it is set: an environment variable.
        if (options.Problems().FirstOrDefault() is { } problem)
        {
            throw CliException.BadInput(problem.Replace("Tracing:Otlp:", "Tracing__Otlp__", StringComparison.Ordinal)
                .Replace("Tracing:", "Tracing__", StringComparison.Ordinal));
        }

        if (options.Exports)
        {
            EnsureExporter(options);
        }

        return [new SagaTracingClientInterceptor()];
    }

    private static void EnsureExporter(SagaTracingOptions options)
    {
        lock (Gate)
        {
            // An in-process worker (its own tracer provider listens already) exports these spans too: export once.
            if (provider is not null || SagaTracing.Source.HasListeners())
            {
                return;
            }

            var created = Sdk.CreateTracerProviderBuilder()
                .ConfigureResource(r => r.AddService(
                    Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME") is { Length: > 0 } name ? name : "temporalsagas-client"))
                .AddSource(SagaTracing.SourceName)
                .AddOtlpExporter(otlp => SagaTracingExtensions.ConfigureOtlp(otlp, options))
                .Build();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => created.Dispose();
            provider = created;
        }
    }
}
