using System.CommandLine;
using Spectre.Console;
using TemporalSagas.Client;
using TemporalSagas.Client.DevServer;
using TemporalSagas.Load;
using TemporalSagas.Load.Dirty;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Starter.LoadViews;

namespace TemporalSagas.Starter.Commands;

public static class LoadCommand
{
    public const int MaxOpen = 20000;

    private static readonly Option<string> Saga = new("--saga")
    {
        Description = $"Saga kind ({string.Join(", ", LoadSagaKinds.Names)})",
        DefaultValueFactory = _ => "flight",
    };

    private static readonly Option<int?> Open = new("--open")
    {
        Description = $"Open N sagas that wait ({LoadSagaKinds.Supporting(k => k.Open is not null)}), report the memory with all open, release them (1-{MaxOpen})",
    };

    private static readonly Option<int> Count = new("--count") { Description = "Measured sagas", DefaultValueFactory = _ => 200 };
    private static readonly Option<int> Concurrency = new("--concurrency")
    {
        Description = $"Sagas in flight at once (1-{LoadSettings.MaxConcurrency})",
        DefaultValueFactory = _ => 10,
    };

    private static readonly Option<int> Warmup = new("--warmup") { Description = "Sagas run first and left out of the figures", DefaultValueFactory = _ => 20 };
    private static readonly Option<string?> FailAt = new("--fail-at") { Description = "Every saga fails at STEP and compensates" };
    private static readonly Option<bool> LocalSteps = new("--local-steps") { Description = "Database-only steps as local activities" };
    private static readonly Option<int> SagaTimeout = new("--saga-timeout")
    {
        Description = "Seconds to wait for one saga's result before counting it as an error",
        DefaultValueFactory = _ => 120,
    };

    private static readonly Option<bool> ExternalWorker = new("--external-worker")
    {
        Description = "Rely on a worker already polling the task queue (needs --address or TEMPORAL_ADDRESS)",
    };

    private static readonly Option<string?> TaskQueue = new("--task-queue") { Description = "Task queue (default from temporal-dev.yaml)" };
    private static readonly Option<int?> Port = new Option<int?>("--port") { Description = "Dev server gRPC port (default from temporal-dev.yaml)" }.Within(1, 65535);
    private static readonly Option<int?> UiPort = new Option<int?>("--ui-port") { Description = "Dev server Web UI port (default: port + 1000)" }.Within(1, 65535);
    private static readonly Option<string?> Config = new("--config") { Description = "Path of temporal-dev.yaml" };
    private static readonly Option<string?> DbFile = new("--db-file")
    {
        Description = "Back the dev server with this SQLite file instead of memory (temporal-dev.yaml's dbFilename)",
    };

    private static readonly Option<bool> Baseline = new("--baseline")
    {
        Description = "Run the same activities in process without Temporal instead",
    };

    private static readonly Option<bool> CompareBaseline = new("--compare-baseline")
    {
        Description = "Run through Temporal, then the baseline, and print Temporal's overhead",
    };

    private static readonly Option<string?> Scenario = new("--scenario")
    {
        Description = $"Run a dirty scenario instead ({string.Join(", ", DirtyScenarioCatalog.All.Select(s => s.Name))}); --count sets its size",
    };

    private static readonly Option<bool> CompareFloor = new("--compare-floor")
    {
        Description = "Run the bare SDK in the flight's four-step shape, then the saga, on one server, and print the ratios",
    };

    private static readonly Option<bool> ListSagas = new("--list-sagas")
    {
        Description = "Print the saga kinds --saga takes, one per line (a JSON array with --json), and run nothing",
    };

    public static Command Create(CliContext context)
    {
        var command = new Command("load", "Run many sagas at a given concurrency and report throughput, latency and cost")
        {
            Saga, Count, Concurrency, Warmup, FailAt, LocalSteps, SagaTimeout, ExternalWorker, TaskQueue, Port, UiPort, Config, DbFile,
            Baseline, CompareBaseline, CompareFloor, Scenario, Open, ListSagas,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(context, parse, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        if (parse.GetValue(ListSagas))
        {
            var names = LoadSagaKinds.Names.ToList();
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(context.Console, names);
            }
            else
            {
                names.ForEach(context.Console.Out.WriteLine);
            }

            return ExitCodes.Success;
        }

        if (parse.GetValue(Scenario) is { } scenario)
        {
            return await RunScenarioAsync(context, parse, scenario, cancellationToken);
        }

        var kind = ReadKind(parse);
        if (parse.GetValue(Open) is { } open)
        {
            return await RunOpenAsync(context, parse, kind, open, cancellationToken);
        }

        if (parse.GetValue(CompareFloor))
        {
            foreach (var other in new Option[] { Baseline, CompareBaseline, ExternalWorker, FailAt })
            {
                if (parse.GetResult(other) is { Implicit: false })
                {
                    throw CliException.BadInput(
                        $"--compare-floor cannot be combined with {other.Name} (the floor runs in this process and never fails)", "--compare-floor");
                }
            }
        }

        var settings = ReadSettings(parse, kind);
        var json = parse.GetValue(GlobalOptions.Json);
        var console = context.Console;
        var runner = new LoadRunner(settings, progress: !json && console.IsTerminal ? console.Ansi : null, kind, console.Error);
        var target = ReadTarget(parse);
        if (parse.GetValue(Baseline))
        {
            var baseline = await runner.RunBaselineAsync(target.Config.TaskQueue, cancellationToken);
            Write(console, json, baseline, LoadReportView.Write);
            return ExitCode(baseline);
        }

        if (parse.GetValue(CompareFloor))
        {
            var floor = await runner.RunCompareFloorAsync(target, cancellationToken);
            Write(console, json, floor, LoadReportView.Write);
            return Math.Max(ExitCode(floor.Saga), ExitCode(floor.Floor));
        }

        WarnNoTopUp(console, target);
        var temporal = await runner.RunTemporalAsync(target, cancellationToken);
        if (!parse.GetValue(CompareBaseline))
        {
            Write(console, json, temporal, LoadReportView.Write);
            return ExitCode(temporal);
        }

        var comparison = LoadComparison.Of(temporal, await runner.RunBaselineAsync(target.Config.TaskQueue, cancellationToken));
        Write(console, json, comparison, LoadReportView.Write);
        return Math.Max(ExitCode(comparison.Temporal), ExitCode(comparison.Baseline));
    }

    // A dirty scenario runs in a world of its own (dev server and worker processes it can kill), whatever --address says.
    private static async Task<int> RunScenarioAsync(CliContext context, ParseResult parse, string name, CancellationToken cancellationToken)
    {
        var scenario = DirtyScenarioCatalog.Find(name)
            ?? throw CliException.BadInput(
                $"--scenario: unknown scenario '{name}' (scenarios: {string.Join(", ", DirtyScenarioCatalog.All.Select(s => s.Name))})", "--scenario");
        foreach (var other in new Option[] { Baseline, CompareBaseline, ExternalWorker, FailAt, DbFile, Open })
        {
            if (parse.GetResult(other) is { Implicit: false })
            {
                throw CliException.BadInput($"--scenario cannot be combined with {other.Name}", "--scenario");
            }
        }

        var count = parse.GetResult(Count) is { Implicit: false } ? CliBounds.Range("--count", parse.GetValue(Count), 1, 5000) : scenario.DefaultCount;
        var concurrency = CliBounds.Range("--concurrency", parse.GetValue(Concurrency), 1, 500);
        var configPath = parse.GetValue(Config);
        if (configPath is not null && !File.Exists(configPath))
        {
            throw CliException.BadInput($"--config: no such file '{configPath}'");
        }

        var console = context.Console;
        var report = await DirtyScenarioRunner.RunAsync(
            scenario, TemporalDevServerConfig.Load(configPath), count, concurrency, cancellationToken, console.Error);
        Write(console, parse.GetValue(GlobalOptions.Json), report, (_, r) => DirtyReportView.Write(console, r));
        return report.Ok ? ExitCodes.Success : ExitCodes.SagaFailed;
    }

    // --open N: N sagas held open at once, their memory, then all released; no figures of throughput or latency.
    private static async Task<int> RunOpenAsync(CliContext context, ParseResult parse, LoadSagaKind kind, int open, CancellationToken cancellationToken)
    {
        if (kind.Open is null)
        {
            throw CliException.BadInput(
                $"--open is available for: {LoadSagaKinds.Supporting(k => k.Open is not null)} (sagas that wait on a timer or a signal; not {kind.Name})", "--open");
        }

        CliBounds.Range("--open", open, 1, MaxOpen);
        foreach (var other in new Option[] { Baseline, CompareBaseline, FailAt, LocalSteps, Count, Warmup })
        {
            if (parse.GetResult(other) is { Implicit: false })
            {
                throw CliException.BadInput($"--open cannot be combined with {other.Name}", "--open");
            }
        }

        var concurrency = CliBounds.Range("--concurrency", parse.GetValue(Concurrency), 1, LoadSettings.MaxConcurrency);
        var timeout = parse.GetValue(SagaTimeout);
        if (timeout < 1)
        {
            throw CliException.BadInput($"--saga-timeout must be at least 1 second (got {timeout})");
        }

        var target = ReadTarget(parse);
        var console = context.Console;
        WarnNoTopUp(console, target);
        var report = await new OpenSagasRunner(kind, open, concurrency, TimeSpan.FromSeconds(timeout), console.Error).RunAsync(target, cancellationToken);
        Write(console, parse.GetValue(GlobalOptions.Json), report, OpenSagasReportView.Write);
        return report.Ok ? ExitCodes.Success : ExitCodes.SagaFailed;
    }

    private static LoadSagaKind ReadKind(ParseResult parse)
    {
        var saga = parse.GetValue(Saga)!;
        return LoadSagaKinds.Find(saga.Trim().ToLowerInvariant())
            ?? throw CliException.BadInput($"--saga: unknown saga '{saga}' (sagas: {string.Join(", ", LoadSagaKinds.Names)})", "--saga");
    }

    private static void WarnNoTopUp(CliConsole console, LoadTarget target)
    {
        if (target.ExternalWorker)
        {
            console.Error.WriteLine("--external-worker: the worker's database is used as it is (no top-up of seats, points or stock)");
        }
    }

    private static LoadSettings ReadSettings(ParseResult parse, LoadSagaKind kind)
    {
        var count = parse.GetValue(Count);
        if (count < 1)
        {
            throw CliException.BadInput($"--count must be at least 1 (got {count})");
        }

        var concurrency = parse.GetValue(Concurrency);
        if (concurrency is < 1 or > LoadSettings.MaxConcurrency)
        {
            throw CliException.BadInput($"--concurrency must be between 1 and {LoadSettings.MaxConcurrency} (got {concurrency})");
        }

        var warmup = parse.GetValue(Warmup);
        if (warmup < 0)
        {
            throw CliException.BadInput($"--warmup cannot be negative (got {warmup})");
        }

        var timeout = parse.GetValue(SagaTimeout);
        if (timeout < 1)
        {
            throw CliException.BadInput($"--saga-timeout must be at least 1 second (got {timeout})");
        }

        if (parse.GetValue(Baseline) && parse.GetValue(CompareBaseline))
        {
            throw CliException.BadInput("--baseline and --compare-baseline: choose one");
        }

        foreach (var option in new[] { Baseline, CompareBaseline })
        {
            if (parse.GetValue(option) && kind.Baseline is null)
            {
                throw CliException.BadInput(
                    $"{option.Name} is available for: {LoadSagaKinds.Supporting(k => k.Baseline is not null)} (no in-process baseline of the {kind.Name} saga)", option.Name);
            }
        }

        if (parse.GetValue(LocalSteps) && !kind.LocalSteps)
        {
            throw CliException.BadInput(
                $"--local-steps is available for: {LoadSagaKinds.Supporting(k => k.LocalSteps)} (the {kind.Name} saga's input has no local-step mode)", "--local-steps");
        }

        return new LoadSettings(count, concurrency, warmup, Step(parse.GetValue(FailAt), kind), TimeSpan.FromSeconds(timeout), parse.GetValue(LocalSteps));
    }

    private static string? Step(string? given, LoadSagaKind kind)
    {
        if (given is null)
        {
            return null;
        }

        var step = given.ToUpperInvariant().Replace('-', '_');
        return kind.FailSteps.Contains(step)
            ? step
            : throw CliException.BadInput(
                $"--fail-at: unknown step '{given}' for the {kind.Name} saga (steps: {string.Join(", ", kind.FailSteps)})", "--fail-at");
    }

    private static LoadTarget ReadTarget(ParseResult parse)
    {
        var configPath = parse.GetValue(Config);
        if (configPath is not null && !File.Exists(configPath))
        {
            throw CliException.BadInput($"--config: no such file '{configPath}'");
        }

        var config = TemporalDevServerConfig.Load(configPath);
        if (parse.GetValue(TaskQueue) is { } taskQueue)
        {
            config = string.IsNullOrWhiteSpace(taskQueue)
                ? throw CliException.BadInput("--task-queue cannot be empty")
                : config with { TaskQueue = taskQueue };
        }

        var configured = parse.GetResult(GlobalOptions.Address) is { Implicit: false }
            || Environment.GetEnvironmentVariable("TEMPORAL_ADDRESS") is { Length: > 0 };
        if (parse.GetValue(DbFile) is { } dbFile)
        {
            config = configured
                ? throw CliException.BadInput("--db-file applies to the dev server this command starts, not to --address")
                : config with { DbFilename = Path.GetFullPath(dbFile) };
        }

        var external = parse.GetValue(ExternalWorker);
        if (external && !configured && !parse.GetValue(Baseline))
        {
            throw CliException.BadInput(
                "--external-worker needs --address or TEMPORAL_ADDRESS: no other worker polls a dev server this command starts");
        }

        return new LoadTarget(
            config,
            configured ? parse.GetValue(GlobalOptions.Address) : null,
            parse.GetValue(GlobalOptions.Namespace)!,
            parse.GetValue(Port),
            parse.GetValue(UiPort),
            external);
    }

    private static void Write<T>(CliConsole console, bool json, T report, Action<IAnsiConsole, T> table)
        where T : notnull
    {
        if (json)
        {
            JsonOutput.Write(console, report);
        }
        else
        {
            table(console.Ansi, report);
        }
    }

    private static int ExitCode(LoadReport report) => report.Errors.Count == 0 ? ExitCodes.Success : ExitCodes.SagaFailed;
}
