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

    protected async Task RunWorkerAsync<TWorkflow>(object activities, Func<string, Task> test)
    {
        var taskQueue = NewTaskQueue();
        using var worker = new TemporalWorker(
            Client,
            new TemporalWorkerOptions(taskQueue).AddWorkflow<TWorkflow>().AddAllActivities(activities.GetType(), activities));
        await worker.ExecuteAsync(() => test(taskQueue));
    }

    protected static Task<SagaState> WaitForStatusAsync(WorkflowHandle handle, SagaStatus status) =>
        SagaPolling.WaitForStatusAsync(handle, status, TimeSpan.FromSeconds(30));

    protected static async Task<string?> SearchAttributeAsync(WorkflowHandle handle, Temporalio.Common.SearchAttributeKey<string> key)
    {
        var description = await handle.DescribeAsync();
        return description.TypedSearchAttributes.TryGetValue(key, out var value) ? value : null;
    }
}
