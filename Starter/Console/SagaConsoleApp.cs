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
using TemporalSagas.Starter.Cli;

namespace TemporalSagas.Starter.SagaConsole;

/// <summary>
/// The saga console: one page (plain HTML and JavaScript from the assembly, no CDN) and the JSON API behind it,
/// documented at <c>/openapi/v1.json</c>. Errors are problem documents: 400 naming the field, 404, 409 (a review
/// decision the saga refused, an id already used), 503 when Temporal cannot be reached.
/// </summary>
public static class SagaConsoleApp
{
    public static WebApplication Build(ConsoleSettings settings, CliContext context, ITemporalClient? client = null)
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
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "TemporalSagas console API";
            document.Info.Description = "Start sagas, watch their ledgers, list them and resolve manual reviews.";
            return Task.CompletedTask;
        }));
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase;
        });
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(context);
        builder.Services.AddSingleton(_ => new TemporalAccess(settings, client));

        var app = builder.Build();
        app.Use(ProblemsAsync);
        app.MapOpenApi();
        ConsolePage.Map(app);
        SagaEndpoints.Map(app);
        ReviewEndpoints.Map(app);
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
            await ConsoleProblem.BadInput("body", e.Message).ToResult().ExecuteAsync(context);
        }
    }
}
