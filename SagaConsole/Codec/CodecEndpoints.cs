using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;

namespace TemporalSagas.SagaConsole.Codec;

/// <summary>
/// Temporal's remote codec protocol: <c>POST /encode</c> and <c>POST /decode</c> with a JSON <c>Payloads</c> message
/// (<c>{"payloads":[{"metadata":{...},"data":"base64"}]}</c>). The Web UI started with
/// <c>--ui-codec-endpoint</c> and <c>temporal --codec-endpoint</c> call it to show decrypted payloads; the keys stay
/// in this process.
/// </summary>
public static class CodecEndpoints
{
    /// <summary>Bodies above this size are refused (413) before they are parsed.</summary>
    public const long MaxBodyBytes = 8 * 1024 * 1024;

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static IEndpointRouteBuilder MapPayloadCodec(this IEndpointRouteBuilder app, IPayloadCodec codec, string prefix = "")
    {
        app.MapPost(prefix + "/encode", (HttpRequest request) => TransformAsync(request, codec.EncodeAsync));
        app.MapPost(prefix + "/decode", (HttpRequest request) => TransformAsync(request, codec.DecodeAsync));
        return app;
    }

    private static async Task<IResult> TransformAsync(
        HttpRequest request, Func<IReadOnlyCollection<Payload>, Task<IReadOnlyCollection<Payload>>> transform)
    {
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "body", "the body must be application/json");
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "body", $"the body is larger than {MaxBodyBytes} bytes");
        }

        Payloads payloads;
        try
        {
            using var reader = new StreamReader(request.Body);
            payloads = Parser.Parse<Payloads>(await reader.ReadToEndAsync(request.HttpContext.RequestAborted));
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException)
        {
            return Problem(StatusCodes.Status400BadRequest, "payloads", $"not a Payloads JSON document: {e.Message}");
        }

        try
        {
            var result = new Payloads();
            result.Payloads_.AddRange(await transform(payloads.Payloads_));
            return Results.Text(JsonFormatter.Default.Format(result), "application/json");
        }
        catch (Exception e) when (e is Workflows.Security.PayloadEncryptedException or System.Security.Cryptography.CryptographicException)
        {
            // An unknown key id or a payload that fails authentication: the caller's data, not this server, is wrong.
            return Problem(StatusCodes.Status422UnprocessableEntity, "payloads", e.Message);
        }
    }

    private static IResult Problem(int status, string field, string detail) =>
        Results.Problem(detail: detail, statusCode: status, extensions: new Dictionary<string, object?> { ["field"] = field });
}
