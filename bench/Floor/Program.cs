using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Temporalio.Client;
using Temporalio.Worker;
using TemporalSagas.Load.Floor;

// bench/floor.sh: the same four-step shape as the flight saga on the bare SDK (no-op activities), measured like
// `starter load` (client and worker in one process, eager start, warm-up excluded), so docs/performance.md can show
// how much of a saga's latency and CPU is the SDK's own floor on this machine.
if (args is not [var address, var mode, var countText, var concurrencyText, ..] ||
    mode is not ("regular" or "local") ||
    !int.TryParse(countText, CultureInfo.InvariantCulture, out var count) || count is < 1 or > 100_000 ||
    !int.TryParse(concurrencyText, CultureInfo.InvariantCulture, out var concurrency) || concurrency is < 1 or > 5_000)
{
    Console.Error.WriteLine("usage: TemporalSagas.Bench.Floor HOST:PORT regular|local COUNT(1-100000) CONCURRENCY(1-5000) [WARMUP]");
    return 2;
}

var warmup = args.Length > 4 && int.TryParse(args[4], CultureInfo.InvariantCulture, out var w) ? w : 20;
var client = await TemporalClient.ConnectAsync(new(address) { GrpcCompression = new GrpcCompression.None() });
var taskQueue = $"floor-{Guid.NewGuid():N}";
var run = taskQueue[6..14];
using var worker = new TemporalWorker(
    client, new TemporalWorkerOptions(taskQueue).AddAllActivities(new FloorActivities()).AddWorkflow<FloorWorkflow>());

return await worker.ExecuteAsync(async () =>
{
    async Task<double> OneAsync(int index)
    {
        var clock = Stopwatch.StartNew();
        await client.ExecuteWorkflowAsync(
            (FloorWorkflow wf) => wf.RunAsync(mode == "local"),
            new($"floor-{run}-{index}", taskQueue) { RequestEagerStart = true });
        return clock.Elapsed.TotalMilliseconds;
    }

    async Task<List<double>> DriveAsync(int first, int n)
    {
        var latencies = new List<double>(n);
        using var slots = new SemaphoreSlim(concurrency);
        await Task.WhenAll(Enumerable.Range(first, n).Select(async i =>
        {
            await slots.WaitAsync();
            try
            {
                var ms = await OneAsync(i);
                lock (latencies)
                {
                    latencies.Add(ms);
                }
            }
            finally
            {
                slots.Release();
            }
        }));
        return latencies;
    }

    await DriveAsync(-warmup, warmup);
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var window = Stopwatch.StartNew();
    var measured = await DriveAsync(0, count);
    window.Stop();
    process.Refresh();
    measured.Sort();
    double Rank(double q) => measured[Math.Clamp((int)Math.Ceiling(q * measured.Count) - 1, 0, measured.Count - 1)];
    var report = new
    {
        mode,
        count,
        concurrency,
        warmup,
        throughputPerSecond = Math.Round(count / window.Elapsed.TotalSeconds, 2),
        latencyMs = new { p50 = Math.Round(Rank(0.5), 1), p95 = Math.Round(Rank(0.95), 1), p99 = Math.Round(Rank(0.99), 1) },
        processCpuMsPerWorkflow = Math.Round((process.TotalProcessorTime - cpuBefore).TotalMilliseconds / count, 2),
    };
    Console.WriteLine(JsonSerializer.Serialize(report));
    return 0;
});
