using System.Collections.ObjectModel;
using System.Diagnostics;

namespace TemporalSagas.Tests.Operations;

/// <summary>What the in-memory exporter receives, safe to fill from several threads (activities end in parallel).</summary>
public sealed class SpanLog : Collection<Activity>
{
    private readonly Lock gate = new();

    public IReadOnlyList<Activity> Snapshot()
    {
        lock (gate)
        {
            return [.. Items];
        }
    }

    protected override void InsertItem(int index, Activity item)
    {
        lock (gate)
        {
            base.InsertItem(index, item);
        }
    }

    protected override void ClearItems()
    {
        lock (gate)
        {
            base.ClearItems();
        }
    }
}
