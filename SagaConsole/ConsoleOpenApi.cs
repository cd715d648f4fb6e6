using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Temporalio.Api.Enums.V1;
using TemporalSagas.Client;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.SagaConsole;

/// <summary>
/// What the generated OpenAPI document cannot know from the routes alone, so that it lints clean with Redocly's
/// recommended rules (<c>redocly.yaml</c>): the tags' descriptions, no login (<c>security: []</c>), a server relative
/// to wherever the console is served, and the closed sets of values the console's strings and enums take.
/// </summary>
public static class ConsoleOpenApi
{
    /// <summary>String properties of the console's own records that take one of a known set of values.</summary>
    private static readonly Dictionary<(Type Record, string Property), Func<IReadOnlyList<string>>> Values = new()
    {
        [(typeof(ReviewRequest), "action")] = () => ReviewActionNames.All,
        [(typeof(ReviewInboxItem), "awaiting")] = () => [ReviewInbox.Compensations, ReviewInbox.ForwardStep],
        [(typeof(SagaListItem), "sagaStatus")] = Enum.GetNames<SagaStatus>,
        [(typeof(SagaListItem), "executionStatus")] = ExecutionStatuses,
        [(typeof(SagaView), "executionStatus")] = ExecutionStatuses,
        [(typeof(ConsoleMeta), "statuses")] = Enum.GetNames<SagaStatus>,
        [(typeof(ConsoleMeta), "sagaTypes")] = SagaTypes,
        [(typeof(ConsoleField), "kind")] = () => ["text", "number", "select", "checkbox"],
    };

    /// <summary>Query parameters that take one of a known set of values (<c>GET /api/sagas</c>'s filters).</summary>
    private static readonly Dictionary<string, Func<IReadOnlyList<string>>> QueryValues = new()
    {
        ["status"] = Enum.GetNames<SagaStatus>,
        ["type"] = SagaTypes,
    };

    /// <summary>The route answers <paramref name="status"/> with a <see cref="ConsoleProblemDocument"/> (not ASP.NET's
    /// ProblemDetails, which lacks <c>errorType</c>, <c>field</c> and <c>errors</c>).</summary>
    public static RouteHandlerBuilder ProducesConsoleProblem(this RouteHandlerBuilder builder, int status) =>
        builder.Produces<ConsoleProblemDocument>(status, "application/problem+json");

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "TemporalSagas console API";
            document.Info.Description = "Start sagas, watch their ledgers, list them and resolve manual reviews.";

            // The document is served by the console itself, on whatever address and port it was started with.
            document.Servers = [new OpenApiServer { Url = "/", Description = "the console serving this document" }];
            document.Tags = new HashSet<OpenApiTag>
            {
                new() { Name = "sagas", Description = "Start a saga from its test form, read one saga, list them" },
                new() { Name = "reviews", Description = "The manual review inbox and its decisions" },
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, _, _) =>
        {
            // The console has no login (it binds 127.0.0.1 by default): said explicitly, not left out.
            operation.Security = [];
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
            if (type.IsEnum)
            {
                // JsonStringEnumConverter writes the names; the generator lists them but leaves the type out.
                var nullable = schema.Type is { } given && given.HasFlag(JsonSchemaType.Null);
                if (!nullable && schema.Enum?.Any(v => v is null) == true)
                {
                    // A nullable enum property (StuckStep.Failure) is oneOf null and the enum: the enum lists names only.
                    schema.Enum = [.. schema.Enum.Where(v => v is not null)];
                }

                schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            }
            else if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), false) is [JsonIgnoreAttribute
            {
                Condition: JsonIgnoreCondition.WhenWritingNull,
            }])
            {
                // Left out when null (ConsoleProblemDocument's field and errors): never null when present.
                schema.Type &= ~JsonSchemaType.Null;
            }
            else if (context.JsonPropertyInfo is { } property
                && Values.TryGetValue((property.DeclaringType, property.Name), out var values))
            {
                Restrict(schema.Type?.HasFlag(JsonSchemaType.Array) == true ? schema.Items as OpenApiSchema : schema, values());
            }
            else if (context.ParameterDescription is { Source.Id: "Query" } parameter
                && QueryValues.TryGetValue(parameter.Name, out var allowed))
            {
                Restrict(schema, allowed());
            }

            return Task.CompletedTask;
        });
    }

    private static void Restrict(OpenApiSchema? schema, IReadOnlyList<string> values)
    {
        if (schema is null)
        {
            return;
        }

        schema.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
        if (schema.Type?.HasFlag(JsonSchemaType.Null) == true)
        {
            schema.Enum.Add(null!); // an enum without null would refuse the null the type allows
        }
    }

    private static IReadOnlyList<string> ExecutionStatuses() =>
        [.. Enum.GetNames<WorkflowExecutionStatus>()
            .Select(s => s.Replace("WorkflowExecutionStatus", string.Empty, StringComparison.Ordinal))
            .Where(s => s != "Unspecified")];

    private static IReadOnlyList<string> SagaTypes() => [.. SagaCatalog.All.Select(d => d.SagaType)];
}
