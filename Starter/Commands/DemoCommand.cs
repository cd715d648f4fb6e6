using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Verification;
using TemporalSagas.Client;
using TemporalSagas.Client.DevServer;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Starter.Demo;
using TemporalSagas.Starter.Rendering;

namespace TemporalSagas.Starter.Commands;

public static class DemoCommand
{
    private static readonly Option<int?> Port = new Option<int?>("--port") { Description = "Dev server gRPC port (default from temporal-dev.yaml)" }.Within(1, 65535);
    private static readonly Option<int?> UiPort = new Option<int?>("--ui-port") { Description = "Dev server Web UI port (default: port + 1000)" }.Within(1, 65535);
    private static readonly Option<bool> Keep = new("--keep") { Description = "Keep the server and worker up until Ctrl+C, and serve the saga console" };
    private static readonly Option<int?> ConsolePort = new Option<int?>("--console-port") { Description = "Saga console port with --keep (default Console:Port or 5080; 0 picks a free port)" }.Within(0, 65535);
    private static readonly Option<int?> MetricsPort = new Option<int?>("--metrics-port")
    {
        Description = "The worker's Prometheus /metrics port on 127.0.0.1 with --keep (default Temporal:MetricsPort or 9464; 0 picks a free port)",
    }.Within(0, 65535);
    private static readonly Option<string?> Config = new("--config") { Description = "Path of temporal-dev.yaml" };
    private static readonly Option<bool> ServerCommand = new("--server-command")
    {
        Description = "Print the equivalent `temporal server start-dev` command line and exit",
    };

    public static Command Create(CliContext context)
    {
        var command = new Command("demo", "Start a dev server and a worker, run every saga's demo scenarios, print the outcomes")
        {
            Port, UiPort, Keep, ConsolePort, MetricsPort, Config, ServerCommand,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(context, parse, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(GlobalOptions.Json);
        var configPath = parse.GetValue(Config);
        if (configPath is not null && !File.Exists(configPath))
        {
            throw CliException.BadInput($"--config: no such file '{configPath}'", Config.Name);
        }

        var config = TemporalDevServerConfig.Load(configPath);
        if (parse.GetValue(ServerCommand))
        {
            if (json)
            {
                JsonOutput.Write(context.Console, new { commandLine = config.ToCommandLine() });
            }
            else
            {
                context.Console.Out.WriteLine(config.ToCommandLine());
            }

            return ExitCodes.Success;
        }

        var configured = parse.GetResult(GlobalOptions.Address) is { Implicit: false }
            || Environment.GetEnvironmentVariable("TEMPORAL_ADDRESS") is { Length: > 0 };
        var clock = Stopwatch.StartNew();

        await using var environment = await Step(context.Console.Ansi, json, configured ? "connecting" : "starting the Temporal dev server and a worker", () =>
            DemoEnvironment.StartAsync(
                config,
                configured ? parse.GetValue(GlobalOptions.Address) : null,
                parse.GetValue(GlobalOptions.Namespace)!,
                parse.GetValue(Port),
                parse.GetValue(UiPort),
                parse.GetValue(Keep) ? DemoMetricsPort(context, parse.GetValue(MetricsPort)) : null,
                cancellationToken));
        var startup = clock.Elapsed;
        var scenarios = SagaCliModules.All.SelectMany(m => m.DemoScenarios()).ToList();
        var runner = new DemoRunner(environment, config.TaskQueue);
        var outcomes = await Step(context.Console.Ansi, json, $"running {scenarios.Count} sagas", status => runner.RunAsync(
            scenarios,
            (scenario, progress) => status?.Invoke($"{scenario.Name}: {progress}"),
            cancellationToken));

        // `starter verify` over the demo's own database (with an in-process worker): every domain's books must balance.
        IReadOnlyList<InvariantViolation>? violations = null;
        if (environment.WorkerServices is { } services)
        {
            await using var scope = services.CreateAsyncScope();
            violations = await InvariantChecks.RunAllAsync(scope.ServiceProvider.GetRequiredService<SagasDbContext>(), services, cancellationToken);
        }

        await using var console = parse.GetValue(Keep)
            ? await SagaConsole.DemoConsole.StartAsync(context, environment, config.TaskQueue, parse.GetValue(ConsolePort), ConsolePort.Name)
            : null;
        if (json)
        {
            JsonOutput.Write(context.Console, new
            {
                address = environment.Address,
                ui = environment.UiBase,
                console = console?.Url,
                dataDirectory = environment.DataDirectory,
                startupSeconds = Math.Round(startup.TotalSeconds, 1),
                totalSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
                outcomes,
                violations,
            });
        }
        else
        {
            WriteTable(context.Console, outcomes);
            if (violations is not null)
            {
                context.Console.Ansi.MarkupLine(violations.Count == 0
                    ? $"[green]verify: no invariant violation[/] in {string.Join(", ", InvariantChecks.All.Select(c => c.Domain))}"
                    : $"[red]verify: {violations.Count} invariant violation(s)[/]");
                foreach (var v in violations)
                {
                    context.Console.Ansi.MarkupLine(Markup.Escape($"  {v.Domain} {v.Invariant} {v.Subject}: {v.Detail}"));
                }
            }

            context.Console.Ansi.MarkupLine(
                $"[grey]server {environment.Address} (started in {startup.TotalSeconds:0.0} s), Web UI {environment.UiBase}, " +
                $"worker log and demo database in {environment.DataDirectory}; total {clock.Elapsed.TotalSeconds:0.0} s[/]");
        }

        if (console is not null)
        {
            // With --json the line goes to stderr: stdout stays one JSON document (which carries the console's URL too).
            var line = $"server and worker stay up: saga console {console.Url}, Web UI {environment.UiBase}, " +
                (environment.MetricsUrl is { } metrics ? $"metrics {metrics}" : $"no metrics (port taken? pass {MetricsPort.Name} N)") +
                "; Ctrl+C to stop";

            // The CLI reads its database from ConnectionStrings:Sagas (env ConnectionStrings__Sagas): these lines point a second terminal at the demo's.
            var database = $"Data Source={Path.Combine(environment.DataDirectory, "demo.db")}";
            var secondTerminal = $"in a second terminal: export ConnectionStrings__{Activities.Data.SagaDatabase.ConnectionStringName}=\"{database}\" TEMPORAL_ADDRESS={environment.Address}";
            foreach (var text in new[] { line, secondTerminal })
            {
                if (json)
                {
                    context.Console.Error.WriteLine(text);
                }
                else
                {
                    context.Console.Ansi.MarkupLine(Markup.Escape(text));
                }
            }

            var ended = await DemoKeep.WaitAsync(environment, cancellationToken);
            var farewell = ended == DemoKeep.Ended.ServerStopped
                ? "the Temporal dev server stopped (it got the Ctrl+C too): stopping the console and the worker"
                : "stopping the console, the worker and the dev server (Ctrl+C again to force)";
            if (json)
            {
                context.Console.Error.WriteLine(farewell);
            }
            else
            {
                context.Console.Ansi.MarkupLine($"[grey]{Markup.Escape(farewell)}[/]");
            }
        }

        return outcomes.All(o => o.AsExpected) && violations is not { Count: > 0 } ? ExitCodes.Success : ExitCodes.SagaFailed;
    }

    // 0: a free port now (the worker's options want a real one); unset: the worker's configured port, as `Worker` would.
    private static int DemoMetricsPort(CliContext context, int? option)
    {
        if (option is not 0)
        {
            return option ?? context.Configuration.GetValue<int?>("Temporal:MetricsPort") ?? 9464;
        }

        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task<T> Step<T>(IAnsiConsole console, bool json, string title, Func<Task<T>> action) =>
        Step(console, json, title, _ => action());

    private static async Task<T> Step<T>(IAnsiConsole console, bool json, string title, Func<Action<string>?, Task<T>> action)
    {
        if (json || !console.Profile.Capabilities.Interactive)
        {
            return await action(null);
        }

        return await console.Status().StartAsync(title, ctx => action(line => ctx.Status($"{title} — {Markup.Escape(line)}")));
    }

    private static void WriteTable(CliConsole console, IReadOnlyList<DemoOutcome> outcomes)
    {
        var table = new Table().AddColumns("#", "scenario", "status", "steps", "compensations (in order)", "failed step / error");
        for (var i = 0; i < outcomes.Count; i++)
        {
            var o = outcomes[i];
            var status = o.Status is { } s ? SagaStateView.StatusMarkup(s) : "[red]?[/]";
            table.AddRow(
                (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(o.Scenario) + (o.ReviewAnswer is { } answer ? $" [grey](review answered: {Markup.Escape(answer)})[/]" : string.Empty),
                (o.AsExpected ? "[green]✓[/] " : $"[red]✗ expected {o.Expected}[/] ") + status,
                o.StepsCompleted.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(string.Join(" → ", o.Compensations.Select(c => c.Replace("COMPENSATE_", string.Empty, StringComparison.Ordinal)))),
                Markup.Escape(string.Join(": ", new[] { o.FailedStep, o.Error }.Where(x => !string.IsNullOrEmpty(x)))));
        }

        console.Ansi.Write(table);
        console.Ansi.MarkupLine("Web UI:");
        for (var i = 0; i < outcomes.Count; i++)
        {
            // Plain text, never wrapped inside a cell, so terminals can open the link.
            console.Out.WriteLine($"  {i + 1}. {outcomes[i].WebUi}");
        }
    }
}
