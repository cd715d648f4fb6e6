using Temporalio.Client;
using TemporalSagas.Client;
using TemporalSagas.Tests.Starter;
using TemporalSagas.Tests.Support;
using TemporalSagas.Worker;
using TemporalSagas.Workflows.Flights;

namespace TemporalSagas.Tests.EndToEnd;

/// <summary>
/// The TLS options reach the connection: worker, client and CLI talk to the dev server only through a proxy that
/// speaks TLS with certificates made here and demands a client certificate from the test CA (mTLS).
/// </summary>
[Collection(DevServerCollection.Name)]
public sealed class SecureConnectionEndToEndTests(DevServerFixture fixture) : IAsyncLifetime
{
    private readonly TestCertificates certificates = TestCertificates.Create();
    private TlsTerminatingProxy proxy = null!;

    public Task InitializeAsync()
    {
        proxy = new TlsTerminatingProxy(certificates, fixture.Client.Connection.Options.TargetHost!, requireClientCertificate: true);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await proxy.DisposeAsync();
        certificates.Dispose();
    }

    [Fact]
    public async Task WorkerAndClient_WithCaAndClientCertificate_RunASagaOverMutualTls()
    {
        var taskQueue = $"tls-{Guid.NewGuid():N}";
        using var worker = await fixture.StartWorkerAsync(o =>
        {
            o.Address = proxy.Address;
            o.TaskQueue = taskQueue;
            o.TlsServerCaCertPath = certificates.CaPath;
            o.TlsClientCertPath = certificates.ClientCertPath;
            o.TlsClientKeyPath = certificates.ClientKeyPath;
        });
        var client = await ConnectAsync(new TemporalConnectionSecurity(
            ServerCaCertPath: certificates.CaPath, ClientCertPath: certificates.ClientCertPath, ClientKeyPath: certificates.ClientKeyPath));

        var result = await client.ExecuteWorkflowAsync(
            (FlightBookingWorkflow wf) => wf.RunAsync(new FlightBookingInput("TS100", "bob", 1, "economy", 150m)),
            new WorkflowOptions(FlightBookingWorkflow.WorkflowId(Guid.NewGuid().ToString("N")), taskQueue)).WaitAsync(TimeSpan.FromMinutes(2));

        result.Success.Should().BeTrue(result.Error);
        proxy.Accepted.Should().BeGreaterThanOrEqualTo(2, "the worker and the client each connected through TLS");
        await worker.StopAsync();
    }

    [Fact]
    public async Task Client_WithoutClientCertificate_IsRefused()
    {
        var connect = () => ConnectAsync(new TemporalConnectionSecurity(ServerCaCertPath: certificates.CaPath));

        await connect.Should().ThrowAsync<Exception>();
        proxy.Refused.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Client_WithACertificateFromAnotherCa_IsRefused()
    {
        var connect = () => ConnectAsync(new TemporalConnectionSecurity(
            ServerCaCertPath: certificates.CaPath, ClientCertPath: certificates.StrangerCertPath, ClientKeyPath: certificates.StrangerKeyPath));

        await connect.Should().ThrowAsync<Exception>();
        proxy.Refused.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Client_NotTrustingTheServersCa_DoesNotConnect()
    {
        var connect = () => ConnectAsync(new TemporalConnectionSecurity(
            ClientCertPath: certificates.ClientCertPath, ClientKeyPath: certificates.ClientKeyPath));

        await connect.Should().ThrowAsync<Exception>();
    }

    [Fact]
    public async Task Cli_WithTlsOptions_ListsSagasThroughTheProxy_AndNamesAMissingFile()
    {
        var cli = new CliHarness(fixture);
        string[] server = ["--address", proxy.Address, "--namespace", fixture.Client.Options.Namespace];
        var ok = await cli.RunAsync([
            "saga", "list", "--limit", "1", "--json", .. server,
            "--tls-ca-path", certificates.CaPath, "--tls-cert-path", certificates.ClientCertPath, "--tls-key-path", certificates.ClientKeyPath]);
        var missing = await cli.RunAsync(["saga", "list", "--json", .. server, "--tls-ca-path", "/nonexistent/ca.pem"]);
        var halfPair = await cli.RunAsync(["saga", "list", .. server, "--tls-cert-path", certificates.ClientCertPath]);
        var plaintext = await cli.RunAsync(["saga", "list", "--json", .. server]);

        ok.Exit.Should().Be(ExitCodes.Success, ok.Errors);
        missing.Exit.Should().Be(ExitCodes.BadInput);
        missing.JsonError().GetProperty("option").GetString().Should().Be("--tls-ca-path");
        missing.JsonError().GetProperty("message").GetString().Should().Contain("no such file");
        halfPair.Exit.Should().Be(ExitCodes.BadInput);
        halfPair.Errors.Should().Contain("--tls-key-path");
        plaintext.Exit.Should().Be(ExitCodes.TemporalUnreachable, "without TLS the proxy does not answer gRPC");
    }

    [Fact]
    public void Security_ToString_NeverShowsTheApiKeyOrPaths()
    {
        var security = new TemporalConnectionSecurity(ApiKey: "secret-api-key");
        var withFiles = new TemporalConnectionSecurity(ApiKey: "secret-api-key", ClientKeyPath: "/keys/client-key.pem", ClientCertPath: "/keys/client.pem");
        var options = new TemporalClientConnectOptions("cloud:7233");

        security.ApplyTo(options);

        withFiles.ToString().Should().NotContain("secret-api-key").And.NotContain("/keys").And.Contain("API key set");
        options.ApiKey.Should().Be("secret-api-key");
        options.Tls.Should().NotBeNull("an API key implies TLS");
    }

    private Task<TemporalClient> ConnectAsync(TemporalConnectionSecurity security)
    {
        var options = new TemporalClientConnectOptions(proxy.Address)
        {
            Namespace = fixture.Client.Options.Namespace,
            DataConverter = TemporalSagas.Workflows.Saga.SagaDataConverter.Instance,
        };
        security.ApplyTo(options);
        return TemporalClient.ConnectAsync(options).WaitAsync(TimeSpan.FromSeconds(30));
    }
}
