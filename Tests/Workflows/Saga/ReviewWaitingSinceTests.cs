using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Saga;

/// <summary>The one rule the inbox and the oldest-review gauge share: when the saga's review began.</summary>
public sealed class ReviewWaitingSinceTests
{
    private static readonly DateTime Start = new(2026, 12, 4, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Of_CompensationFailedAfterTheStep_IsTheCompensationsEnd()
    {
        var state = State(
            new("CONFIRM_BOOKING", StepKind.Action, StepStatus.Failed, 1, Start.AddSeconds(1), Start.AddSeconds(2)),
            new("COMPENSATE_PROCESS_PAYMENT", StepKind.Compensation, StepStatus.Failed, 1, Start.AddSeconds(2), Start.AddSeconds(5)));

        ReviewWaitingSince.Of(state).Should().Be(Start.AddSeconds(5));
    }

    [Fact]
    public void Of_ForwardStepWaitingForAnOperator_IsTheStepsEnd()
    {
        var state = State(
            new("RESERVE_INVENTORY", StepKind.Action, StepStatus.Completed, 1, Start, Start.AddSeconds(1)),
            new("INITIATE_SHIPMENT", StepKind.Action, StepStatus.Failed, 1, Start.AddSeconds(1), Start.AddSeconds(16)));

        ReviewWaitingSince.Of(state).Should().Be(Start.AddSeconds(16));
    }

    [Fact]
    public void Of_NothingFailedInTheLedger_IsTheSagasStart()
    {
        ReviewWaitingSince.Of(State(new StepRecord("A", StepKind.Action, StepStatus.Completed, 1, Start, Start.AddSeconds(1)))).Should().Be(Start);
    }

    private static SagaState State(params StepRecord[] steps) =>
        new("saga-1", "Test", SagaStatus.ManualReviewRequired, steps, Start);
}
