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

    public IResult ToResult()
    {
        var extensions = new Dictionary<string, object?> { ["errorType"] = Type };
        if (Field is not null)
        {
            extensions["field"] = Field;
            extensions["errors"] = new Dictionary<string, string[]> { [Field] = [InputBounds.Printable(Message)] };
        }

        return Results.Problem(InputBounds.Printable(Message), statusCode: Status, title: Title(Status), type: $"urn:temporalsagas:{Type}", extensions: extensions);
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
