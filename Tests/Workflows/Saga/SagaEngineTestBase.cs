using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Saga;

/// <summary>Starts <see cref="EngineTestWorkflow"/> sagas on the shared time-skipping server.</summary>
public abstract class SagaEngineTestBase(TimeSkippingFixture fixture) : WorkflowTestBase(fixture)
{
    protected static readonly ReviewDecision Retry = new(ReviewAction.RetryCompensations, "ops-jane", "provider back up");

    private readonly List<WorkflowHandle> started = [];

    /// <summary>
    /// Runs <paramref name="test"/> beside a worker, then terminates the sagas it left running (waiting for review):
    /// the server is shared, and a later test's time skip would fire their timers with no worker to take the
    /// workflow task, which stops the server's clock.
    /// </summary>
    protected Task RunEngineAsync(FakeStepActivities acts, Func<string, Task> test, string? taskQueue = null) =>
        RunWorkerAsync<EngineTestWorkflow>(acts, async tq =>
        {
            try
            {
                await test(tq);
            }
            finally
            {
                await TerminateRunningAsync();
            }
        },
        taskQueue);

    protected async Task<WorkflowHandle<EngineTestWorkflow, SagaState>> StartAsync(
        string taskQueue, EngineTestInput input, string? workflowId = null, Temporalio.Common.SearchAttributeCollection? searchAttributes = null)
    {
        var handle = await Client.StartWorkflowAsync(
            (EngineTestWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(workflowId ?? $"engine-{Guid.NewGuid()}", taskQueue) { TypedSearchAttributes = searchAttributes });
        started.Add(handle);
        return handle;
    }

    protected static Task<SagaState> StateAsync(WorkflowHandle<EngineTestWorkflow, SagaState> handle) =>
        handle.QueryAsync(wf => wf.GetState());

    private async Task TerminateRunningAsync()
    {
        foreach (var handle in started)
        {
            if ((await handle.DescribeAsync()).Status == Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running)
            {
                try
                {
                    await handle.TerminateAsync("test finished");
                }
                catch (RpcException)
                {
                    // It closed in between.
                }
            }
        }
    }
}
