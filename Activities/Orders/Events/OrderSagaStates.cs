namespace TemporalSagas.Activities.Orders.Events;

/// <summary>Values of <c>order_fulfillment_sagas.state</c>, for SQL readers.</summary>
public static class OrderSagaStates
{
    public const string Started = "started";
    public const string AwaitingApproval = "awaiting_approval";
    public const string Approved = "approved";
    public const string InventoryReserved = "inventory_reserved";
    public const string ShipmentInitiated = "shipment_initiated";
    public const string Compensating = "compensating";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string TimedOut = "timed_out";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> Final = [Completed, Failed, TimedOut, Cancelled];

    /// <summary>Ended without fulfilling the order.</summary>
    public static readonly IReadOnlyList<string> Unsuccessful = [Failed, TimedOut, Cancelled];
}
