using System.Collections.Concurrent;
using Temporalio.Runtime;

namespace TemporalSagas.Tests.Workflows.Saga;

/// <summary>A custom metric meter for a test runtime: sums every counter by name and tag set.</summary>
public sealed class RecordingMetricMeter : ICustomMetricMeter
{
    private readonly ConcurrentQueue<(string Name, long Value, IReadOnlyDictionary<string, object> Tags)> counts = new();

    /// <summary>The sum of counter <paramref name="name"/> over the points whose tags include <paramref name="tag"/>.</summary>
    public long Total(string name, KeyValuePair<string, object> tag) =>
        counts.Where(c => c.Name == name && c.Tags.TryGetValue(tag.Key, out var v) && Equals(v, tag.Value)).Sum(c => c.Value);

    public ICustomMetricCounter<T> CreateCounter<T>(string name, string? unit, string? description)
        where T : struct => new Counter<T>(this, name);

    public ICustomMetricHistogram<T> CreateHistogram<T>(string name, string? unit, string? description)
        where T : struct => new Ignored<T>();

    public ICustomMetricGauge<T> CreateGauge<T>(string name, string? unit, string? description)
        where T : struct => new Ignored<T>();

    public object CreateTags(object? appendFrom, IReadOnlyCollection<KeyValuePair<string, object>> tags)
    {
        var all = appendFrom is Dictionary<string, object> parent ? new Dictionary<string, object>(parent) : [];
        foreach (var (key, value) in tags)
        {
            all[key] = value;
        }

        return all;
    }

    private sealed class Counter<T>(RecordingMetricMeter meter, string name) : ICustomMetricCounter<T>
        where T : struct
    {
        public void Add(T value, object tags) =>
            meter.counts.Enqueue((name, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), (Dictionary<string, object>)tags));
    }

    private sealed class Ignored<T> : ICustomMetricHistogram<T>, ICustomMetricGauge<T>
        where T : struct
    {
        public void Record(T value, object tags)
        {
        }

        public void Set(T value, object tags)
        {
        }
    }
}
