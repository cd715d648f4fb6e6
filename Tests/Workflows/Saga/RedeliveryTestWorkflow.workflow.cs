using Temporalio.Common;
using Temporalio.Workflows;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Saga;

/// <param name="HeartbeatSeconds">The step's HeartbeatTimeout (a step that calls an outside system).</param>
/// <param name="UndoSlowSeconds">Real seconds its undo takes, without heartbeating.</param>
public sealed record RedeliveryStep(
    string Name,
    bool Local = false,
    string? BusinessError = null,
    int BusinessErrorOnAttempt = 1,
    double HeartbeatSeconds = 0,
    double UndoSlowSeconds = 0);

public sealed record RedeliveryTestInput(IReadOnlyList<RedeliveryStep> Steps, TimeSpan? CompensationRetryBudget = null);

/// <summary>A saga of <see cref="RedeliveryFakeActivities"/> steps, each with a check and an undo: the engine's
/// reading of failures on redelivery and its options for compensations.</summary>
[Workflow]
public class RedeliveryTestWorkflow
{
    public const string SagaType = "RedeliveryTest";

    private readonly SagaEngine saga;

    [WorkflowInit]
    public RedeliveryTestWorkflow(RedeliveryTestInput input)
    {
        var defaults = new SagaOptions();
        saga = new(SagaType, defaults with
        {
            CompensationRetryBudget = input.CompensationRetryBudget ?? defaults.CompensationRetryBudget,
            CompensationRetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(100), MaximumInterval = TimeSpan.FromSeconds(1) },
        });
    }

    [WorkflowQuery]
    public SagaState GetState() => saga.State;

    [WorkflowRun]
    public async Task<SagaState> RunAsync(RedeliveryTestInput input)
    {
        await saga.RunAsync(
            async s =>
            {
                foreach (var step in input.Steps)
                {
                    await RunStepAsync(s, step);
                }

                return true;
            },
            _ => false);
        return saga.State;
    }

    private static Task<string> RunStepAsync(SagaEngine s, RedeliveryStep step)
    {
        var options = StepOptions.Default with
        {
            Local = step.Local,
            HeartbeatTimeout = step.HeartbeatSeconds > 0 ? TimeSpan.FromSeconds(step.HeartbeatSeconds) : null,
            RetryPolicy = new RetryPolicy { MaximumAttempts = 3, InitialInterval = TimeSpan.FromMilliseconds(10) },
        };
        return s.StepAsync(
            step.Name,
            ctx => ctx.RunAsync(
                (RedeliveryFakeActivities a) => a.RedeliveredDoAsync(new(step.Name, ctx.IdempotencyKey, step.BusinessError, step.BusinessErrorOnAttempt))),
            ctx => ctx.RunAsync(
                (RedeliveryFakeActivities a) => a.RedeliveredUndoAsync(new(step.Name, ctx.IdempotencyKey, ctx.StepKey, step.UndoSlowSeconds))),
            ctx => ctx.RunAsync((RedeliveryFakeActivities a) => a.RedeliveredCheckAsync(new(step.Name, ctx.StepKey))),
            options);
    }
}
