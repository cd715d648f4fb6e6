namespace TemporalSagas.Activities.Orders;

/// <summary>The order saga's business error types (non-retryable).</summary>
public static class OrderErrors
{
    public const string OutOfStock = "OUT_OF_STOCK";
    public const string PrescriptionRejected = "PRESCRIPTION_REJECTED";

    /// <summary>An approve or reject refused: the prescription was decided already.</summary>
    public const string PrescriptionAlreadyDecided = "PRESCRIPTION_ALREADY_DECIDED";

    /// <summary>An approve or reject refused: the order needs no prescription, or its saga no longer waits for one
    /// (its deadline passed, it was cancelled, it ended).</summary>
    public const string NotAwaitingApproval = "NOT_AWAITING_APPROVAL";
}
