using Temporalio.Client;

namespace TemporalSagas.Tests.Support;

/// <summary>
/// The workflows started on a task queue, read from visibility once it has caught up: a sentinel workflow is started
/// on the queue last, and the list is read when the sentinel shows in it (the dev server writes visibility in order),
/// so "nothing was started" is not one read that may simply be early.
/// </summary>
public static class StartedWorkflows
{
    private const string SentinelPrefix = "visibility-sentinel-";

    public static Task<IReadOnlyList<string>> OnTaskQueueAsync(ITemporalClient client, string taskQueue, TimeSpan? timeout = null) =>
        ListAsync(client, $"TaskQueue = '{taskQueue}'", taskQueue, timeout);

    /// <summary>Every workflow of the namespace started since <paramref name="since"/>, whatever its task queue.</summary>
    /// <remarks>No slack before <paramref name="since"/>: the dev server runs on this machine's clock, and a second of
    /// slack counted the workflows the collection's previous test started in its last second.</remarks>
    public static Task<IReadOnlyList<string>> SinceAsync(ITemporalClient client, DateTime since, TimeSpan? timeout = null) =>
        ListAsync(client, $"StartTime >= '{since:yyyy-MM-ddTHH:mm:ss.fffZ}'", $"sentinel-{Guid.NewGuid():N}", timeout);

    private static async Task<IReadOnlyList<string>> ListAsync(ITemporalClient client, string query, string taskQueue, TimeSpan? timeout)
    {
        var sentinel = await client.StartWorkflowAsync("VisibilitySentinel", [], new WorkflowOptions($"{SentinelPrefix}{Guid.NewGuid():N}", taskQueue));
        try
        {
            var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
            while (true)
            {
                var ids = new List<string>();
                await foreach (var w in client.ListWorkflowsAsync(query))
                {
                    ids.Add(w.Id);
                }

                if (ids.Contains(sentinel.Id))
                {
                    return ids.Where(id => !id.StartsWith(SentinelPrefix, StringComparison.Ordinal)).ToList();
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"visibility never listed the sentinel {sentinel.Id} on {taskQueue}");
                }

                await Task.Delay(100);
            }
        }
        finally
        {
            await sentinel.TerminateAsync("visibility sentinel");
        }
    }
}
