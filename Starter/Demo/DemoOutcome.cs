using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Demo;

/// <param name="ReviewAnswer">What the saga said it would do when the demo answered its review, if it did.</param>
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
    string? ReviewAnswer,
    double Seconds,
    string WebUi)
{
    public bool AsExpected => Status == Expected;
}
