using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Temporalio.Api.Common.V1;
using TemporalSagas.SagaConsole.Codec;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Security;

namespace TemporalSagas.Tests.Security;

/// <summary>The remote codec protocol the Temporal Web UI and CLI speak, over real HTTP.</summary>
public sealed class CodecServerTests : IAsyncLifetime
{
    private const string UiOrigin = "http://localhost:8233";
    private readonly HttpClient http = new();
    private WebApplication? app;

    public async Task InitializeAsync()
    {
        var keys = PayloadEncryptionKeys.Parse(PayloadEncryptionKeys.NewKeyEntry("k1"), null)!;
        var port = FreePort.Next();
        app = CodecServer.Build(new AesGcmPayloadCodec(keys), $"http://127.0.0.1:{port}", [UiOrigin]);
        await app.StartAsync();
        http.BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await app!.DisposeAsync();
    }

    [Fact]
    public async Task EncodeThenDecode_ReturnsTheOriginalPayloads()
    {
        var original = new Payloads
        {
            Payloads_ =
            {
                new Payload { Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") }, Data = ByteString.CopyFromUtf8("{\"email\":\"ada@example.com\"}") },
            },
        };

        var encoded = await PostAsync("/encode", JsonFormatter.Default.Format(original));
        var decoded = await PostAsync("/decode", encoded);

        encoded.Should().NotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"email\":\"ada@example.com\"}")));
        JsonParser.Default.Parse<Payloads>(decoded).Should().Be(original);
    }

    [Theory]
    [InlineData("/decode", "text/plain", "{}", HttpStatusCode.UnsupportedMediaType, "body")]
    [InlineData("/decode", "application/json", "{not json", HttpStatusCode.BadRequest, "payloads")]
    [InlineData("/decode", "application/json", "{\"payloads\": 5}", HttpStatusCode.BadRequest, "payloads")]
    [InlineData("/decode", "application/json", "{\"payloads\":[{\"metadata\":{\"encoding\":\"YmluYXJ5L2VuY3J5cHRlZA==\",\"encryption-key-id\":\"b3RoZXI=\"},\"data\":\"AAAA\"}]}", (HttpStatusCode)422, "payloads")]
    public async Task BadRequests_GetAProblemNamingTheField(string path, string contentType, string body, HttpStatusCode status, string field)
    {
        using var response = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));

        response.StatusCode.Should().Be(status);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("field").GetString().Should().Be(field);
    }

    [Theory]
    [InlineData(UiOrigin, true)]
    [InlineData("http://evil.example", false)]
    public async Task Preflight_AllowsOnlyTheUiOrigin(string origin, bool allowed)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/decode");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-namespace");

        using var response = await http.SendAsync(request);

        response.Headers.TryGetValues("Access-Control-Allow-Origin", out var origins).Should().Be(allowed);
        if (allowed)
        {
            origins.Should().Equal(UiOrigin);
            response.Headers.GetValues("Access-Control-Allow-Credentials").Should().Equal("true");
        }
    }

    private async Task<string> PostAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(path, content);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsStringAsync();
    }
}
