using System.Text.Json;

namespace TemporalSagas.Bench.Chart;

/// <summary>One concurrency level of a scaling run: medians over the `starter load --json` reports at that level.</summary>
public sealed record ScalingPoint(int Concurrency, int Runs, double ThroughputPerSecond, double P99Ms)
{
    public static IReadOnlyList<ScalingPoint> Load(string folder) =>
    [
        .. Directory.EnumerateFiles(folder, "*.json")
            .Select(ReadReport)
            .OfType<JsonElement>()
            .GroupBy(r => r.GetProperty("concurrency").GetInt32())
            .OrderBy(g => g.Key)
            .Select(g => new ScalingPoint(
                g.Key,
                g.Count(),
                Median(g.Select(r => r.GetProperty("throughputPerSecond").GetDouble())),
                Median(g.Select(r => r.GetProperty("latencyMs").GetProperty("p99").GetDouble())))),
    ];

    private static JsonElement? ReadReport(string file)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            return json.RootElement.TryGetProperty("concurrency", out _) ? json.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null; // a run that failed before printing its report
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
