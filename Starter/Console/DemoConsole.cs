using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using TemporalSagas.Client.Checks;
using TemporalSagas.Client.DevServer;
using TemporalSagas.SagaConsole;
using TemporalSagas.Starter.Cli;

namespace TemporalSagas.Starter.SagaConsole;

/// <summary>The saga console over the demo's server and worker (<c>demo --keep</c>): its data checks read the demo's database.</summary>
public sealed class DemoConsole(WebApplication app, string url) : IAsyncDisposable
{
    public string Url => url;

    public static async Task<DemoConsole> StartAsync(
        CliContext context, DemoEnvironment environment, string taskQueue, int? port, string portOption)
    {
        var section = context.Configuration.GetSection(ConsoleSettings.Section);
        var settings = new ConsoleSettings(
            environment.Address, environment.Client.Options.Namespace, taskQueue,
            CliBounds.Range(portOption, port ?? section.GetValue<int?>("Port") ?? ConsoleSettings.DefaultPort, 0, 65535),
            section["Bind"] ?? "127.0.0.1", environment.UiBase);
        var demoDatabase = new DataCheckContext(context.Console.Error, DataCheckContext.WorkerConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Sagas"] = $"Data Source={Path.Combine(environment.DataDirectory, "demo.db")}",
            })
            .Build()));
        var app = SagaConsoleApp.Build(settings, demoDatabase, environment.Client);
        await ServeCommand.StartAsync(app, settings, portOption);
        return new DemoConsole(app, SagaConsoleApp.Url(app, settings));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }
}
