using Temporalio.Client;

namespace TemporalSagas.Tests.Support;

/// <summary>
/// The workflows started on a task queue, read from visibility once it has caught up: a sentinel workflow is started
/// on the queue last, and the list is read when the sentinel shows in it (the dev server writes visibility in order),
/// so "nothing was started" is not one read that may simply be early.
/// </summary>
public static class StartedWorkflows
{
    public static async Task<IReadOnlyList<string>> OnTaskQueueAsync(ITemporalClient client, string taskQueue, TimeSpan? timeout = null)
    {
        var sentinel = await client.StartWorkflowAsync("VisibilitySentinel", [], new WorkflowOptions($"sentinel-{Guid.NewGuid():N}", taskQueue));
        try
        {
            var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
            while (true)
            {
                var ids = new List<string>();
                await foreach (var w in client.ListWorkflowsAsync($"TaskQueue = '{taskQueue}'"))
                {
                    ids.Add(w.Id);
                }

                if (ids.Contains(sentinel.Id))
                {
                    return ids.Where(id => id != sentinel.Id).ToList();
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
