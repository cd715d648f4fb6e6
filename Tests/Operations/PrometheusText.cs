using System.Globalization;
using System.Text.RegularExpressions;

namespace TemporalSagas.Tests.Operations;

/// <summary>Reads a Prometheus text exposition (the worker's /metrics).</summary>
public sealed partial class PrometheusText(string text)
{
    public string Text => text;

    /// <summary>Every series name the endpoint exports: declared metrics, histograms with their _bucket/_sum/_count.</summary>
    public IReadOnlySet<string> Names =>
        TypeLine().Matches(text)
            .SelectMany(m => m.Groups[2].Value == "histogram"
                ? new[] { m.Groups[1].Value, $"{m.Groups[1].Value}_bucket", $"{m.Groups[1].Value}_sum", $"{m.Groups[1].Value}_count" }
                : [m.Groups[1].Value])
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels include saga_type=<paramref name="sagaType"/>
    /// (and <paramref name="label"/> when given); null when there is no such sample.</summary>
    public double? Sum(string name, string sagaType, string? label = null)
    {
        var samples = Sample().Matches(text)
            .Where(m => m.Groups[1].Value == name
                && m.Groups[2].Value.Contains($"saga_type=\"{sagaType}\"", StringComparison.Ordinal)
                && (label is null || m.Groups[2].Value.Contains(label, StringComparison.Ordinal)))
            .Select(m => double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture))
            .ToList();
        return samples.Count == 0 ? null : samples.Sum();
    }

    /// <summary>The label names of the samples of <paramref name="name"/> for saga_type=<paramref name="sagaType"/>
    /// (every sample's; a metric whose samples differ in their label names has more than any one).</summary>
    public IReadOnlySet<string> LabelNames(string name, string sagaType) =>
        Sample().Matches(text)
            .Where(m => m.Groups[1].Value == name && m.Groups[2].Value.Contains($"saga_type=\"{sagaType}\"", StringComparison.Ordinal))
            .SelectMany(m => LabelName().Matches(m.Groups[2].Value).Select(l => l.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The saga and Temporal metric names an expression (PromQL) refers to (label names such as
    /// <c>saga_type</c> in <c>by (...)</c> and <c>{...}</c> left out).</summary>
    public static IEnumerable<string> MetricsIn(string expression) =>
        MetricName().Matches(Labels().Replace(expression, " ")).Select(m => m.Value).Distinct();

    [GeneratedRegex(@"^# TYPE (\S+) (\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)\{([^}]*)\} (\S+)", RegexOptions.Multiline)]
    private static partial Regex Sample();

    [GeneratedRegex(@"(?:^|,)([a-zA-Z_][a-zA-Z0-9_]*)=""")]
    private static partial Regex LabelName();

    [GeneratedRegex(@"\{[^}]*\}|\b(?:by|without)\s*\([^)]*\)")]
    private static partial Regex Labels();

    [GeneratedRegex(@"\b(?:saga|temporal)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();
}
