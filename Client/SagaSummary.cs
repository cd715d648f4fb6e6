namespace TemporalSagas.Client;

public sealed record SagaSummary(
    string WorkflowId, string WorkflowType, string? SagaType, string? SagaStatus, string? FailedStep,
    string ExecutionStatus, DateTime StartedUtc, DateTime? ClosedUtc);
