using Microsoft.Extensions.Configuration;
using TemporalSagas.Client;
using TemporalSagas.Client.Tracing;

namespace TemporalSagas.Tests.Client;

/// <summary>The CLI's, console's and load generator's tracing: off unless the environment asks; a malformed setting
/// is bad input (exit 2) naming the variable as the user set it.</summary>
public class ClientTracingTests
{
    [Fact]
    public void Interceptors_NothingSet_None() =>
        ClientTracing.Interceptors(Environment([])).Should().BeNull();

    [Fact]
    public void Interceptors_TracingEnabled_TheTracingInterceptor() =>
        ClientTracing.Interceptors(Environment(new() { ["Tracing:Enabled"] = "true" }))
            .Should().ContainSingle().Which.Should().BeOfType<SagaTracingClientInterceptor>();

    [Fact]
    public void Interceptors_EndpointNotAUrl_BadInputNamingTheVariable()
    {
        var connect = () => ClientTracing.Interceptors(Environment(new() { ["Tracing:Otlp:Endpoint"] = "collector:4317" }));

        var error = connect.Should().Throw<CliException>().Which;
        error.ExitCode.Should().Be(ExitCodes.BadInput);
        error.Message.Should().Contain("Tracing__Otlp__Endpoint").And.Contain("collector:4317");
    }

    // As the environment variables provider reads Tracing__Otlp__Endpoint: the key Tracing:Otlp:Endpoint.
    private static IConfiguration Environment(Dictionary<string, string?> variables) =>
        new ConfigurationBuilder().AddInMemoryCollection(variables).Build();
}
