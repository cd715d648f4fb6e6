using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Client;

public enum SagaEnd
{
    /// <summary>The workflow returned a result (the saga completed, compensated, resolved or timed out).</summary>
    Finished,

    /// <summary>The saga waits for an operator; the caller stopped waiting.</summary>
    AwaitingReview,

    /// <summary>The workflow failed (e.g. <c>INVALID_INPUT</c>: the saga was rejected), was terminated or timed out.</summary>
    Failed,

    /// <summary>The workflow was cancelled; the saga compensated first.</summary>
    Cancelled,
}

/// <summary>How a wait for a saga ended, with its last known state (GetState) when the worker could answer.</summary>
public sealed record SagaOutcome<TResult>(
    string WorkflowId, SagaEnd End, TResult? Result, SagaState? State, string? Error = null, string? ErrorType = null)
{
    public SagaStatus? Status => State?.Status;
}
