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
    private static readonly Lazy<SagaTracingOptions> Options = new(() =>
        SagaTracingOptions.From(new ConfigurationBuilder().AddEnvironmentVariables().Build()));

    private static readonly Lazy<TracerProvider?> Provider = new(CreateProvider);

    /// <summary>The client interceptors to connect with: none when tracing is off.</summary>
    public static IReadOnlyCollection<IClientInterceptor>? Interceptors()
    {
        if (!Options.Value.IsOn)
        {
            return null;
        }

        // Bad input like any other setting (exit 2), named as it is set: an environment variable.
        if (Options.Value.Problems().FirstOrDefault() is { } problem)
        {
            throw CliException.BadInput(problem.Replace("Tracing:Otlp:", "Tracing__Otlp__", StringComparison.Ordinal)
                .Replace("Tracing:", "Tracing__", StringComparison.Ordinal));
        }

        _ = Provider.Value;
        return [new SagaTracingClientInterceptor()];
    }

    private static TracerProvider? CreateProvider()
    {
        var options = Options.Value;
        if (!options.Exports)
        {
            return null;
        }

        var provider = Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(r => r.AddService(Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME") is { Length: > 0 } name ? name : "temporalsagas-client"))
            .AddSource(SagaTracing.SourceName)
            .AddOtlpExporter(otlp => SagaTracingExtensions.ConfigureOtlp(otlp, options))
            .Build();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => provider.Dispose();
        return provider;
    }
}
