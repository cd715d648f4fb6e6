using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TemporalSagas.Worker.Tracing;

public static class SagaTracingExtensions
{
    /// <summary>
    /// When tracing is on: the tracer provider (saga spans, the Cal.com client's HTTP calls, EF Core's commands; OTLP
    /// export when an endpoint is set) and the interceptor to put on the worker; null when off, and nothing registered
    /// but the validated options.
    /// </summary>
    public static SagaTracingInterceptor? AddSagaTracing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SagaTracingOptions>()
            .BindConfiguration(SagaTracingOptions.Section)
            .Configure(o => SagaTracingOptions.ApplyEnvironment(o, configuration))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SagaTracingOptions>, SagaTracingOptionsValidator>();

        var startup = SagaTracingOptions.From(configuration);
        if (!startup.IsOn)
        {
            return null;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(startup.ServiceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(SagaTracing.SourceName)
                    .AddHttpClientInstrumentation()
                    .AddEntityFrameworkCoreInstrumentation();
                if (startup.Exports)
                {
                    tracing.AddOtlpExporter(otlp => ConfigureOtlp(otlp, startup));
                }
            });
        return new SagaTracingInterceptor();
    }

    /// <summary>The exporter's endpoint and protocol from <paramref name="options"/> (the Starter's spans use it too).</summary>
    public static void ConfigureOtlp(OtlpExporterOptions otlp, SagaTracingOptions options)
    {
        // Only OTEL_EXPORTER_OTLP_ENDPOINT: the exporter reads it (and the other OTEL_* variables) as the standard says.
        if (options.StandardVariables)
        {
            return;
        }

        // Validated at start (SagaTracingOptionsValidator) before the provider is built.
        if (Uri.TryCreate(options.Otlp.Endpoint, UriKind.Absolute, out var endpoint))
        {
            otlp.Endpoint = endpoint;
        }

        otlp.Protocol = options.Otlp.Protocol == SagaTracingOptions.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
    }
}
