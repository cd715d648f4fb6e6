namespace TemporalSagas.Activities.Orders;

public static class OrderSteps
{
    public const string CreateOrder = "CREATE_ORDER";
    public const string CreatePrescription = "CREATE_PRESCRIPTION";
    public const string AwaitPrescriptionApproval = "AWAIT_PRESCRIPTION_APPROVAL";
    public const string ReserveInventory = "RESERVE_INVENTORY";
    public const string InitiateShipment = "INITIATE_SHIPMENT";

    /// <summary>Bookkeeping steps: transitions that have no activity of their own (see <c>RecordTransition</c>).</summary>
    public const string RecordApproval = "RECORD_PRESCRIPTION_APPROVED";
    public const string RecordOutcome = "RECORD_OUTCOME";

    /// <summary>The business steps, in order; fault plans may name these.</summary>
    public static readonly IReadOnlyList<string> All = [CreateOrder, CreatePrescription, AwaitPrescriptionApproval, ReserveInventory, InitiateShipment];
}
