using System.Text.Json;

namespace TemporalSagas.Bench.Chart;

/// <summary>
/// One concurrency level of one series of a scaling run (the dev server in memory, or backed by a SQLite file):
/// medians over the `starter load --json` reports at that level.
/// </summary>
public sealed record ScalingPoint(string Series, int Concurrency, int Runs, double ThroughputPerSecond, double P99Ms)
{
    public static IReadOnlyList<ScalingPoint> Load(string folder) =>
    [
        .. Directory.EnumerateFiles(folder, "*.json")
            .Select(ReadReport)
            .OfType<JsonElement>()
            .GroupBy(r => (Series: SeriesOf(r), Concurrency: r.GetProperty("concurrency").GetInt32()))
            .OrderBy(g => g.Key.Series, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Concurrency)
            .Select(g => new ScalingPoint(
                g.Key.Series,
                g.Key.Concurrency,
                g.Count(),
                Median(g.Select(r => r.GetProperty("throughputPerSecond").GetDouble())),
                Median(g.Select(r => r.GetProperty("latencyMs").GetProperty("p99").GetDouble())))),
    ];

    // "dev server 127.0.0.1:7233 (in memory)" or "(file /tmp/x.db)"; a server given by address is its own series.
    private static string SeriesOf(JsonElement report) =>
        report.TryGetProperty("server", out var server) && server.GetString() is { } text
            ? text.Contains("(file ", StringComparison.Ordinal) ? "file-backed" : text.Contains("(in memory)", StringComparison.Ordinal) ? "in memory" : text
            : "in memory";

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
