namespace TemporalSagas.Load;

/// <summary>The same load through Temporal and in process without it: what Temporal costs.</summary>
/// <param name="P50Ratio">Temporal's p50 latency over the baseline's.</param>
/// <param name="ThroughputRatio">The baseline's throughput over Temporal's.</param>
public sealed record LoadComparison(LoadReport Temporal, LoadReport Baseline, double? P50Ratio, double? ThroughputRatio)
{
    public static LoadComparison Of(LoadReport temporal, LoadReport baseline) => new(
        temporal,
        baseline,
        Ratio(temporal.LatencyMs.P50, baseline.LatencyMs.P50),
        Ratio(baseline.ThroughputPerSecond, temporal.ThroughputPerSecond));

    private static double? Ratio(double numerator, double denominator) =>
        denominator > 0 ? Math.Round(numerator / denominator, 2) : null;
}
