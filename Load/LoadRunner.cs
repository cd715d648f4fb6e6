using System.Globalization;
using Spectre.Console;
using TemporalSagas.Client.DevServer;

namespace TemporalSagas.Load;

/// <summary>Sets up a load run (server, worker or baseline host), drives it, and turns the measurement into a report.</summary>
/// <param name="kind">Which saga (--saga); the default kind (flight) when not given.</param>
/// <param name="progress">Where the progress bars go (the caller's terminal); <c>null</c>: no progress shown.</param>
/// <param name="log">Where notes for the operator go (stderr by default).</param>
public sealed class LoadRunner(LoadSettings settings, IAnsiConsole? progress, LoadSagaKind? kind = null, TextWriter? log = null)
{
    private readonly TextWriter log = log ?? Console.Error;

    private readonly LoadSagaKind kind = kind ?? LoadSagaKinds.Default;

    private const string InProcessCpuNote =
        "one process runs the client and the worker: its CPU is the worker plus the client";

    public async Task<LoadReport> RunTemporalAsync(LoadTarget target, CancellationToken cancellationToken)
    {
        var environment = await DemoEnvironment.StartAsync(
            target.Config, target.Address, target.Namespace, target.Port, target.UiPort, !target.ExternalWorker, cancellationToken);
        LoadReport report;
        try
        {
            report = await RunTemporalAsync(environment, target, cancellationToken);
        }
        finally
        {
            await environment.DisposeAsync();
        }

        // Hundreds of runs would pile up databases and logs in the temp folder; keep them only when they explain errors.
        if (report.Errors.Count == 0)
        {
            TryDelete(environment.DataDirectory);
        }
        else
        {
            await log.WriteLineAsync($"worker log, database and dev server log kept in {environment.DataDirectory}");
        }

        return report;
    }

    public async Task<LoadReport> RunBaselineAsync(string taskQueue, CancellationToken cancellationToken)
    {
        var baseline = kind.Baseline ?? throw new InvalidOperationException($"the {kind.Name} saga has no baseline");
        await using var environment = await BaselineEnvironment.StartAsync(
            taskQueue, settings.Warmup + settings.Count, kind.TopUpAsync, cancellationToken);
        var profile = baseline(environment.Services, settings);
        var measurement = await DriveAsync(profile, null, cancellationToken);
        return LoadReport.Create(
            "baseline",
            profile.Name,
            settings,
            "none: activities called in process",
            "none",
            "the activities and the load loop, in one process without Temporal",
            measurement);
    }

    private async Task<LoadReport> RunTemporalAsync(
        DemoEnvironment environment, LoadTarget target, CancellationToken cancellationToken)
    {
        if (environment.WorkerServices is { } worker)
        {
            await kind.TopUpAsync(worker, settings.Warmup + settings.Count, cancellationToken);
        }

        var devServer = environment.StartedDevServer ? DevServerProcess.Find(PortOf(environment.Address)) : null;
        var profile = kind.Create(new(
            environment.WorkerClient ?? environment.Client, target.Config.TaskQueue, settings, EagerStart: environment.WorkerClient is not null,
            ToppedUp: environment.WorkerServices is not null));
        var measurement = await DriveAsync(profile, devServer, cancellationToken);
        var server = environment.StartedDevServer
            ? $"dev server {environment.Address} ({(target.Config.DbFilename is { } file ? $"file {file}" : "in memory")})"
            : environment.Address;
        return LoadReport.Create(
            "temporal",
            profile.Name,
            settings,
            server,
            target.ExternalWorker ? $"external (task queue {target.Config.TaskQueue})" : "in process",
            target.ExternalWorker
                ? "client only: the worker runs in another process, so this is NOT the worker's CPU"
                : InProcessCpuNote,
            measurement);
    }

    private async Task<LoadMeasurement> DriveAsync(
        ISagaLoadProfile profile, System.Diagnostics.Process? devServer, CancellationToken cancellationToken)
    {
        var driver = new LoadDriver(profile, settings, devServer);
        if (progress is null)
        {
            return await driver.RunAsync(null, cancellationToken);
        }

        return await progress.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var warmup = context.AddTask($"{Markup.Escape(profile.Name)}: warm-up", maxValue: Math.Max(1, settings.Warmup));
                var measured = context.AddTask($"{Markup.Escape(profile.Name)}: measured", autoStart: false, maxValue: settings.Count);
                if (settings.Warmup == 0)
                {
                    warmup.Value = warmup.MaxValue;
                }

                var done = 0;
                return await driver.RunAsync(
                    () =>
                    {
                        if (Interlocked.Increment(ref done) <= settings.Warmup)
                        {
                            warmup.Increment(1);
                        }
                        else
                        {
                            measured.StartTask();
                            measured.Increment(1);
                        }
                    },
                    cancellationToken);
            });
    }

    internal static void TryDelete(string directory)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a run for.
        }
    }

    internal static int PortOf(string address) =>
        int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
}
