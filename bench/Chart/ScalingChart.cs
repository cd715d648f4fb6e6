using System.Globalization;
using ScottPlot;

namespace TemporalSagas.Bench.Chart;

/// <summary>Throughput (left axis) and p99 latency (right axis) against concurrency, one evenly spaced tick per level.</summary>
public static class ScalingChart
{
    public static void Save(IReadOnlyList<ScalingPoint> points, string title, string path)
    {
        var plot = new Plot();
        int[] levels = [.. points.Select(p => p.Concurrency).Distinct().Order()];
        double X(int concurrency) => Array.IndexOf(levels, concurrency);
        double[] xs = [.. levels.Select(X)];

        // Per series (in memory, file-backed): throughput as a solid line on the left axis, p99 dashed on the right.
        foreach (var series in points.GroupBy(p => p.Series))
        {
            double[] sx = [.. series.Select(p => X(p.Concurrency))];
            var throughput = plot.Add.Scatter(sx, [.. series.Select(p => p.ThroughputPerSecond)]);
            throughput.LegendText = $"throughput, {series.Key} (sagas/s)";
            throughput.LineWidth = 2;
            throughput.MarkerSize = 8;

            var p99 = plot.Add.Scatter(sx, [.. series.Select(p => p.P99Ms / 1000)]);
            p99.LegendText = $"p99 latency, {series.Key} (s)";
            p99.LineWidth = 2;
            p99.MarkerSize = 8;
            p99.LinePattern = LinePattern.Dashed;
            p99.Axes.YAxis = plot.Axes.Right;
        }

        plot.Axes.Bottom.SetTicks(xs, [.. levels.Select(c => c.ToString(CultureInfo.InvariantCulture))]);
        plot.Axes.Bottom.Label.Text = "concurrency (sagas in flight)";
        plot.Axes.Left.Label.Text = "throughput (sagas/s)";
        plot.Axes.Right.Label.Text = "p99 latency (s)";
        plot.Axes.Title.Label.Text = title;
        plot.Axes.SetLimitsX(-0.3, xs.Length - 0.7);
        // Head room above the lines for the legend (upper left).
        plot.Axes.SetLimitsY(0, points.Max(p => p.ThroughputPerSecond) * 1.6, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, points.Max(p => p.P99Ms / 1000) * 1.2, plot.Axes.Right);
        plot.ShowLegend(Alignment.UpperLeft);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (path.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            plot.SavePng(path, 800, 450);
        }
        else
        {
            plot.SaveSvg(path, 800, 450);
        }
    }
}
