namespace TemporalSagas.Activities;

/// <summary>Stable business error types (DESIGN §6). Failures with these types are never retried.</summary>
public static class SagaErrorTypes
{
    public const string InvalidInput = "INVALID_INPUT";
    public const string InsufficientSeats = "INSUFFICIENT_SEATS";
    public const string InsufficientPoints = "INSUFFICIENT_POINTS";
    public const string PaymentDeclined = "PAYMENT_DECLINED";
    public const string SlotUnavailable = "SLOT_UNAVAILABLE";
    public const string CalcomAuth = "CALCOM_AUTH";
    public const string OutOfStock = "OUT_OF_STOCK";
    public const string PrescriptionRejected = "PRESCRIPTION_REJECTED";
    public const string ReservationNotFound = "RESERVATION_NOT_FOUND";
    public const string SagaTimeout = "SAGA_TIMEOUT";

    /// <summary>A failure requested through fault injection (<c>failAt</c>).</summary>
    public const string SimulatedFailure = "SIMULATED_FAILURE";

    /// <summary>A retryable failure requested through fault injection; retries absorb it.</summary>
    public const string SimulatedTransientFailure = "SIMULATED_TRANSIENT_FAILURE";

    public static readonly IReadOnlyList<string> NonRetryable =
    [
        InvalidInput, InsufficientSeats, InsufficientPoints, PaymentDeclined, SlotUnavailable,
        CalcomAuth, OutOfStock, PrescriptionRejected, ReservationNotFound, SimulatedFailure,
    ];
}
