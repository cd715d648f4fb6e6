namespace TemporalSagas.Load;

/// <summary>The figures of one load run, as printed in the table and written by <c>--json</c>.</summary>
/// <param name="Mode">"temporal" or "baseline" (the same activities called in process, without Temporal).</param>
/// <param name="Completed">Measured sagas that ended as the run expected (Completed, or Compensated with --fail-at).</param>
/// <param name="Errors">The other measured sagas, counted by error type.</param>
/// <param name="ThroughputPerSecond">Completed sagas per second of the measured window.</param>
/// <param name="LatencyMs">Client start → result of the completed sagas.</param>
/// <param name="CompensationMs">Per compensation step, from the saga log's started/finished times.</param>
/// <param name="ProcessCpuMsPerSaga">This process's CPU over the window per measured saga: client plus in-process worker.</param>
/// <param name="DevServerCpuMsPerSaga">The dev server child's CPU per measured saga; null when this run did not start it.</param>
/// <param name="Cores">Logical processors of this machine.</param>
/// <param name="LoadAverage">1-minute load average at the end of the window: how much else the machine was doing.</param>
public sealed record LoadReport(
    string Mode,
    string Saga,
    int Count,
    int Concurrency,
    int Warmup,
    string Server,
    string Worker,
    int Completed,
    IReadOnlyDictionary<string, int> Errors,
    double WindowSeconds,
    double ThroughputPerSecond,
    LatencyFigures LatencyMs,
    IReadOnlyDictionary<string, StepFigures> CompensationMs,
    double ProcessCpuMsPerSaga,
    string ProcessCpuNote,
    double PeakWorkingSetMb,
    double? DevServerCpuMsPerSaga,
    int Cores,
    double? LoadAverage)
{
    public static LoadReport Create(
        string mode, string saga, LoadSettings settings, string server, string worker, string processCpuNote, LoadMeasurement measurement)
    {
        var completed = measurement.Samples.Where(s => s.AsExpected).ToList();
        var errors = measurement.Samples.Where(s => !s.AsExpected)
            .GroupBy(s => s.Error!)
            .OrderByDescending(g => g.Count())
            .ToDictionary(g => g.Key, g => g.Count());
        var compensations = measurement.Samples.SelectMany(s => s.Compensations)
            .GroupBy(c => c.Step)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => StepFigures.Of(g.Select(c => c.Duration)));
        var sagas = Math.Max(1, measurement.Samples.Count);

        return new LoadReport(
            mode,
            saga,
            settings.Count,
            settings.Concurrency,
            settings.Warmup,
            server,
            worker,
            completed.Count,
            errors,
            Math.Round(measurement.Window.TotalSeconds, 3),
            Math.Round(completed.Count / measurement.Window.TotalSeconds, 2),
            LatencyFigures.Of(completed.Select(s => s.Latency)),
            compensations,
            Math.Round(measurement.ProcessCpu.TotalMilliseconds / sagas, 2),
            processCpuNote,
            Math.Round(measurement.PeakWorkingSet / 1024.0 / 1024.0, 1),
            measurement.DevServerCpu is { } serverCpu ? Math.Round(serverCpu.TotalMilliseconds / sagas, 2) : null,
            Environment.ProcessorCount,
            measurement.LoadAverage);
    }
}

public sealed record LatencyFigures(double P50, double P95, double P99, double Max, double Mean)
{
    public static LatencyFigures Of(IEnumerable<TimeSpan> latencies)
    {
        var sorted = latencies.Select(l => l.TotalMilliseconds).Order().ToList();
        return new LatencyFigures(
            Round(Percentiles.Of(sorted, 50)),
            Round(Percentiles.Of(sorted, 95)),
            Round(Percentiles.Of(sorted, 99)),
            Round(sorted.Count == 0 ? 0 : sorted[^1]),
            Round(sorted.Count == 0 ? 0 : sorted.Average()));
    }

    private static double Round(double ms) => Math.Round(ms, 1);
}

public sealed record StepFigures(int Count, double P50, double P95)
{
    public static StepFigures Of(IEnumerable<TimeSpan> durations)
    {
        var sorted = durations.Select(d => d.TotalMilliseconds).Order().ToList();
        return new StepFigures(sorted.Count, Math.Round(Percentiles.Of(sorted, 50), 1), Math.Round(Percentiles.Of(sorted, 95), 1));
    }
}
