using TemporalSagas.Activities.Orders;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Workflows.Orders;

/// <param name="FailureReason">Why the order was not fulfilled, as in the projection: <c>timeout</c>,
/// <c>prescription_rejected</c>, <c>out_of_stock</c>, ... (the error type in lower case).</param>
public sealed record OrderFulfillmentResult(
    bool Success,
    string OrderId,
    string SagaId,
    SagaStatus Status,
    string? TrackingNumber,
    int StepsCompleted,
    IReadOnlyList<StepRecord> SagaLog,
    string? FailedStep = null,
    string? Error = null,
    string? ErrorType = null,
    string? FailureReason = null,
    CompensationSummary? CompensationResult = null)
{
    public static OrderFulfillmentResult Fulfilled(SagaState state, string orderId, ShipmentInitiated shipment) => new(
        true, orderId, state.SagaId, SagaStatus.Completed, shipment.TrackingNumber, state.StepsCompleted, state.Steps);

    public static OrderFulfillmentResult FromFailure(SagaState state, string orderId) => new(
        false, orderId, state.SagaId, state.Status, null, state.StepsCompleted, state.Steps, state.FailedStep, state.Error,
        state.ErrorType, FailureReasonOf(state), state.Compensation);

    public static string FailureReasonOf(SagaState state) => state.Status switch
    {
        SagaStatus.TimedOut => "timeout",
        SagaStatus.Cancelled => "cancelled",
        _ => state.ErrorType?.ToLowerInvariant() ?? "failed",
    };
}
