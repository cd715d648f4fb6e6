namespace TemporalSagas.Load;

/// <summary>The floor (the bare SDK in the same four-step shape), then a saga, run one after the other on one dev server
/// and one process: what our own work per saga costs on top of the SDK's. Ratios are the saga's over the floor's, so
/// 1.0 is "costs what the bare SDK costs"; throughput is the saga's over the floor's too (1.0 is as fast).</summary>
public sealed record FloorComparison(
    LoadReport Saga,
    LoadReport Floor,
    HistoryShape? SagaHistory,
    HistoryShape? FloorHistory,
    double? ThroughputRatio,
    double? P50Ratio,
    double? DevServerCpuRatio,
    double? ProcessCpuRatio)
{
    public static FloorComparison Of(LoadReport saga, LoadReport floor, HistoryShape? sagaHistory, HistoryShape? floorHistory) => new(
        saga,
        floor,
        sagaHistory,
        floorHistory,
        Ratio(saga.ThroughputPerSecond, floor.ThroughputPerSecond),
        Ratio(saga.LatencyMs.P50, floor.LatencyMs.P50),
        saga.DevServerCpuMsPerSaga is { } s && floor.DevServerCpuMsPerSaga is { } f ? Ratio(s, f) : null,
        Ratio(saga.ProcessCpuMsPerSaga, floor.ProcessCpuMsPerSaga));

    private static double? Ratio(double numerator, double denominator) =>
        denominator > 0 ? Math.Round(numerator / denominator, 2) : null;
}
