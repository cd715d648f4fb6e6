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

/// <param name="SlowSeconds">Real seconds the action takes in an outside call that ignores cancellation.</param>
/// <param name="TimeoutSeconds">The action's StartToClose timeout, one attempt only (default: the saga's step options).</param>
/// <param name="UndoFailuresRetryable">Whether the first <paramref name="UndoFailures"/> undo calls fail retryably.</param>
public sealed record EngineStep(
    string Name,
    StepMode Mode = StepMode.Normal,
    bool Fail = false,
    int UndoFailures = 0,
    bool UndoFailuresRetryable = false,
    double SlowSeconds = 0,
    SlowEffect SlowEffect = SlowEffect.AfterWait,
    double? TimeoutSeconds = null,
    double UndoSlowSeconds = 0,
    FailurePolicy? Policy = null,
    bool Pivot = false);

/// <param name="CompensationRetryBudget">Overrides the engine's default budget (4 h).</param>
/// <param name="ValidateSeconds">When set, the saga validates its input first with a local activity taking this
/// many real seconds (and finding no problem).</param>
public sealed record EngineTestInput(
    IReadOnlyList<EngineStep> Steps,
    bool Parallel = false,
    TimeSpan? Deadline = null,
    bool WaitForRelease = false,
    TimeSpan? CompensationRetryBudget = null,
    CompensationFailureMode FailureMode = CompensationFailureMode.ContinueAfterFailure,
    double? ValidateSeconds = null);

/// <summary>A saga made of configurable steps over <see cref="FakeStepActivities"/>: exercises the engine alone.
/// Compensations use the engine's default retry policy.</summary>
[Workflow]
public class EngineTestWorkflow
{
    public const string SagaType = "EngineTest";

    private static readonly StepOptions Steps = StepOptions.Default with
    {
        RetryPolicy = new RetryPolicy { MaximumAttempts = 2, InitialInterval = TimeSpan.FromMilliseconds(10) },
    };

    private readonly SagaEngine saga;
    private bool released;

    [WorkflowInit]
    public EngineTestWorkflow(EngineTestInput input)
    {
        var defaults = new SagaOptions();
        saga = new(SagaType, defaults with
        {
            Deadline = input.Deadline,
            ParallelCompensation = input.Parallel,
            Steps = Steps,
            CompensationRetryBudget = input.CompensationRetryBudget ?? defaults.CompensationRetryBudget,
            CompensationFailureMode = input.FailureMode,
        });
    }

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
            _ => false,
            input.ValidateSeconds is { } seconds
                ? () => Workflow.ExecuteLocalActivityAsync(
                    (FakeStepActivities a) => a.ValidateAsync(seconds),
                    new LocalActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(30) })
                : null);
        return saga.State;
    }

    private static async Task RunStepAsync(SagaEngine s, EngineStep step)
    {
        Func<StepContext, Task<string>> action = ctx => ctx.RunAsync(
            (FakeStepActivities a) => a.DoAsync(new(step.Name, ctx.IdempotencyKey, step.Fail, step.SlowSeconds, step.SlowEffect)));
        Func<StepContext, Task<string>> undo = ctx => ctx.RunAsync(
            (FakeStepActivities a) => a.UndoAsync(new(
                step.Name, ctx.IdempotencyKey, ctx.StepKey, step.UndoFailures, step.UndoFailuresRetryable, step.UndoSlowSeconds)));
        Func<StepContext, Task<bool>> check = ctx => ctx.RunAsync((FakeStepActivities a) => a.CheckAsync(new(step.Name, ctx.StepKey)));
        var options = OptionsFor(step);
        switch (step.Mode)
        {
            case StepMode.Optional:
                await s.OptionalStepAsync(step.Name, action, undo, check, options);
                break;
            default:
                await s.StepAsync(step.Name, action, undo, check, options);
                break;
        }
    }

    private static StepOptions OptionsFor(EngineStep step)
    {
        var options = Steps with { Local = step.Mode == StepMode.Local, Failures = step.Policy ?? FailurePolicy.Default, Pivot = step.Pivot };
        if (step.SlowSeconds > 0)
        {
            // The slow call heartbeats, so a cancel reaches it. The test worker flushes heartbeats every 200 ms, so the
            // timeout only has to catch a lost worker; 1 s (flushes at 800 ms) tripped on a busy CI machine.
            options = options with { HeartbeatTimeout = TimeSpan.FromSeconds(10) };
        }

        if (step.TimeoutSeconds is { } timeout)
        {
            options = options with
            {
                StartToCloseTimeout = TimeSpan.FromSeconds(timeout),
                RetryPolicy = new RetryPolicy { MaximumAttempts = 1 },
            };
        }

        return options;
    }
}
