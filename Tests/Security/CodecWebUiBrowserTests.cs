using Microsoft.AspNetCore.Builder;
using Temporalio.Client;
using TemporalSagas.SagaConsole.Codec;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.SagaConsole;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;
using TemporalSagas.Workflows.Security;
using static Microsoft.Playwright.Assertions;

namespace TemporalSagas.Tests.Security;

/// <summary>
/// A dev server whose Web UI decodes through the codec server (<c>--ui-codec-endpoint</c>), and a worker and client
/// that encrypt every payload with the same keys.
/// </summary>
public sealed class EncryptedDevServerFixture : DevServerFixture
{
    private readonly int codecPort = FreePort.Next();
    private WebApplication? codec;

    public EncryptedDevServerFixture()
    {
        KeyEntry = PayloadEncryptionKeys.NewKeyEntry("ui");
        Keys = PayloadEncryptionKeys.Parse(KeyEntry, null)!;
    }

    public string KeyEntry { get; }

    public PayloadEncryptionKeys Keys { get; }

    protected override IEnumerable<string> ExtraServerArgs => ["--ui-codec-endpoint", $"http://127.0.0.1:{codecPort}"];

    protected override IReadOnlyDictionary<string, string?> WorkerSettings => new Dictionary<string, string?> { [PayloadEncryptionKeys.KeysSetting] = KeyEntry };

    public TemporalClient EncryptingClient()
    {
        var options = (TemporalClientOptions)Client.Options.Clone();
        options.DataConverter = SagaDataConverter.Create(Keys);
        return new TemporalClient(Client.Connection, options);
    }

    public async Task StartCodecServerAsync()
    {
        // The UI's page calls the codec from the browser: CORS for the UI's origin, known once the server runs.
        codec = CodecServer.Build(new AesGcmPayloadCodec(Keys), $"http://127.0.0.1:{codecPort}", [$"http://127.0.0.1:{UiPort}", $"http://localhost:{UiPort}"]);
        await codec.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        if (codec is not null)
        {
            await codec.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}

public class CodecWebUiBrowserTests : IClassFixture<EncryptedDevServerFixture>, IAsyncLifetime
{
    private readonly EncryptedDevServerFixture fixture;

    public CodecWebUiBrowserTests(EncryptedDevServerFixture fixture) => this.fixture = fixture;

    public Task InitializeAsync() => fixture.StartCodecServerAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task WebUi_WithTheCodecEndpoint_ShowsTheDecryptedInputOfAnEncryptedSaga()
    {
        var id = FlightBookingWorkflow.WorkflowId($"codec-{Guid.NewGuid():N}");
        var input = new FlightBookingInput("TS101", "carol", 1, "economy", 180m, PaymentMethod: "card");
        var handle = await fixture.EncryptingClient().StartWorkflowAsync(
            (FlightBookingWorkflow wf) => wf.RunAsync(input), new WorkflowOptions(id, fixture.TaskQueue));
        var result = await handle.GetResultAsync().WaitAsync(TimeSpan.FromMinutes(2));
        result.Success.Should().BeTrue(result.Error);

        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;
        await page.GotoAsync($"http://127.0.0.1:{fixture.UiPort}/namespaces/default/workflows/{id}/{handle.ResultRunId}/history");

        // Decoded by the codec server: the input's values and the booking reference read as JSON in the page.
        await Expect(page.GetByText(result.BookingReference!).First).ToBeVisibleAsync();
        await Expect(page.GetByText("\"carol\"").First).ToBeVisibleAsync();
        (await page.ContentAsync()).Should().NotContain(AesGcmPayloadCodec.Encoding, "no payload is left encrypted on the page");
        await browser.ScreenshotAsync("web-ui-decoded-by-codec");
    }
}
