using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Spectre.Console;
using TemporalSagas.Client;
using TemporalSagas.SagaConsole;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.SagaConsole;

/// <summary><c>starter serve</c>: the saga console until Ctrl+C. Settings from options, else section <c>Console</c>
/// of the configuration (<c>Console__Port</c>, <c>Console__Bind</c>, <c>Console__WebUi</c>), else defaults.</summary>
public static class ServeCommand
{
    private static readonly Option<int?> Port = new("--port") { Description = $"HTTP port (default Console:Port or {ConsoleSettings.DefaultPort})" };
    private static readonly Option<string?> Bind = new("--bind") { Description = "Address to listen on (default Console:Bind or 127.0.0.1)" };
    private static readonly Option<string?> WebUi = new("--web-ui") { Description = "Temporal Web UI base URL (default Console:WebUi or http://localhost:8233)" };
    private static readonly Option<string> TaskQueue = new("--task-queue") { DefaultValueFactory = _ => SagaTaskQueue.Default };

    public static Command Create(CliContext context)
    {
        var command = new Command("serve", "Serve the saga console: a test page per saga type, saga list, review inbox and the JSON API")
        {
            Port, Bind, WebUi, TaskQueue,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = Settings(context.Configuration, parse);
            await using var app = SagaConsoleApp.Build(settings, context);
            await StartAsync(app, settings, Port.Name);
            var url = SagaConsoleApp.Url(app, settings);
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(context.Console, new { console = url, openApi = $"{url}/openapi/v1.json", temporal = settings.Address });
            }
            else
            {
                context.Console.Ansi.MarkupLine(
                    $"saga console on [link]{url}[/] (API: {url}/openapi/v1.json), Temporal at {Markup.Escape(settings.Address)}; Ctrl+C to stop");
            }

            await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            await app.StopAsync(CancellationToken.None);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Starts <paramref name="app"/>; a port that is taken is exit 2 naming <paramref name="option"/>.</summary>
    public static async Task StartAsync(WebApplication app, ConsoleSettings settings, string option)
    {
        try
        {
            await app.StartAsync();
        }
        catch (IOException e)
        {
            throw CliException.BadInput($"{option}: cannot listen on {settings.Bind}:{settings.Port} ({e.Message})", option);
        }
    }

    private static ConsoleSettings Settings(IConfiguration configuration, ParseResult parse)
    {
        var section = configuration.GetSection(ConsoleSettings.Section);
        var port = parse.GetValue(Port) ?? section.GetValue<int?>("Port") ?? ConsoleSettings.DefaultPort;
        CliBounds.Range(Port.Name, port, 0, 65535);
        var bind = parse.GetValue(Bind) ?? section["Bind"] ?? "127.0.0.1";
        if (!System.Net.IPAddress.TryParse(bind, out _))
        {
            throw CliException.BadInput($"{Bind.Name} must be an IP address (got '{bind}')", Bind.Name);
        }

        var webUi = parse.GetValue(WebUi) ?? section["WebUi"] ?? "http://localhost:8233";
        if (!Uri.TryCreate(webUi, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw CliException.BadInput($"{WebUi.Name} must be an http(s) URL (got '{webUi}')", WebUi.Name);
        }

        return new ConsoleSettings(
            parse.GetValue(GlobalOptions.Address)!, parse.GetValue(GlobalOptions.Namespace)!,
            CliBounds.TaskQueue(TaskQueue.Name, parse.GetValue(TaskQueue)!), port, bind, webUi)
        {
            Security = CliConnection.Security(parse),
        };
    }
}
