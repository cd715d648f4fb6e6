using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Demo;

public sealed record DemoOutcome(
    string Scenario,
    string WorkflowId,
    SagaStatus Expected,
    SagaStatus? Status,
    int StepsCompleted,
    IReadOnlyList<string> Compensations,
    string? FailedStep,
    string? Error,
    bool ReviewResolved,
    double Seconds,
    string WebUi)
{
    public bool AsExpected => Status == Expected;
}
