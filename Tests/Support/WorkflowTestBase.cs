using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Client;
using Temporalio.Worker;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Support;

/// <summary>Runs a worker with the given workflow and activity doubles on a fresh task queue per test.</summary>
public abstract class WorkflowTestBase(TimeSkippingFixture fixture)
{
    protected Temporalio.Testing.WorkflowEnvironment Env => fixture.Env;

    protected ITemporalClient Client => fixture.Env.Client;

    protected static string NewTaskQueue() => $"tq-{Guid.NewGuid()}";

    /// <param name="cacheWorkflows">False for a worker that stops while its workflows go on: with no cache there is
    /// no sticky task queue, so the next workflow task goes to the task queue another worker polls.</param>
    protected Task RunWorkerAsync<TWorkflow>(
        object activities, Func<string, Task> test, string? taskQueue = null, bool cacheWorkflows = true) =>
        RunWorkerAsync<TWorkflow>(Client, activities, test, taskQueue, cacheWorkflows);

    protected static async Task RunWorkerAsync<TWorkflow>(
        ITemporalClient client, object activities, Func<string, Task> test, string? taskQueue = null, bool cacheWorkflows = true)
    {
        taskQueue ??= NewTaskQueue();
        var options = new TemporalWorkerOptions(taskQueue)
        {
            // Heartbeats reach the server every 200 ms whatever an activity's heartbeat timeout: a cancel reaches a
            // slow fake call at once, and no heartbeat timeout needs to be set so short that a busy machine trips it.
            MaxHeartbeatThrottleInterval = TimeSpan.FromMilliseconds(200),
        }.AddWorkflow<TWorkflow>().AddAllActivities(activities.GetType(), activities);
        if (!cacheWorkflows)
        {
            options.MaxCachedWorkflows = 0;
        }

        using var worker = new TemporalWorker(client, options);
        await worker.ExecuteAsync(() => test(taskQueue));
    }

    protected static Task<SagaState> WaitForStatusAsync(WorkflowHandle handle, SagaStatus status) =>
        SagaPolling.WaitForStatusAsync(handle, status, TimeSpan.FromSeconds(30));

    /// <summary>Polls the saga's GetState query until <paramref name="condition"/> holds.</summary>
    protected static async Task<SagaState> WaitForAsync(WorkflowHandle handle, Func<SagaState, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        SagaState state;
        while (!condition(state = await handle.QueryAsync<SagaState>("GetState", [])))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"saga {handle.Id} never reached the expected state; it is {state.Status}");
            }

            await Task.Delay(50);
        }

        return state;
    }

    protected static async Task<string?> SearchAttributeAsync(WorkflowHandle handle, Temporalio.Common.SearchAttributeKey<string> key)
    {
        var description = await handle.DescribeAsync();
        return description.TypedSearchAttributes.TryGetValue(key, out var value) ? value : null;
    }

    protected static async Task<IReadOnlyList<HistoryEvent>> EventsAsync(WorkflowHandle handle, EventType type) =>
        (await handle.FetchHistoryAsync()).Events.Where(e => e.EventType == type).ToList();

    /// <summary>Activity types the workflow scheduled on the server, in order.</summary>
    protected static async Task<IReadOnlyList<string>> ScheduledActivitiesAsync(WorkflowHandle handle) =>
        (await EventsAsync(handle, EventType.ActivityTaskScheduled))
            .Select(e => e.ActivityTaskScheduledEventAttributes.ActivityType.Name).ToList();

    /// <summary>Activity types run as local activities (recorded as markers), in order.</summary>
    protected static async Task<IReadOnlyList<string>> LocalActivitiesAsync(WorkflowHandle handle) =>
        (await EventsAsync(handle, EventType.MarkerRecorded))
            .Where(e => e.MarkerRecordedEventAttributes.MarkerName == "core_local_activity")
            .Select(e => LocalActivityType(e.MarkerRecordedEventAttributes))
            .ToList();

    // The SDK core records a local activity's type in the marker's "data" payload (JSON).
    private static string LocalActivityType(MarkerRecordedEventAttributes marker)
    {
        using var data = System.Text.Json.JsonDocument.Parse(marker.Details["data"].Payloads_[0].Data.ToByteArray());
        return data.RootElement.GetProperty("activity_type").GetString()!;
    }
}
