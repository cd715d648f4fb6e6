using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.Workflows.Saga;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Support;

/// <summary>
/// Sagas on the end-to-end dev server that stop at a forward step and wait for an operator: <see cref="EngineTestWorkflow"/>
/// over <see cref="FakeStepActivities"/>, served by a worker of the test's own on a task queue of its own. The real engine
/// decides, validates and records everything; the double only makes the step's first run run out of retries and its
/// retry after the review succeed, which no product saga's fault plan can do on demand.
/// </summary>
public sealed class StuckStepSagas(DevServerFixture fixture)
{
    /// <summary>The step that waits: its failure policy is <see cref="FailurePolicy.ReviewWhenStuck"/>.</summary>
    public const string StuckStep = "BOOK_CARRIER";

    public const string PivotStep = "CHARGE_CARD";

    private readonly FakeStepActivities activities = new();
    private readonly string taskQueue = $"stuck-{Guid.NewGuid():N}";
    private readonly List<WorkflowHandle> started = [];

    public FakeStepActivities Activities => activities;

    /// <summary>Runs <paramref name="test"/> beside the worker; sagas it left waiting are terminated afterwards.</summary>
    public async Task RunAsync(Func<Task> test)
    {
        var options = new TemporalWorkerOptions(taskQueue)
            .AddWorkflow<EngineTestWorkflow>()
            .AddAllActivities(activities);
        using var worker = new TemporalWorker(fixture.Client, options);
        await worker.ExecuteAsync(async () =>
        {
            try
            {
                await test();
            }
            finally
            {
                foreach (var handle in started)
                {
                    try
                    {
                        await handle.TerminateAsync("test finished");
                    }
                    catch (RpcException)
                    {
                        // It has closed.
                    }
                }
            }
        });
    }

    /// <summary>Starts a saga RESERVE → (the pivot, when <paramref name="pastPivot"/>) → the stuck step → NOTIFY and
    /// waits until it awaits review of the stuck step (both attempts of its first run fail).</summary>
    public async Task<WorkflowHandle<EngineTestWorkflow, SagaState>> StartStuckAsync(string workflowId, bool pastPivot = false)
    {
        activities.TransientFailures[StuckStep] = 2;
        IReadOnlyList<EngineStep> steps = pastPivot
            ? [new("RESERVE"), new(PivotStep, Pivot: true), new(StuckStep), new("NOTIFY")]
            : [new("RESERVE"), new(StuckStep, Policy: FailurePolicy.ReviewWhenStuck), new("NOTIFY")];
        var handle = await fixture.Client.StartWorkflowAsync(
            (EngineTestWorkflow wf) => wf.RunAsync(new EngineTestInput(steps)), new WorkflowOptions(workflowId, taskQueue));
        started.Add(handle);
        await SagaPolling.WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired, TimeSpan.FromSeconds(60));
        return handle;
    }
}
