using System.Globalization;
using Spectre.Console;
using Temporalio.Client;
using Temporalio.Worker;
using TemporalSagas.Client.DevServer;
using TemporalSagas.Load.Floor;

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

    public Task<LoadReport> RunTemporalAsync(LoadTarget target, CancellationToken cancellationToken) =>
        InEnvironmentAsync(target, environment => RunTemporalAsync(environment, target, cancellationToken), r => r.Errors.Count, cancellationToken);

    /// <summary>The floor (<see cref="FloorWorkflow"/> on a bare SDK worker in this process), then the saga, on the same
    /// dev server and process, with the history shape of a few of each. The floor runs first so that it pays the SDK's
    /// own warm-up (JIT) as a process of its own would, and what the saga costs beyond it is our code's alone.</summary>
    public Task<FloorComparison> RunCompareFloorAsync(LoadTarget target, CancellationToken cancellationToken) =>
        InEnvironmentAsync(
            target,
            async environment =>
            {
                var client = environment.WorkerClient ?? environment.Client;
                var floorQueue = $"floor-{Guid.NewGuid():N}";
                LoadReport floor;
                using (var worker = new TemporalWorker(
                    client, new TemporalWorkerOptions(floorQueue).AddAllActivities(new FloorActivities()).AddWorkflow<FloorWorkflow>()))
                {
                    floor = await worker.ExecuteAsync(() => RunFloorAsync(environment, floorQueue, cancellationToken), cancellationToken);
                }

                var saga = await RunTemporalAsync(environment, target, cancellationToken);
                var floorHistory = await HistoryShape.OfAsync(client, floorQueue, HistorySamples, cancellationToken);
                var sagaHistory = await HistoryShape.OfAsync(client, target.Config.TaskQueue, HistorySamples, cancellationToken);
                return FloorComparison.Of(saga, floor, sagaHistory, floorHistory);
            },
            c => c.Saga.Errors.Count + c.Floor.Errors.Count,
            cancellationToken);

    private const int HistorySamples = 5;

    // Starts the dev server and in-process worker, runs, stops them; hundreds of runs would pile up databases and logs in
    // the temp folder, so they are kept only when they explain errors.
    private async Task<T> InEnvironmentAsync<T>(
        LoadTarget target, Func<DemoEnvironment, Task<T>> run, Func<T, int> errors, CancellationToken cancellationToken)
    {
        var environment = await DemoEnvironment.StartAsync(
            target.Config, target.Address, target.Namespace, target.Port, target.UiPort, !target.ExternalWorker, cancellationToken);
        T result;
        try
        {
            result = await run(environment);
        }
        finally
        {
            await environment.DisposeAsync();
        }

        if (errors(result) == 0)
        {
            TryDelete(environment.DataDirectory);
        }
        else
        {
            await log.WriteLineAsync($"worker log, database and dev server log kept in {environment.DataDirectory}");
        }

        return result;
    }

    private async Task<LoadReport> RunFloorAsync(DemoEnvironment environment, string taskQueue, CancellationToken cancellationToken)
    {
        var devServer = environment.StartedDevServer ? DevServerProcess.Find(PortOf(environment.Address)) : null;
        var profile = new FloorLoadProfile(environment.WorkerClient ?? environment.Client, taskQueue, settings, eagerStart: true);
        var measurement = await DriveAsync(profile, devServer, cancellationToken);
        return LoadReport.Create(
            "floor", profile.Name, settings, environment.Address, $"bare SDK worker in process (task queue {taskQueue})", InProcessCpuNote, measurement);
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
