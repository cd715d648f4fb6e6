using Spectre.Console;
using TemporalSagas.Starter.Rendering;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Starter;

/// <summary>What <c>saga status</c> prints of the ledger: the pivot's row, and each review decision in words.</summary>
public sealed class SagaStateViewTests
{
    private static readonly DateTime At = new(2026, 12, 4, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Write_RetriedShipment_MarksThePivotAndNamesTheRetriedStep()
    {
        var state = new SagaState(
            "order-o-1", "OrderFulfillment", SagaStatus.Completed,
            [
                new("INITIATE_SHIPMENT", StepKind.Action, StepStatus.Failed, 1, At, At, "carrier down", "PROVIDER_DOWN", UndoOutcomes.Unknown),
                new("INITIATE_SHIPMENT", StepKind.Action, StepStatus.Completed, 2, At, At, Outcome: StepOutcomes.Pivot),
            ],
            At,
            At,
            Reviews: [new(ReviewAction.RetryStep, "ops-cy", "carrier back", At, "INITIATE_SHIPMENT")]);

        var text = Render(state);

        text.Should().Contain("Completed (pivot)").And.Contain("retry step INITIATE_SHIPMENT").And.Contain("ops-cy");
        text.Should().NotContain("retry compensations");
        text.Split('\n').Count(l => l.Contains("(pivot)", StringComparison.Ordinal)).Should().Be(1, "only the completed run is the pivot");
    }

    [Theory]
    [InlineData(ReviewAction.SkipCompensation, "COMPENSATE_RESERVE_SEAT", "skip (undone by hand) COMPENSATE_RESERVE_SEAT")]
    [InlineData(ReviewAction.Compensate, null, "compensate")]
    [InlineData(ReviewAction.MarkResolved, null, "marked resolved")]
    [InlineData(ReviewAction.RetryCompensations, null, "retry compensations")]
    public void Write_EachDecision_IsPrintedInWords(ReviewAction action, string? step, string words)
    {
        var state = new SagaState(
            "flight-booking-1", "FlightBooking", SagaStatus.Resolved, [], At, At, Reviews: [new(action, "ops-cy", "why", At, step)]);

        Render(state).Should().Contain(words).And.NotContain(action.ToString());
    }

    private static string Render(SagaState state)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        SagaStateView.Write(console, state);
        return writer.ToString();
    }
}
