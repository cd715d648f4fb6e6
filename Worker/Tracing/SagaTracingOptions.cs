using Microsoft.Extensions.Configuration;

namespace TemporalSagas.Worker.Tracing;

/// <summary>
/// Section "Tracing"; off by default. An OTLP endpoint (<c>Tracing:Otlp:Endpoint</c>, or the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) turns it on and exports there; <see cref="Enabled"/> alone makes the spans
/// without exporting them (for an exporter added in code, as the tests do).
/// </summary>
public sealed class SagaTracingOptions
{
    public const string Section = "Tracing";
    public const string StandardEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string Grpc = "grpc";
    public const string HttpProtobuf = "http/protobuf";

    public bool Enabled { get; set; }

    public OtlpSettings Otlp { get; set; } = new();

    /// <summary>The <c>service.name</c> of the spans; <c>OTEL_SERVICE_NAME</c> overrides.</summary>
    public string ServiceName { get; set; } = "temporalsagas-worker";

    /// <summary>Set when only <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> asked: the exporter then reads the OTEL_* variables itself.</summary>
    public bool StandardVariables { get; private set; }

    public bool IsOn => Enabled || StandardVariables || !string.IsNullOrWhiteSpace(Otlp.Endpoint);

    public bool Exports => StandardVariables || !string.IsNullOrWhiteSpace(Otlp.Endpoint);

    public static SagaTracingOptions From(IConfiguration configuration)
    {
        var options = new SagaTracingOptions();
        configuration.GetSection(Section).Bind(options);
        ApplyEnvironment(options, configuration);
        return options;
    }

    public static void ApplyEnvironment(SagaTracingOptions options, IConfiguration configuration)
    {
        options.StandardVariables = string.IsNullOrWhiteSpace(options.Otlp.Endpoint)
            && !string.IsNullOrWhiteSpace(configuration[StandardEndpoint]);
        if (configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } service)
        {
            options.ServiceName = service;
        }
    }

    public IEnumerable<string> Problems()
    {
        if (!string.IsNullOrWhiteSpace(Otlp.Endpoint)
            && !(Uri.TryCreate(Otlp.Endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            yield return $"Tracing:Otlp:Endpoint must be an http or https URL such as http://localhost:4317 (got '{Otlp.Endpoint}')";
        }

        if (Otlp.Protocol is not (Grpc or HttpProtobuf))
        {
            yield return $"Tracing:Otlp:Protocol must be {Grpc} or {HttpProtobuf} (got '{Otlp.Protocol}')";
        }

        if (string.IsNullOrWhiteSpace(ServiceName))
        {
            yield return "Tracing:ServiceName is required";
        }
    }

    public sealed class OtlpSettings
    {
        /// <summary>The collector: <c>http://host:4317</c> for gRPC, the full <c>…/v1/traces</c> URL for http/protobuf.</summary>
        public string? Endpoint { get; set; }

        public string Protocol { get; set; } = Grpc;
    }
}
