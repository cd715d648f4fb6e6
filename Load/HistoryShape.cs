using Google.Protobuf;
using Google.Protobuf.Reflection;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Client;
using Temporalio.Common;

namespace TemporalSagas.Load;

/// <summary>What one workflow of a run cost the server in history: its events by kind, its workflow tasks, and its
/// bytes (the whole history, and the payloads in it). Read from a few closed workflows of the run; they all take the
/// same path, so the figures are per saga.</summary>
/// <param name="Sampled">How many closed workflows the figures are the median of.</param>
/// <param name="Events">History events per workflow.</param>
/// <param name="WorkflowTasks">Workflow tasks completed per workflow (each is a round trip worker ↔ server).</param>
/// <param name="ActivityTasks">Activities scheduled on the server (regular activities).</param>
/// <param name="Markers">Marker events: one per local activity.</param>
/// <param name="Upserts">Search-attribute and memo upserts.</param>
/// <param name="HistoryBytes">The history's events, protobuf-encoded.</param>
/// <param name="PayloadBytes">The payloads in it (inputs, results, details, markers' data), data and metadata.</param>
/// <param name="EventTypes">Every event type and how many of it, for the event-by-event comparison.</param>
public sealed record HistoryShape(
    int Sampled,
    int Events,
    int WorkflowTasks,
    int ActivityTasks,
    int Markers,
    int Upserts,
    long HistoryBytes,
    long PayloadBytes,
    IReadOnlyDictionary<string, int> EventTypes)
{
    /// <summary>The shape of up to <paramref name="samples"/> completed workflows on <paramref name="taskQueue"/>; null when none
    /// is found (visibility is behind, or nothing completed).</summary>
    public static async Task<HistoryShape?> OfAsync(ITemporalClient client, string taskQueue, int samples, CancellationToken cancellationToken)
    {
        var histories = new List<WorkflowHistory>();
        var query = $"TaskQueue = '{taskQueue}' AND ExecutionStatus = 'Completed'";
        await foreach (var execution in client.ListWorkflowsAsync(query, new() { Limit = samples, Rpc = new() { CancellationToken = cancellationToken } }))
        {
            histories.Add(await client.GetWorkflowHandle(execution.Id, execution.RunId)
                .FetchHistoryAsync(new() { Rpc = new() { CancellationToken = cancellationToken } }));
        }

        return histories.Count == 0 ? null : Of(histories);
    }

    public static HistoryShape Of(IReadOnlyList<WorkflowHistory> histories)
    {
        int Median(Func<IReadOnlyCollection<HistoryEvent>, int> f) => (int)Percentiles.Of([.. histories.Select(h => (double)f(h.Events)).Order()], 50);
        long MedianBytes(Func<IReadOnlyCollection<HistoryEvent>, long> f) => (long)Percentiles.Of([.. histories.Select(h => (double)f(h.Events)).Order()], 50);
        int Count(IReadOnlyCollection<HistoryEvent> events, params EventType[] types) => events.Count(e => types.Contains(e.EventType));

        var first = histories[0].Events;
        return new HistoryShape(
            histories.Count,
            Median(e => e.Count),
            Median(e => Count(e, EventType.WorkflowTaskCompleted)),
            Median(e => Count(e, EventType.ActivityTaskScheduled)),
            Median(e => Count(e, EventType.MarkerRecorded)),
            Median(e => Count(e, EventType.UpsertWorkflowSearchAttributes, EventType.WorkflowPropertiesModified)),
            MedianBytes(e => e.Sum(ev => (long)ev.CalculateSize())),
            MedianBytes(e => e.Sum(ev => PayloadBytesIn(ev))),
            first.GroupBy(e => e.EventType.ToString()).OrderBy(g => g.Min(e => e.EventId)).ToDictionary(g => g.Key, g => g.Count()));
    }

    /// <summary>The bytes of every <see cref="Payload"/> anywhere in <paramref name="message"/>, found through the
    /// protobuf descriptors (payloads sit in a dozen attribute types at different depths).</summary>
    private static long PayloadBytesIn(IMessage message)
    {
        if (message is Payload payload)
        {
            return payload.Data.Length + payload.Metadata.Sum(m => m.Key.Length + m.Value.Length);
        }

        long total = 0;
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            if (field.FieldType != FieldType.Message)
            {
                continue;
            }

            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                foreach (var entry in (System.Collections.IDictionary)value)
                {
                    if (((System.Collections.DictionaryEntry)entry).Value is IMessage m)
                    {
                        total += PayloadBytesIn(m);
                    }
                }
            }
            else if (field.IsRepeated)
            {
                foreach (var item in (System.Collections.IEnumerable)value)
                {
                    if (item is IMessage m)
                    {
                        total += PayloadBytesIn(m);
                    }
                }
            }
            else if (value is IMessage m)
            {
                total += PayloadBytesIn(m);
            }
        }

        return total;
    }
}
