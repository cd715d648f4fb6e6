namespace TemporalSagas.Activities.Seats;

/// <summary>The seat reservation saga's business error types (non-retryable, except <see cref="DatabaseUnavailable"/>).</summary>
public static class SeatErrors
{
    public const string InsufficientSeats = "INSUFFICIENT_SEATS";

    /// <summary>Confirm or release of a reservation that is unknown, expired, released, already confirmed or closed.</summary>
    public const string ReservationNotFound = "RESERVATION_NOT_FOUND";

    public const string PaymentDeclined = "PAYMENT_DECLINED";

    /// <summary>The payment provider did not answer within the confirm's payment timeout: the seats are released.</summary>
    public const string PaymentTimeout = "PAYMENT_TIMEOUT";

    /// <summary>Why a reservation ended without a confirm: its TTL passed, or its holder released it.</summary>
    public const string ReservationExpired = "RESERVATION_EXPIRED";

    public const string ReservationReleased = "RESERVATION_RELEASED";

    /// <summary>Retryable: the database was locked or could not be opened; the server retries the activity.</summary>
    public const string DatabaseUnavailable = "DATABASE_UNAVAILABLE";
}
