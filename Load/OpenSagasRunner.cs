using System.Collections.Concurrent;
using System.Diagnostics;
using TemporalSagas.Client.DevServer;

namespace TemporalSagas.Load;

/// <summary>
/// <c>load --open N</c>: opens N sagas that wait (a seat hold on its TTL timer, an order on the pharmacist), reads
/// the memory with all of them open after a full GC, then releases them all and checks that each one closed.
/// </summary>
/// <param name="log">Where notes for the operator go (stderr by default).</param>
public sealed class OpenSagasRunner(LoadSagaKind kind, int sagas, int concurrency, TimeSpan sagaTimeout, TextWriter? log = null)
{
    private readonly TextWriter log = log ?? Console.Error;

    public async Task<OpenSagasReport> RunAsync(LoadTarget target, CancellationToken cancellationToken)
    {
        var environment = await DemoEnvironment.StartAsync(
            target.Config, target.Address, target.Namespace, target.Port, target.UiPort, !target.ExternalWorker, cancellationToken);
        OpenSagasReport report;
        try
        {
            report = await RunAsync(environment, target, cancellationToken);
        }
        finally
        {
            await environment.DisposeAsync();
        }

        if (report.Ok)
        {
            LoadRunner.TryDelete(environment.DataDirectory);
        }
        else
        {
            await log.WriteLineAsync($"worker log, database and dev server log kept in {environment.DataDirectory}");
        }

        return report;
    }

    private async Task<OpenSagasReport> RunAsync(DemoEnvironment environment, LoadTarget target, CancellationToken cancellationToken)
    {
        if (environment.WorkerServices is { } worker)
        {
            await kind.TopUpAsync(worker, sagas, cancellationToken);
        }

        var profile = kind.Open!(new(
            environment.WorkerClient ?? environment.Client, target.Config.TaskQueue, new LoadSettings(sagas, concurrency, 0, null, sagaTimeout),
            EagerStart: environment.WorkerClient is not null, ToppedUp: environment.WorkerServices is not null));
        using var devServer = environment.StartedDevServer ? DevServerProcess.Find(LoadRunner.PortOf(environment.Address)) : null;
        var errors = new ConcurrentDictionary<string, int>();

        // A few sagas opened and released first, left out of the figures: the "before" reading then already has the
        // workflow code loaded and jitted, the connection pools filled, so the difference is what open sagas hold.
        var warmed = await ForEachAsync(Enumerable.Range(sagas, WarmupOf(sagas)), profile.OpenAsync, "warm-up open", errors, cancellationToken);
        await ForEachAsync(warmed, profile.CloseAsync, "warm-up release", errors, cancellationToken);

        var (workingSetBefore, heapBefore) = Memory();
        var clock = Stopwatch.StartNew();
        var opened = await ForEachAsync(Enumerable.Range(0, sagas), profile.OpenAsync, "open", errors, cancellationToken);
        var openTime = clock.Elapsed;
        var (workingSet, heap) = Memory();
        var serverRss = Rss(devServer);

        clock.Restart();
        var released = await ForEachAsync(opened, profile.CloseAsync, "release", errors, cancellationToken);
        var releaseTime = clock.Elapsed;

        return new OpenSagasReport(
            "open",
            profile.Name,
            sagas,
            concurrency,
            warmed.Count,
            environment.StartedDevServer
                ? $"dev server {environment.Address} ({(target.Config.DbFilename is { } file ? $"file {file}" : "in memory")})"
                : environment.Address,
            target.ExternalWorker ? $"external (task queue {target.Config.TaskQueue})" : "in process",
            opened.Count,
            Math.Round(openTime.TotalSeconds, 3),
            Mb(workingSetBefore),
            Mb(workingSet),
            Mb(heapBefore),
            Mb(heap),
            opened.Count > 0 ? Math.Round((workingSet - workingSetBefore) / 1024.0 / opened.Count, 1) : null,
            serverRss is { } rss ? Mb(rss) : null,
            released.Count,
            Math.Round(releaseTime.TotalSeconds, 3),
            errors.OrderByDescending(e => e.Value).ToDictionary(e => e.Key, e => e.Value),
            target.ExternalWorker
                ? "client only: the worker runs in another process, so this is NOT the worker's memory"
                : "one process runs the client and the worker: its memory is the worker's plus the client's",
            Environment.ProcessorCount,
            MachineLoad.OneMinuteAverage());
    }

    // The given sagas, at most `concurrency` at once: those it went as planned for (only the opened ones are released).
    private async Task<IReadOnlyList<int>> ForEachAsync(
        IEnumerable<int> indexes, Func<int, CancellationToken, Task<string?>> action, string phase, ConcurrentDictionary<string, int> errors, CancellationToken cancellationToken)
    {
        var done = new ConcurrentBag<int>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(indexes, options, async (i, token) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(sagaTimeout);
            string? error;
            try
            {
                error = await action(i, timeout.Token);
            }
            catch (Temporalio.Exceptions.RpcException e)
            {
                error = $"rpc error: {e.Code}";
            }
            catch (Temporalio.Exceptions.WorkflowFailedException e)
            {
                error = $"workflow failed: {(e.InnerException as Temporalio.Exceptions.ApplicationFailureException)?.ErrorType ?? e.InnerException?.GetType().Name}";
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                error = $"no answer within {sagaTimeout.TotalSeconds:0} s";
            }

            if (error is null)
            {
                done.Add(i);
            }
            else
            {
                errors.AddOrUpdate($"{phase}: {error}", 1, (_, n) => n + 1);
            }
        });
        return [.. done.Order()];
    }

    public static int WarmupOf(int sagas) => Math.Min(sagas, 10);

    /// <summary>This process's working set and managed heap after a full, compacting, finalizer-draining GC.</summary>
    private static (long WorkingSet, long Heap) Memory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return (self.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false));
    }

    private static long? Rss(Process? process)
    {
        if (process is null)
        {
            return null;
        }

        try
        {
            process.Refresh();
            return process.WorkingSet64;
        }
        catch (InvalidOperationException)
        {
            return null; // it exited: no honest figure
        }
    }

    private static double Mb(long bytes) => Math.Round(bytes / 1024.0 / 1024.0, 1);
}
