using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;
using TemporalSagas.Worker.Tracing;

namespace TemporalSagas.Tests.Operations;

/// <summary>Tracing is off unless asked for; one setting (ours or the standard OTEL variable) turns on the export;
/// a malformed setting stops the worker at start, by name.</summary>
public class SagaTracingOptionsTests
{
    [Fact]
    public void AddSagaTracing_NothingSet_RegistersNoTracerAndNoInterceptor()
    {
        var (interceptor, services) = Add([]);

        interceptor.Should().BeNull();
        services.GetService<TracerProvider>().Should().BeNull();
        services.GetRequiredService<IOptions<SagaTracingOptions>>().Value.IsOn.Should().BeFalse();
    }

    [Theory]
    [InlineData("Tracing:Otlp:Endpoint")]
    [InlineData(SagaTracingOptions.StandardEndpoint)]
    public void AddSagaTracing_OtlpEndpointSet_TracesAndExports(string setting)
    {
        var (interceptor, services) = Add(new() { [setting] = "http://localhost:4317" });

        interceptor.Should().NotBeNull();
        services.GetService<TracerProvider>().Should().NotBeNull();
        services.GetRequiredService<IOptions<SagaTracingOptions>>().Value.Exports.Should().BeTrue();
    }

    [Fact]
    public void AddSagaTracing_EnabledWithoutEndpoint_TracesWithoutExporting()
    {
        var (interceptor, services) = Add(new() { ["Tracing:Enabled"] = "true" });

        interceptor.Should().NotBeNull();
        services.GetRequiredService<IOptions<SagaTracingOptions>>().Value.Exports.Should().BeFalse();
    }

    [Theory]
    [InlineData("Tracing:Otlp:Endpoint", "localhost:4317")]
    [InlineData("Tracing:Otlp:Endpoint", "collector")]
    [InlineData("Tracing:Otlp:Protocol", "udp")]
    public void Options_MalformedSetting_FailNamingIt(string setting, string value)
    {
        var (_, services) = Add(new() { ["Tracing:Otlp:Endpoint"] = "http://localhost:4317", [setting] = value });

        var read = () => services.GetRequiredService<IOptions<SagaTracingOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().WithMessage($"*{setting}*{value}*");
    }

    private static (SagaTracingInterceptor? Interceptor, ServiceProvider Services) Add(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        var interceptor = services.AddSagaTracing(configuration);
        return (interceptor, services.BuildServiceProvider());
    }
}
