using Temporalio.Common;
using Temporalio.Workflows;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Saga;

public enum StepMode
{
    Normal,
    Optional,
    Local,
}

public sealed record EngineStep(string Name, StepMode Mode = StepMode.Normal, bool Fail = false, int UndoFailures = 0);

public sealed record EngineTestInput(
    IReadOnlyList<EngineStep> Steps,
    bool Parallel = false,
    TimeSpan? Deadline = null,
    bool WaitForRelease = false,
    bool FastCompensationRetries = true);

/// <summary>A saga made of configurable steps over <see cref="FakeStepActivities"/>: exercises the engine alone.</summary>
[Workflow]
public class EngineTestWorkflow
{
    private readonly SagaEngine saga;
    private bool released;

    [WorkflowInit]
    public EngineTestWorkflow(EngineTestInput input) => saga = new("EngineTest", new SagaOptions
    {
        Deadline = input.Deadline,
        ParallelCompensation = input.Parallel,
        CompensationRetryPolicy = input.FastCompensationRetries
            ? new RetryPolicy { MaximumAttempts = 5, InitialInterval = TimeSpan.FromMilliseconds(10), BackoffCoefficient = 1 }
            : new SagaOptions().CompensationRetryPolicy,
        Steps = StepOptions.Default with { RetryPolicy = new RetryPolicy { MaximumAttempts = 2, InitialInterval = TimeSpan.FromMilliseconds(10) } },
    });

    [WorkflowQuery]
    public SagaState GetState() => saga.State;

    [WorkflowUpdateValidator(nameof(ResolveManualReviewAsync))]
    public void ValidateResolveManualReview(ReviewDecision decision) => saga.ValidateReview(decision);

    [WorkflowUpdate]
    public Task<ReviewAnswer> ResolveManualReviewAsync(ReviewDecision decision) => saga.ResolveReviewAsync(decision);

    [WorkflowSignal("ResolveManualReview")]
    public Task ResolveManualReviewSignalAsync(ReviewDecision decision) => saga.SignalReviewAsync(decision);

    [WorkflowSignal]
    public Task ReleaseAsync()
    {
        released = true;
        return Task.CompletedTask;
    }

    [WorkflowRun]
    public async Task<SagaState> RunAsync(EngineTestInput input)
    {
        await saga.RunAsync(
            async s =>
            {
                foreach (var step in input.Steps)
                {
                    await RunStepAsync(s, step);
                }

                if (input.WaitForRelease)
                {
                    await s.WaitForAsync("AWAIT_RELEASE", () => released);
                }

                return true;
            },
            _ => false);
        return saga.State;
    }

    private static async Task RunStepAsync(SagaEngine s, EngineStep step)
    {
        Func<StepContext, Task<string>> action = ctx =>
            ctx.RunAsync((FakeStepActivities a) => a.DoAsync(new(step.Name, ctx.IdempotencyKey, step.Fail)));
        Func<StepContext, Task<string>> undo = ctx =>
            ctx.RunAsync((FakeStepActivities a) => a.UndoAsync(new(step.Name, ctx.IdempotencyKey, step.UndoFailures)));
        switch (step.Mode)
        {
            case StepMode.Optional:
                await s.OptionalStepAsync(step.Name, action, undo);
                break;
            case StepMode.Local:
                await s.StepAsync(step.Name, action, undo, stepOptions: StepOptions.Default with { Local = true });
                break;
            default:
                await s.StepAsync(step.Name, action, undo);
                break;
        }
    }
}
