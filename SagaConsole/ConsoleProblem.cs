using Microsoft.AspNetCore.Http;
using TemporalSagas.Client;
using TemporalSagas.Client.Bounds;
using TemporalSagas.Client.Checks;

namespace TemporalSagas.SagaConsole;

/// <summary>An API error that becomes a problem document (RFC 9457) with the CLI's error type and, for bad input,
/// the field it is about.</summary>
public sealed class ConsoleProblem(int status, string type, string message, string? field = null) : Exception(message)
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public string? Field { get; } = field;

    public static ConsoleProblem BadInput(string field, string message) =>
        new(StatusCodes.Status400BadRequest, CliErrorTypes.InvalidInput, message, field);

    public static ConsoleProblem NotFound(string field, string message) =>
        new(StatusCodes.Status404NotFound, "NOT_FOUND", message, field);

    public static ConsoleProblem Unreachable(string message) =>
        new(StatusCodes.Status503ServiceUnavailable, CliErrorTypes.TemporalUnreachable, message);

    /// <summary>The problem document, written as the <see cref="ConsoleProblemDocument"/> the OpenAPI document describes.</summary>
    public IResult ToResult()
    {
        var detail = InputBounds.Printable(Message);
        var document = new ConsoleProblemDocument(
            $"urn:temporalsagas:{Type}", Title(Status), Status, detail, Type, Field,
            Field is null ? null : new Dictionary<string, string[]> { [Field] = [detail] });
        return Results.Json(document, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", Status);
    }

    private static string Title(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "invalid input",
        StatusCodes.Status404NotFound => "not found",
        StatusCodes.Status409Conflict => "conflict",
        StatusCodes.Status415UnsupportedMediaType => "unsupported media type",
        StatusCodes.Status503ServiceUnavailable => "Temporal unreachable",
        _ => "error",
    };
}
