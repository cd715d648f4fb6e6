using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Cli;

/// <summary>How a wait for a flight saga ended: a result, a saga awaiting review, or a failed workflow.</summary>
public sealed record FlightSagaOutcome(FlightBookingResult? Result, SagaState? AwaitingReview, string? WorkflowError)
{
    public bool Success => Result?.Success == true;
}
