using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Client.Bounds;
using TemporalSagas.Client.Checks;

namespace TemporalSagas.SagaConsole;

/// <summary>
/// The saga console: one page (plain HTML and JavaScript from the assembly, no CDN) and the JSON API behind it,
/// documented at <c>/openapi/v1.json</c>. Errors are problem documents: 400 naming the field, 404, 409 (a review
/// decision the saga refused, an id already used), 503 when Temporal cannot be reached.
/// </summary>
public static class SagaConsoleApp
{
    public static WebApplication Build(ConsoleSettings settings, DataCheckContext context, ITemporalClient? client = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Parse(settings.Bind), settings.Port);
            o.Limits.MaxRequestBodySize = 1024 * 1024;
        });
        builder.Services.AddOpenApi(ConsoleOpenApi.Configure);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase;
            // The document's schemas follow these options: strict, a number is typed integer (or number), not also string.
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        // A query value that does not bind (limit=abc) throws, so it becomes a problem document naming it, not a bare 400.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(context);
        builder.Services.AddSingleton(_ => new TemporalAccess(settings, client));

        var app = builder.Build();
        app.Use(ProblemsAsync);
        app.MapOpenApi();
        ConsolePage.Map(app);
        SagaEndpoints.Map(app);
        ReviewEndpoints.Map(app);
        TimelineEndpoints.Map(app);
        ConsoleActionEndpoints.Map(app);
        return app;
    }

    /// <summary>The URL the started app listens on (the port may have been 0).</summary>
    public static string Url(WebApplication app, ConsoleSettings settings)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        var host = settings.Bind is "0.0.0.0" or "::" ? "localhost" : settings.Bind;
        return $"http://{host}:{port}";
    }

    private static async Task ProblemsAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
            if (context.Response is { StatusCode: >= 400, HasStarted: false, ContentType: null, ContentLength: null })
            {
                // What the framework answers with an empty body (a content type the route does not accept: 415; a
                // method it does not serve: 405) is a problem document too.
                await Bare(context).ToResult().ExecuteAsync(context);
            }
        }
        catch (ConsoleProblem problem)
        {
            await problem.ToResult().ExecuteAsync(context);
        }
        catch (RpcException e) when (TemporalAccess.IsUnreachable(e))
        {
            await ConsoleProblem.Unreachable($"Temporal did not answer ({e.Message})").ToResult().ExecuteAsync(context);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e)
        {
            // "Failed to bind parameter "int? limit" from "abc"." names the query parameter.
            var parameter = System.Text.RegularExpressions.Regex.Match(e.Message, "parameter \"(?:[^\"]* )?(\\w+)\"");
            var field = parameter.Success ? parameter.Groups[1].Value : "body";
            await ConsoleProblem.BadInput(field, $"{field}: {InputBounds.Printable(e.Message)}").ToResult().ExecuteAsync(context);
        }
    }

    private static ConsoleProblem Bare(HttpContext context) => context.Response.StatusCode switch
    {
        StatusCodes.Status415UnsupportedMediaType => new(
            StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE",
            $"the body must be application/json (got '{InputBounds.Printable(context.Request.ContentType ?? "none")}')", "Content-Type"),
        StatusCodes.Status405MethodNotAllowed => new(
            StatusCodes.Status405MethodNotAllowed, "METHOD_NOT_ALLOWED", $"{context.Request.Method} is not served at {context.Request.Path}"),
        StatusCodes.Status404NotFound => ConsoleProblem.NotFound("path", $"nothing at {context.Request.Path}"),
        var status => new(status, "ERROR", $"request refused ({status})"),
    };
}
