namespace TemporalSagas.Activities.Orders;

/// <summary>The order saga's business error types (non-retryable).</summary>
public static class OrderErrors
{
    public const string OutOfStock = "OUT_OF_STOCK";
    public const string PrescriptionRejected = "PRESCRIPTION_REJECTED";
}
