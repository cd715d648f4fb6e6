namespace TemporalSagas.Load;

/// <summary>The raw figures of the measured window (warm-up excluded), before any statistics.</summary>
/// <param name="ProcessCpu">CPU time of this whole process over the window: client, and the worker when it runs in process.</param>
/// <param name="DevServerCpu">CPU time of the dev server child over the window; null when this run did not start it.</param>
/// <param name="LoadAverage">The machine's 1-minute load average at the end of the window; null off Linux.</param>
public sealed record LoadMeasurement(
    IReadOnlyList<SagaSample> Samples,
    TimeSpan Window,
    TimeSpan ProcessCpu,
    long PeakWorkingSet,
    TimeSpan? DevServerCpu,
    double? LoadAverage);
