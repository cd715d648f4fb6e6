namespace TemporalSagas.Activities.Orders.Data;

/// <summary>
/// The <c>order_fulfillment_sagas</c> projection: one row per order, computed from its domain events only
/// (<see cref="Events.OrderProjection"/>), so it can be rebuilt from them at any time.
/// </summary>
public class OrderFulfillmentSaga
{
    public required string OrderId { get; set; }

    public required string SagaId { get; set; }

    public required string State { get; set; }

    public DateTime StartedUtc { get; set; }

    public DateTime? CompletedUtc { get; set; }

    public string? FailureReason { get; set; }

    /// <summary>JSON array of <see cref="Events.CompensationEntry"/>, oldest first.</summary>
    public string CompensationStackJson { get; set; } = "[]";

    public DateTime UpdatedUtc { get; set; }

    /// <summary>The sequence of the last event applied.</summary>
    public int LastSequence { get; set; }
}
