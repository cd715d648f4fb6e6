using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.SagaConsole;

/// <summary>
/// Reads a request body the way the CLI reads its options: the content type, the size, malformed JSON, unknown
/// properties and wrong types are each refused with a problem naming the field, before anything is started.
/// </summary>
public static class ConsoleJson
{
    private static readonly JsonSerializerOptions Options = new(SagaDataConverter.JsonOptions)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        RespectNullableAnnotations = true,
        AllowTrailingCommas = false,

        // The web defaults read "3" as 3; the API takes a number only as a JSON number, as its OpenAPI document says.
        NumberHandling = JsonNumberHandling.Strict,
    };

    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
    {
        EnsureJson(request);

        if (request.ContentLength > ConsoleSettings.MaxBodyBytes)
        {
            throw TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > ConsoleSettings.MaxBodyBytes)
            {
                throw TooLarge();
            }
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException e)
        {
            throw ConsoleProblem.BadInput("body", $"the body is not valid JSON ({e.Message})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw ConsoleProblem.BadInput("body", $"the body must be a JSON object (got {document.RootElement.ValueKind})");
            }

            var known = Properties(typeof(T));
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!known.Contains(property.Name))
                {
                    throw ConsoleProblem.BadInput(
                        property.Name, $"unknown field '{property.Name}' (fields: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
                }
            }

            // Without this a missing string arrives as null in a non-nullable property and a missing number as 0.
            if (Required(typeof(T)).FirstOrDefault(name => !document.RootElement.TryGetProperty(name, out _)) is { } missing)
            {
                throw ConsoleProblem.BadInput(missing, $"{missing} is required");
            }

            try
            {
                return document.RootElement.Deserialize<T>(Options)
                    ?? throw ConsoleProblem.BadInput("body", "the body must be a JSON object");
            }
            catch (JsonException e)
            {
                var field = e.Path is { Length: > 2 } path ? path[2..].Split('.', '[')[0] : "body";
                var value = document.RootElement.TryGetProperty(field, out var given) ? given.ValueKind : JsonValueKind.Undefined;
                throw ConsoleProblem.BadInput(field, $"{field}: {Expected(typeof(T), field, value)}");
            }
        }
    }

    /// <summary>A body that is not JSON is bad input naming the header.</summary>
    public static void EnsureJson(HttpRequest request)
    {
        if (!request.HasJsonContentType())
        {
            throw ConsoleProblem.BadInput(
                "Content-Type", $"the body must be application/json (got '{request.ContentType ?? "none"}')");
        }
    }

    /// <summary>The JSON names of <paramref name="type"/>'s properties (camelCase).</summary>
    public static IReadOnlySet<string> Properties(Type type) =>
        Options.GetTypeInfo(type).Properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>The JSON names of the fields a body of <paramref name="type"/> must carry: its constructor's parameters without a default.</summary>
    public static IReadOnlyList<string> Required(Type type)
    {
        var names = Properties(type);
        return type.GetConstructors().MaxBy(c => c.GetParameters().Length) is { } constructor
            ? [.. constructor.GetParameters()
                .Where(p => !p.HasDefaultValue)
                .Select(p => names.FirstOrDefault(n => string.Equals(n, p.Name, StringComparison.OrdinalIgnoreCase)))
                .OfType<string>()]
            : [];
    }

    private static ConsoleProblem TooLarge() =>
        ConsoleProblem.BadInput("body", $"the body is larger than {ConsoleSettings.MaxBodyBytes} bytes");

    // System.Text.Json's messages name .NET types; say what the caller should send instead.
    private static string Expected(Type type, string field, JsonValueKind given)
    {
        if (given == JsonValueKind.Null)
        {
            return "must not be null";
        }

        var property = Options.GetTypeInfo(type).Properties.FirstOrDefault(p => p.Name == field)?.PropertyType;
        var target = property is null ? null : Nullable.GetUnderlyingType(property) ?? property;
        return target switch
        {
            _ when target == typeof(int) || target == typeof(long) => $"must be a whole number in range (got {given})",
            _ when target == typeof(decimal) || target == typeof(double) => $"must be a number (got {given})",
            _ when target == typeof(bool) => $"must be true or false (got {given})",
            _ when target == typeof(string) => $"must be a string (got {given})",
            _ => $"has the wrong type (got {given})",
        };
    }
}
